import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { Actor, badInput, BadInputError, ConflictError, isUniqueViolation, JobQueue } from '@chorus/core';
import { AuditService } from '@chorus/audit';
import { OrganizationsService } from '@chorus/organizations';
import { PERSON_ALIAS, PeopleService } from '@chorus/people';
import { managingOrganization } from '../works.service';
import { LookupCache } from '../publication/lookup-cache';
import { parseWorkRow, RowError, WORKS_CSV_COLUMNS, WorkRow } from './works-csv-row';
import { CHECK_FILE_SQL, CHECK_SQL, MARK_MERGED_SQL, MATCH_SQL, WORKS_MERGE_SQL } from './works-merge.sql';

const EMAIL_BATCH = 1000;

export type ImportReservation = 'REQUEST' | 'ATTEST' | 'NONE';

export interface WorksImportResult {
  created: number;
  updated: number;
  failed: number;
  errors: RowError[];
  /** Creator-wide reservations created PENDING (one confirmation email each) or ATTESTED. */
  reservationsRequested: number;
  reservationsAttested: number;
}

const COPY_COLUMNS = [
  'row_number',
  'title',
  'kind',
  'creator_person_id',
  'isrc',
  'iswc',
  'isbn',
  'isni',
  'url',
  'key_scheme',
  'key_value',
];
const copyText = (value: string | null) =>
  value === null
    ? '\\N'
    : value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);

/**
 * The works CSV import of an organization: rows are checked (identifiers with their check
 * digits), creators resolved by email among the people the actor may see, then COPYed into a
 * temporary staging table and merged set-based in one transaction: a row whose key (the first
 * of ISRC, ISWC, ISBN, URL) the organization already registered updates that work, others insert;
 * a row naming an identifier another work holds (of any organization) is refused.
 * Every bad row is reported with its number and field; nothing valid is lost because of it.
 * Optionally each creator gets a creator-wide reservation: requested by email or attested.
 */
