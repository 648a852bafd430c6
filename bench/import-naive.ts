import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@chorus/core';
import { Organization } from '@chorus/organizations';
import { Membership, MembershipRole, Person } from '@chorus/people';
import { columnIndexes, ColumnIndexes } from '../libs/imports/src/csv/csv-header';
import { stagePeopleRow } from '../libs/imports/src/csv/people-row';
import type { SyntheticCsv } from './import-csv';

/**
 * The baseline the import is compared with: what one would write first with an ORM. Each row:
 * validate, look the organization up, find the person by email, save them (created or merged),
 * find the membership, save it. Same validation and merge rules as the real import.
 */
export async function naiveImport(databaseUrl: string, csv: SyntheticCsv): Promise<{ seconds: number; rate: number }> {
  const dataSource = new DataSource({
    ...dataSourceOptions(databaseUrl, 2),
    entities: [Person, Membership, Organization],
  });
  await dataSource.initialize();
  const people = dataSource.getRepository(Person);
  const memberships = dataSource.getRepository(Membership);
  const organizations = dataSource.getRepository(Organization);
  const started = performance.now();
  let columns: ColumnIndexes | null = null;
  for await (const record of Readable.from(csv.chunks()).pipe(parse({ relax_column_count: true })) as AsyncIterable<
    string[]
  >) {
    if (!columns) {
      columns = columnIndexes(record);
      continue;
    }
    const row = stagePeopleRow(record, columns);
    if (row.error) continue;
    const organization = row.organization
      ? await organizations
          .createQueryBuilder('o')
          .where('lower(o.name) = lower(:name)', { name: row.organization })
          .getOne()
      : null;
    let person = await people
      .createQueryBuilder('p')
      .where('lower(p.email::text) = lower(:email)', { email: row.email })
      .getOne(); // by the unique email index
    const tags = row.tags ? row.tags.split(';') : [];
    if (!person) person = people.create({ email: row.email, firstName: row.firstName, lastName: row.lastName, tags });
    else {
      person.lastName ||= row.lastName;
      person.tags = [...new Set([...person.tags, ...tags])];
    }
    person = await people.save(person);
    if (organization && !(await memberships.findOneBy({ personId: person.id, organizationId: organization.id }))) {
      await memberships.save(
        memberships.create({
          personId: person.id,
          organizationId: organization.id,
          role: (row.role as MembershipRole) ?? MembershipRole.MEMBER,
        }),
      );
    }
  }
  const seconds = (performance.now() - started) / 1000;
  await dataSource.destroy();
  return { seconds, rate: csv.rows / seconds };
}
