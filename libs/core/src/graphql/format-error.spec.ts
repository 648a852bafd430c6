import { buildSchema, parse, validate } from 'graphql';
import { fieldsFromGraphqlMessage, fieldsFromLiteral, formatGraphqlError } from './format-error';

describe('fieldsFromGraphqlMessage', () => {
  it('names the field inside a variable', () => {
    expect(
      fieldsFromGraphqlMessage(
        'Variable "$input" got invalid value "X" at "input.kind"; Value "X" does not exist in "OrganizationKind" enum.',
      ),
    ).toEqual({
      kind: 'Value "X" does not exist in "OrganizationKind" enum.',
    });
  });

  it('names a missing required field', () => {
    expect(
      fieldsFromGraphqlMessage(
        'Variable "$input" got invalid value { kind: "UNION" }; Field "name" of required type "String!" was not provided.',
      ),
    ).toEqual({ name: 'is required' });
  });

  it('names nested paths without the variable name', () => {
    expect(
      fieldsFromGraphqlMessage('Variable "$i" got invalid value "x" at "i.audience.tags[0]"; Expected type "String".'),
    ).toEqual({ 'audience.tags[0]': 'Expected type "String".' });
  });
});

describe('fieldsFromLiteral', () => {
  const schema = buildSchema(`
    enum Kind { UNION NGO }
    input OrgInput { name: String! kind: Kind! address: AddressInput }
    input AddressInput { city: String! zip: Int }
    type Query { orgs(first: Int, search: String): [String] }
    type Mutation { createOrg(input: OrgInput!): String }
  `);
  const fieldsOf = (query: string) => {
    const [error] = validate(schema, parse(query));
    return fieldsFromLiteral(error, error.message);
  };

  it('names an inline argument of the wrong type', () => {
    expect(fieldsOf('{ orgs(search: "x", first: "ten") }')).toEqual({
      first: 'Int cannot represent non-integer value: "ten"',
    });
  });

  it('names an unknown enum value inside an inline input by its path', () => {
    expect(fieldsOf('mutation { createOrg(input: { name: "A", kind: CARTEL }) }')).toEqual({
      kind: expect.stringContaining('CARTEL'),
    });
    expect(
      fieldsOf('mutation { createOrg(input: { name: "A", kind: NGO, address: { city: "B", zip: "x" } }) }'),
    ).toEqual({ 'address.zip': expect.stringContaining('"x"') });
  });

  it('names a missing required field without its type name', () => {
    expect(fieldsOf('mutation { createOrg(input: { kind: NGO }) }')).toEqual({ name: 'is required' });
    expect(fieldsOf('mutation { createOrg(input: { name: "A", kind: NGO, address: {} }) }')).toEqual({
      'address.city': 'is required',
    });
  });

  it('leaves errors about variables to the message', () => {
    expect(fieldsFromLiteral(new Error('x'), 'Variable "$i" got invalid value')).toBeNull();
  });
});

describe('suggestions', () => {
  const schema = buildSchema(`
    enum Kind { UNION NGO }
    type Query { orgs(kind: Kind): [String] }
  `);

  it('hides graphql-js suggestions of enum values and fields, in the message and in fields', () => {
    const [enumError] = validate(schema, parse('{ orgs(kind: UNIO) }'));
    expect(enumError.message).toMatch(/Did you mean the enum value "UNION"/); // what graphql-js says
    const formatted = formatGraphqlError(
      { message: enumError.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
      enumError,
      () => 'ref',
    );
    expect(JSON.stringify(formatted)).not.toMatch(/UNION|NGO|Did you mean/);
    expect(formatted.message).toMatch(/\[Suggestion hidden\]/);
    expect(formatted.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { kind: expect.any(String) } });

    const [fieldError] = validate(schema, parse('{ org }'));
    expect(fieldError.message).toMatch(/Did you mean "orgs"/);
    const field = formatGraphqlError(
      { message: fieldError.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
      fieldError,
      () => 'ref',
    );
    expect(JSON.stringify(field)).not.toMatch(/orgs|Did you mean/);
  });
});
