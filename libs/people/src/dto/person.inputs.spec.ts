import { createValidationPipe } from '@chorus/core';
import { CreatePersonInput, UpdatePersonInput } from './person.inputs';

async function fieldsOf(metatype: new () => object, value: object): Promise<Record<string, string> | null> {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype });
    return null;
  } catch (error) {
    return (error as { fields: Record<string, string> }).fields;
  }
}

describe('person inputs', () => {
  it('refuse a tag containing ";" (a CSV export → import would split it in two), naming the field', async () => {
    const message = 'must not contain ";" (it separates tags in CSV imports and exports)';
    expect(await fieldsOf(CreatePersonInput, { email: 'a@b.org', firstName: 'A', tags: ['ok', 'a;b'] })).toEqual({
      tags: message,
    });
    expect(await fieldsOf(UpdatePersonInput, { tags: ['x;'] })).toEqual({ tags: message });
    expect(await fieldsOf(CreatePersonInput, { email: 'a@müller.de', firstName: 'A', tags: ['a, b', 'c'] })).toBeNull();
  });
});

describe('person text inputs', () => {
  const transformed = (metatype: new () => object, value: object) =>
    createValidationPipe().transform(value, { type: 'body', metatype }) as Promise<Record<string, unknown>>;

  it('trim names and make whitespace-only optional text null (a required one stays for "must not be blank")', async () => {
    expect(
      await transformed(CreatePersonInput, {
        email: 'a@b.org',
        firstName: ' Ada ',
        lastName: ' \t ',
        phone: ' +1 555 ',
        consentText: '  ',
      }),
    ).toMatchObject({ firstName: 'Ada', lastName: null, phone: '+1 555', consentText: null });
    expect(await transformed(UpdatePersonInput, { lastName: '  Lovelace ' })).toMatchObject({ lastName: 'Lovelace' });
    expect(await fieldsOf(UpdatePersonInput, { firstName: '   ' })).toEqual({ firstName: 'must not be blank' });
  });
});
