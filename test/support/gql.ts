import { ADMIN } from './app';

export interface GqlResult<T = any> {
  data?: T;
  errors?: { message: string; path?: string[]; extensions: { code: string; fields?: Record<string, string> } }[];
}

/** Posts one GraphQL operation to a running API. */
export async function gql<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GqlResult<T>> {
  return (await gqlWithStatus<T>(url, query, variables, token)).body;
}

/** Like gql, with the HTTP status of the answer (limits and input errors are 400). */
export async function gqlWithStatus<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<{ status: number; body: GqlResult<T> }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GqlResult<T> };
}

/** Like gql, but fails the test on any error and returns the data. */
export async function gqlOk<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<T> {
  const result = await gql<T>(url, query, variables, token);
  if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data as T;
}

/** The code of the first error (or 'OK'), for table-driven assertions. */
export const outcomeOf = (result: GqlResult): string => result.errors?.[0]?.extensions?.code ?? 'OK';

export async function login(url: string, email: string, password: string): Promise<string> {
  const data = await gqlOk<{ login: { accessToken: string } }>(
    url,
    'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
    { e: email, p: password },
  );
  return data.login.accessToken;
}

export const loginAdmin = (url: string) => login(url, ADMIN.email, ADMIN.password);
