import { fieldsFromGraphqlMessage } from './format-error';

describe('fieldsFromGraphqlMessage', () => {
  it('names the field inside a variable', () => {
    expect(fieldsFromGraphqlMessage('Variable "$input" got invalid value "X" at "input.kind"; Value "X" does not exist in "OrganizationKind" enum.')).toEqual({
      kind: 'Value "X" does not exist in "OrganizationKind" enum.',
    });
  });

  it('names a missing required field', () => {
    expect(fieldsFromGraphqlMessage('Variable "$input" got invalid value { kind: "UNION" }; Field "name" of required type "String!" was not provided.')).toEqual({ name: 'is required' });
  });

  it('names nested paths without the variable name', () => {
    expect(fieldsFromGraphqlMessage('Variable "$i" got invalid value "x" at "i.audience.tags[0]"; Expected type "String".')).toEqual({ 'audience.tags[0]': 'Expected type "String".' });
  });
});
