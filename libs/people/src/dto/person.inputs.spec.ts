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