@Injectable()
export class WorksImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly people: PeopleService,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
    private readonly cache: LookupCache,
  ) {}

  async import(
    actor: Actor,
    body: Readable,
    options: { organizationId?: string; reservation: ImportReservation },
  ): Promise<WorksImportResult> {
    const organizationId = managingOrganization(actor, options.organizationId);
    if (!(await this.organizations.find(organizationId)))
      badInput('organizationId', 'is not an organization of the coalition');
    const { rows, errors } = await this.readRows(body);
    const valid = await this.resolveCreators(actor, rows, errors);

    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      await runner.startTransaction();
      await runner.query(
        `CREATE TEMP TABLE registry_works_staging (row_number integer, id uuid NOT NULL DEFAULT chorus_uuid_v7(), title text, kind text, creator_person_id uuid, isrc text, iswc text, isbn text, isni text, url text, key_scheme text, key_value text, work_id uuid, target_id uuid, error_field text, error_message text) ON COMMIT DROP`,
      );
      const lines = valid.map(
        (r) =>
          [
            r.row,
            r.title,
            r.kind,
            r.creatorPersonId,
            r.isrc,
            r.iswc,
            r.isbn,
            r.isni,
            r.url,
            r.keyScheme,
            r[r.keyScheme],
          ]
            .map((v) => copyText(v === null ? null : String(v)))
            .join('\t') + '\n',
      );
      await pipeline(
        Readable.from(lines),
        client.query(copyFrom(`COPY registry_works_staging (${COPY_COLUMNS.join(', ')}) FROM STDIN`)),
      );
      await runner.query(MATCH_SQL, [organizationId]);
      await runner.query(CHECK_SQL, [organizationId]);
      await runner.query(CHECK_FILE_SQL);
      const [merged] = await runner.query(WORKS_MERGE_SQL, [organizationId]);
      await runner.query(MARK_MERGED_SQL);
      const refused: { row_number: number; field: string; message: string }[] = await runner.query(
        `SELECT row_number, coalesce(error_field, key_scheme) AS field,
                coalesce(error_message, 'an identifier of this row was registered meanwhile by another work') AS message
         FROM registry_works_staging WHERE work_id IS NULL ORDER BY row_number`,
      );
      for (const { row_number, field, message } of refused) errors.push({ row: row_number, field, message });
      const reservations = await this.reserve(runner.manager, actor, organizationId, options.reservation);
      const result = {
        created: Number(merged.created),
        updated: Number(merged.updated),
        failed: errors.length,
        reservationsRequested: reservations.requested.length,
        reservationsAttested: reservations.attested,
      };
      await this.audit.record(
        { entity: 'registry_works', action: 'import', changes: { organizationId, ...result } },
        runner.manager,
      );
      await runner.commitTransaction();
      this.cache.invalidate();
      for (const id of reservations.requested)
        await this.jobs.enqueue(
          'registry.reservation-confirmation',
          { reservationId: id.id },
          { jobId: `registry-reservation-confirmation-${id.id}-${new Date(id.updated_at).getTime()}` },
        );
      return { ...result, errors: errors.sort((a, b) => a.row - b.row) };
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      // Only a registration committed during the merge can still collide with an update.
      if (isUniqueViolation(error))
        throw new ConflictError('A work of the file was registered meanwhile: send the file again', {
          file: 'collided with a concurrent registration',
        });
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** Parses the CSV (header names in any order); later rows with the same key replace earlier ones. */
  private async readRows(body: Readable): Promise<{ rows: WorkRow[]; errors: RowError[] }> {
    const errors: RowError[] = [];
    const byKey = new Map<string, WorkRow>();
    const parser = body.pipe(
      parse({
        columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
        bom: true,
        skip_empty_lines: true,
        relax_column_count: true,
        info: true,
        max_record_size: 1024 * 1024,
      }),
    );
    try {
      for await (const { record, info } of parser as AsyncIterable<{
        record: Record<string, string>;
        info: { lines: number };
      }>) {
        const row = info.lines;
        const parsed = parseWorkRow(row, record);
        if ('message' in parsed) {
          errors.push(parsed);
          continue;
        }
        const key = `${parsed.keyScheme}:${parsed[parsed.keyScheme]}`;
        const earlier = byKey.get(key);
        if (earlier)
          errors.push({
            row: earlier.row,
            field: parsed.keyScheme,
            message: `is repeated on row ${row}, which replaces this row`,
          });
        byKey.set(key, parsed);
      }
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('CSV_'))
        throw new BadInputError({ file: `is not valid CSV: ${(error as Error).message}` });
      throw error;
    }
    if (!byKey.size && !errors.length)
      badInput('file', `has no rows; expected a header with ${WORKS_CSV_COLUMNS.join(', ')}`);
    return { rows: [...byKey.values()], errors };
  }

  /** Creators by email among the people the actor may see (the people area's scoped query). */
  private async resolveCreators(
    actor: Actor,
    rows: WorkRow[],
    errors: RowError[],
  ): Promise<(WorkRow & { creatorPersonId: string | null })[]> {
    const emails = [...new Set(rows.flatMap((r) => (r.creatorEmail ? [r.creatorEmail.toLowerCase()] : [])))];
    const ids = new Map<string, string>();
    for (let i = 0; i < emails.length; i += EMAIL_BATCH) {
      const batch = emails.slice(i, i + EMAIL_BATCH);
      const people = await this.people
        .query(actor)
        .andWhere(`lower(${PERSON_ALIAS}.email::text) IN (:...emails)`, { emails: batch })
        .getMany();
      for (const person of people) ids.set(person.email.toLowerCase(), person.id);
    }
    const valid: (WorkRow & { creatorPersonId: string | null })[] = [];
    for (const row of rows) {
      const creatorPersonId = row.creatorEmail ? ids.get(row.creatorEmail.toLowerCase()) : null;
      if (creatorPersonId === undefined)
        errors.push({ row: row.row, field: 'creator_email', message: 'is not a person of your organization' });
      else valid.push({ ...row, creatorPersonId });
    }
    return valid;
  }

  private async reserve(
    manager: DataSource['manager'],
    actor: Actor,
    organizationId: string,
    mode: ImportReservation,
  ): Promise<{ requested: { id: string; updated_at: string }[]; attested: number }> {
    if (mode === 'NONE') return { requested: [], attested: 0 };
    const attest = mode === 'ATTEST';
    // Creators of the file without a reservation of this organization get a creator-wide one.
    const inserted: { id: string; updated_at: string }[] = await manager.query(
      `INSERT INTO registry_reservations (organization_id, creator_person_id, status, attested_by_user_id)
       SELECT DISTINCT $1::uuid, creator_person_id, $2, $3::uuid FROM registry_works_staging WHERE creator_person_id IS NOT NULL AND work_id IS NOT NULL
       ON CONFLICT DO NOTHING RETURNING id, updated_at`,
      [organizationId, attest ? 'ATTESTED' : 'PENDING', attest ? actor.userId : null],
    );
    // Each new reservation is audited like one made through the API.
    await this.audit.recordMany(
      inserted.map(({ id }) => ({
        entity: 'registry_reservations' as const,
        entityId: id,
        action: 'create',
        changes: { after: { organizationId, status: attest ? 'ATTESTED' : 'PENDING', source: 'works import' } },
      })),
      manager,
    );
    return attest ? { requested: [], attested: inserted.length } : { requested: inserted, attested: 0 };
  }
}
