import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, groupByKey, isAdmin } from '@chorus/core';
import { AuditService } from '@chorus/audit';
import { membershipRowsOf, PeopleService, PERSON_ALIAS, PersonFilter } from '@chorus/people';
import { PEOPLE_COLUMNS } from '../csv/csv-header';
import { csvLine } from './csv-line';

const BATCH = 2000;

/**
 * The people an actor may see (the same scoped, filtered query as `people`), as CSV lines in the
 * import's columns: one line per membership (a person without one gets one line), so that
 * importing the file again restores every membership. ORG_STAFF see only their organization's
 * memberships. Read in keyset batches: memory stays flat whatever the size. The `export.people`
 * audit event is recorded when the generator ends, completed or not (`completed`, `rows`).
 */
@Injectable()
export class PeopleExportService {
  constructor(
    private readonly people: PeopleService,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async *lines(actor: Actor, filter: PersonFilter | null): AsyncGenerator<string> {
    const query = this.people.query(actor, filter); // throws FORBIDDEN before anything is sent
    let rows = 0;
    let completed = false;
    try {
      yield `\uFEFF${csvLine([...PEOPLE_COLUMNS])}`;
      let after: string | null = null;
      for (;;) {
        const page = query
          .clone()
          .select([
            `${PERSON_ALIAS}.id`,
            `${PERSON_ALIAS}.email`,
            `${PERSON_ALIAS}.firstName`,
            `${PERSON_ALIAS}.lastName`,
            `${PERSON_ALIAS}.tags`,
          ]);
        if (after) page.andWhere(`${PERSON_ALIAS}.id > :exportAfter`, { exportAfter: after });
        const people = await page.orderBy(`${PERSON_ALIAS}.id`, 'ASC').limit(BATCH).getMany();
        if (people.length === 0) break;
        const memberships = await this.membershipsOf(
          actor,
          people.map((p) => p.id),
        );
        let chunk = '';
        let chunkRows = 0;
        for (const [i, person] of people.entries()) {
          const tags = person.tags.join(';');
          const own = memberships[i].length ? memberships[i] : [{ organization: '', role: '' }];
          for (const m of own)
            chunk += csvLine([person.email, person.firstName, person.lastName, m.organization, m.role, tags]);
          chunkRows += own.length;
        }
        yield chunk;
        rows += chunkRows; // counted once the response took the chunk
        after = people[people.length - 1].id;
      }
      completed = true;
    } finally {
      // Also when the download was cut off (client gone, database error): a partial export still
      // took people's data out, so the trail says how many rows and that it did not complete.
      await this.audit.record({
        entity: 'people',
        action: 'export.people',
        actorUserId: actor.userId,
        changes: { rows, completed, filter: filter ?? {} },
      });
    }
  }

  /** The memberships of each person, in the order of `personIds` (by organization name). */
  private async membershipsOf(actor: Actor, personIds: string[]): Promise<{ organization: string; role: string }[][]> {
    const rows = await membershipRowsOf(
      this.dataSource.manager,
      personIds,
      isAdmin(actor) ? null : actor.organizationId,
    );
    return groupByKey(personIds, rows, (row) => row.person_id);
  }
}
