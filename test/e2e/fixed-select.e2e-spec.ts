// FixedSelect (core): the loaders' batches by ids run SQL made once, and give the same entities
// as TypeORM's own query would.
import { DataSource } from 'typeorm';
import { FixedSelect } from '@chorus/core';
import { Organization } from '@chorus/organizations';
import { startApi, testEnv, RunningApi } from '../support/app';
import { loginAdmin } from '../support/gql';
import { createOrganization } from '../support/fixtures';

describe('FixedSelect', () => {
  let api: RunningApi;
  let dataSource: DataSource;
  let ids: string[];

  beforeAll(async () => {
    api = await startApi(testEnv());
    dataSource = api.app.get(DataSource);
    const admin = await loginAdmin(api.url);
    ids = [(await createOrganization(api.url, admin)).id, (await createOrganization(api.url, admin)).id];
    await dataSource.query(`UPDATE organizations SET joined_on = '2024-02-29', website = NULL WHERE id = $1`, [ids[0]]);
  });
  afterAll(() => api.close());

  it('builds its SQL once and answers each call with the entities TypeORM itself would load', async () => {
    const repository = dataSource.getRepository(Organization);
    const build = jest.fn(() => repository.createQueryBuilder('o').where('o.id = ANY($1)').orderBy('o.name'));
    const select = new FixedSelect(build);

    const both = await select.entities([ids]);
    const first = await select.entities([[ids[0]]]);
    const none = await select.entities([['00000000-0000-4000-8000-000000000000']]);

    expect(build).toHaveBeenCalledTimes(1);
    const expected = await repository.createQueryBuilder('o').whereInIds(ids).orderBy('o.name').getMany();
    expect(both).toEqual(expected);
    expect(both.every((o) => o instanceof Organization)).toBe(true);
    expect(first).toEqual(expected.filter((o) => o.id === ids[0]));
    expect(first[0].createdAt).toBeInstanceOf(Date);
    expect(first[0].joinedOn).toBe('2024-02-29');
    expect(none).toEqual([]);
  });

  it('refuses named parameters, whose values it could not pass again', async () => {
    const select = new FixedSelect(() =>
      dataSource.getRepository(Organization).createQueryBuilder('o').where('o.id = :id', { id: ids[0] }),
    );
    await expect(select.entities([])).rejects.toThrow(/positional parameters/);
  });
});
