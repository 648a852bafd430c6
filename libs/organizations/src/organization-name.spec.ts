import { createValidationPipe } from '@chorus/core';
import { CreateOrganizationInput, UpdateOrganizationInput } from './dto/organization.inputs';
import { normalizeOrganizationName } from './organization-name';

describe('organization names', () => {
  it('are trimmed with every run of whitespace one space', () => {
    expect(normalizeOrganizationName(' QA  Union\t\n')).toBe('QA Union');
    expect(normalizeOrganizationName('QA\u00a0 Union')).toBe('QA Union');
  });

  it('are normalized by the inputs; a whitespace-only name is still refused as blank', async () => {
    const pipe = createValidationPipe();
    const created = await pipe.transform(
      { name: ' qa   union ', kind: 'UNION' },
      { type: 'body', metatype: CreateOrganizationInput },
    );
    expect(created).toMatchObject({ name: 'qa union' });
    const updated = await pipe.transform({ name: 'A  B' }, { type: 'body', metatype: UpdateOrganizationInput });
    expect(updated).toMatchObject({ name: 'A B' });
    await expect(
      pipe.transform({ name: '   ', kind: 'UNION' }, { type: 'body', metatype: CreateOrganizationInput }),
    ).rejects.toMatchObject({ fields: { name: 'must not be blank' } });
  });
});
