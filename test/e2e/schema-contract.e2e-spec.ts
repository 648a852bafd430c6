// The served schema must contain the contract (../shared/docs/api-contract.graphql) with the same
// names and types, for every part implemented so far (listed in ./contract/).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isObjectType,
  GraphQLNamedType,
  GraphQLObjectType,
} from 'graphql';
import { ROOT, startApi, testEnv, RunningApi } from '../support/app';
import { implementedContract } from './contract';

// The contract lives in the coalition's shared docs, beside this repository.
const contractPath = join(ROOT, '..', 'shared', 'docs', 'api-contract.graphql');
if (!existsSync(contractPath))
  throw new Error(`The API contract is missing: expected ${contractPath} (shared/ beside the repository)`);

/** Differences between a contract type and the served one (missing fields, other types). */
function differences(
  contract: GraphQLNamedType,
  served: GraphQLNamedType | undefined,
  onlyFields?: string[],
): string[] {
  if (!served) return [`type ${contract.name} is missing`];
  if (isEnumType(contract)) {
    if (!isEnumType(served)) return [`${contract.name} is not an enum`];
    const values = new Set(served.getValues().map((v) => v.name));
    return contract
      .getValues()
      .filter((v) => !values.has(v.name))
      .map((v) => `${contract.name}.${v.name} is missing`);
  }
  if (isObjectType(contract) || isInputObjectType(contract)) {
    if (!(isObjectType(served) || isInputObjectType(served))) return [`${contract.name} is of another kind`];
    const servedFields = served.getFields();
    const problems: string[] = [];
    for (const field of Object.values(contract.getFields())) {
      if (onlyFields && !onlyFields.includes(field.name)) continue;
      const other = servedFields[field.name];
      if (!other) {
        problems.push(`${contract.name}.${field.name} is missing`);
        continue;
      }
      if (String(other.type) !== String(field.type))
        problems.push(`${contract.name}.${field.name} is ${String(other.type)}, contract says ${String(field.type)}`);
      if ('args' in field && 'args' in other) {
        for (const arg of field.args) {
          const servedArg = other.args.find((a) => a.name === arg.name);
          if (!servedArg) problems.push(`${contract.name}.${field.name}(${arg.name}) is missing`);
          else if (String(servedArg.type) !== String(arg.type))
            problems.push(
              `${contract.name}.${field.name}(${arg.name}) is ${String(servedArg.type)}, contract says ${String(arg.type)}`,
            );
        }
      }
    }
    return problems;
  }
  return served.constructor === contract.constructor ? [] : [`${contract.name} is of another kind`];
}

describe('schema contract', () => {
  let api: RunningApi;
  let served: GraphQLSchema;
  const contract = buildSchema(readFileSync(contractPath, 'utf8'));

  beforeAll(async () => {
    api = await startApi(testEnv());
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: getIntrospectionQuery() }),
    });
    served = buildClientSchema(((await response.json()) as { data: never }).data);
  });
  afterAll(() => api.close());

  it('contains every implemented contract type and operation, with the contract’s names and types', () => {
    const problems: string[] = [];
    for (const name of implementedContract) {
      const [typeName, field] = name.split('.');
      const contractType = contract.getType(typeName);
      if (!contractType) {
        problems.push(`${name} is not in the contract`);
        continue;
      }
      problems.push(...differences(contractType, served.getType(typeName), field ? [field] : undefined));
    }
    expect(problems).toEqual([]);
  });

  it('implements the whole contract: every type and operation is listed above', () => {
    const builtIn = ['String', 'Int', 'Float', 'Boolean', 'ID'];
    const names = Object.values(contract.getTypeMap())
      .filter((t) => !t.name.startsWith('__') && !builtIn.includes(t.name))
      .flatMap((t) =>
        t.name === 'Query' || t.name === 'Mutation'
          ? Object.keys((t as GraphQLObjectType).getFields()).map((f) => `${t.name}.${f}`)
          : [t.name],
      );
    expect(names.filter((name) => !implementedContract.includes(name))).toEqual([]);
  });

  it('serves nothing that contradicts the contract where both have it', () => {
    const problems: string[] = [];
    for (const type of Object.values(contract.getTypeMap())) {
      if (type.name.startsWith('__') || ['Query', 'Mutation'].includes(type.name)) continue;
      const other = served.getType(type.name);
      if (other)
        problems.push(
          ...differences(type, other).filter(
            (p) => !p.endsWith('is missing') || implementedContract.includes(type.name),
          ),
        );
    }
    for (const root of ['Query', 'Mutation'] as const) {
      const servedRoot = root === 'Query' ? served.getQueryType()! : served.getMutationType()!;
      const contractRoot = root === 'Query' ? contract.getQueryType()! : contract.getMutationType()!;
      const present = Object.keys(contractRoot.getFields()).filter((f) => f in servedRoot.getFields());
      problems.push(...differences(contractRoot, servedRoot, present));
    }
    expect(problems).toEqual([]);
  });
});
