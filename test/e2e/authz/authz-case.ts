import type { World } from '../../support/fixtures';

export type Caller = 'anonymous' | 'admin' | 'staffA' | 'press';
export type Outcome = 'OK' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT';

/** One row of the authorization table: an operation and what each caller must get. */
export interface AuthzCase {
  name: string;
  query: string;
  /** Called once per caller, so that creations can use fresh names. */
  variables?: () => Record<string, unknown>;
  expect: Record<Caller, Outcome>;
}

/** An area's rows; `setup` may create what the rows refer to (e.g. a person of orgB). */
export interface AuthzArea<Ctx = unknown> {
  area: string;
  setup?: (url: string, world: World) => Promise<Ctx>;
  cases: (ctx: Ctx, world: World) => AuthzCase[];
}

export const everyoneSignedIn = (anonymous: Outcome = 'UNAUTHENTICATED'): Record<Caller, Outcome> => ({
  anonymous,
  admin: 'OK',
  staffA: 'OK',
  press: 'OK',
});
