import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@chorus/audit';
import { OrganizationsService } from '@chorus/organizations';
import { IMPORTS_CONFIG, ImportsConfig } from '../imports.config';
import { ImportJob, ImportStatus, stagingTable } from '../entities/import-job.entity';
import { ADD_MEMBERSHIPS, CHUNK_PEOPLE, CHUNK_ROWS, FILL_EXISTING_PEOPLE, INSERT_PEOPLE, LOCK_MERGES, RECORD_ERRORS, RECORD_IMPORTED_CONSENT } from './merge-chunk.sql';

interface Organizations {
  names: string[];
  ids: string[];
}

/**
 * Merges the staged rows of an import into people and memberships. The rows are split into
 * partitions by a hash of the email (set at upload), merged in parallel on their own connections
 * so that PostgreSQL can use more than one core; within a partition, chunk by chunk. Each chunk is
 * one transaction that also advances its partition's cursor under a row lock, so a worker killed
 * at any point can be retried, even concurrently with a stale one: every row is applied exactly
 * once and the counts stay exact. The last partition to finish completes the import.
 */
@Injectable()
export class ImportMergerService {
  private readonly logger = new Logger(ImportMergerService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(IMPORTS_CONFIG) private readonly config: ImportsConfig,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
  ) {}

  async run(importId: string): Promise<void> {
    const job = await this.dataSource.getRepository(ImportJob).findOneBy({ id: importId });
    if (!job || (job.status !== ImportStatus.PENDING && job.status !== ImportStatus.PROCESSING)) return;
    await this.dataSource.query(`UPDATE import_jobs SET status = 'PROCESSING', started_at = coalesce(started_at, now()) WHERE id = $1 AND status = 'PENDING'`, [importId]);
    const organizations = await this.resolveOrganizations(importId);
    const parts: { part: number }[] = await this.dataSource.query(`SELECT part FROM import_progress WHERE import_id = $1 AND NOT done ORDER BY part`, [importId]);
    const results = await Promise.allSettled(parts.map(({ part }) => this.mergePartition(importId, part, organizations)));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    await this.dataSource.transaction((manager) => this.finishIfComplete(manager, importId));
  }

  private async mergePartition(importId: string, part: number, organizations: Organizations): Promise<void> {
    while (await this.dataSource.transaction((manager) => this.mergeNextChunk(manager, importId, part, organizations)));
  }

  /** Merges the partition's next chunk; false once the partition is done. */
  private async mergeNextChunk(manager: EntityManager, importId: string, part: number, organizations: Organizations): Promise<boolean> {
    const [progress] = await manager.query(`SELECT last_row, done FROM import_progress WHERE import_id = $1 AND part = $2 FOR UPDATE`, [importId, part]);
    const [job] = await manager.query(`SELECT status, organization_id FROM import_jobs WHERE id = $1`, [importId]);
    if (!progress || progress.done || job?.status !== ImportStatus.PROCESSING) return false;
    const staging = stagingTable(importId);
    const [range] = await manager.query(
      `SELECT max(row_number) AS last FROM (SELECT row_number FROM ${staging} WHERE part = $1 AND row_number > $2 ORDER BY row_number LIMIT $3) r`,
      [part, progress.last_row, this.config.IMPORTS_CHUNK_ROWS],
    );
    if (range.last === null) {
      await manager.query(`UPDATE import_progress SET done = true WHERE import_id = $1 AND part = $2`, [importId, part]);
      return false;
    }

    // Sorting and hashing a chunk fit in memory; a lost commit is redone from the cursor anyway.
    await manager.query(`SET LOCAL work_mem = '64MB'`);
    await manager.query(`SET LOCAL synchronous_commit = off`);
    await manager.query(`SET LOCAL jit = off`); // compiling costs more than it saves on these plans
    await manager.query(LOCK_MERGES, [part]);
    await manager.query(CHUNK_ROWS(staging), [progress.last_row, range.last, organizations.names, organizations.ids, job.organization_id, part]);
    const [counts] = await manager.query(`SELECT count(*)::int AS rows, count(*) FILTER (WHERE error IS NOT NULL)::int AS failed FROM import_chunk`);
    await manager.query(RECORD_ERRORS, [importId]);
    await manager.query(CHUNK_PEOPLE);
    const [{ created }] = await manager.query(`SELECT count(*) FILTER (WHERE is_new)::int AS created FROM import_people`);
    await manager.query(INSERT_PEOPLE);
    await manager.query(RECORD_IMPORTED_CONSENT, [importId]);
    await manager.query(FILL_EXISTING_PEOPLE);
    await manager.query(ADD_MEMBERSHIPS);
    await manager.query(`UPDATE import_progress SET last_row = $3 WHERE import_id = $1 AND part = $2`, [importId, part, range.last]);
    // Last statement: the import row is shared by the partitions, so hold its lock only briefly.
    await manager.query(
      `UPDATE import_jobs SET created = created + $2, updated = updated + $3, failed = failed + $4 WHERE id = $1`,
      [importId, created, counts.rows - counts.failed - created, counts.failed],
    );
    return true;
  }

  /** Completes the import once every partition is done (whoever gets here last does it). */
  private async finishIfComplete(manager: EntityManager, importId: string): Promise<void> {
    const [job] = await manager.query(`SELECT status, total_rows, organization_id, created_by_user_id, created, updated, failed FROM import_jobs WHERE id = $1 FOR UPDATE`, [importId]);
    const [{ pending }] = await manager.query(`SELECT count(*)::int AS pending FROM import_progress WHERE import_id = $1 AND NOT done`, [importId]);
    if (!job || job.status !== ImportStatus.PROCESSING || pending > 0) return;
    // An unlogged staging table is emptied by a PostgreSQL crash: then the file must be uploaded again.
    const complete = job.created + job.updated + job.failed === job.total_rows;
    await manager.query(`UPDATE import_jobs SET status = $2, failure = $3, finished_at = now() WHERE id = $1`, [importId, complete ? 'DONE' : 'FAILED', complete ? null : 'Staged rows were lost; upload the file again']);
    await manager.query(`DROP TABLE IF EXISTS ${stagingTable(importId)}`);
    await this.audit.record({
      entity: 'import_jobs', entityId: importId, action: complete ? 'import.completed' : 'import.failed', actorUserId: job.created_by_user_id, organizationId: job.organization_id,
      changes: { rows: job.total_rows, created: job.created, updated: job.updated, failed: job.failed, organizationId: job.organization_id },
    }, manager);
    this.logger.log(`Import ${importId} ${complete ? 'done' : 'failed'}: ${job.total_rows} rows, ${job.created} created, ${job.updated} updated, ${job.failed} failed`);
  }

  /** The organizations the file names, looked up once per run (a file names a handful). */
  private async resolveOrganizations(importId: string): Promise<Organizations> {
    const rows: { name: string }[] = await this.dataSource.query(`SELECT DISTINCT lower(organization) AS name FROM ${stagingTable(importId)} WHERE organization IS NOT NULL`);
    const found = await this.organizations.byNames(rows.map((r) => r.name));
    // Keys lowered by PostgreSQL, as CHUNK_ROWS compares them with lower(s.organization).
    return { names: found.map((o) => o.key), ids: found.map((o) => o.id) };
  }

  /**
   * Marks an import that cannot be completed (e.g. its staging table vanished) as FAILED, with the
   * same `import.failed` audit event as an import that ends short. An import already finished
   * keeps its outcome (and is not recorded twice).
   */
  async fail(importId: string, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // An UPDATE … RETURNING answers [rows, count] through TypeORM.
      const [[failed]]: [{ created_by_user_id: string | null; total_rows: number | null; created: number; updated: number; failed: number; organization_id: string | null }[], number] = await manager.query(
        `UPDATE import_jobs SET status = 'FAILED', failure = $2, finished_at = now() WHERE id = $1 AND status NOT IN ('DONE', 'FAILED')
         RETURNING created_by_user_id, total_rows, created, updated, failed, organization_id`,
        [importId, reason],
      );
      await manager.query(`DROP TABLE IF EXISTS ${stagingTable(importId)}`);
      if (!failed) return;
      await this.audit.record({
        entity: 'import_jobs', entityId: importId, action: 'import.failed', actorUserId: failed.created_by_user_id, organizationId: failed.organization_id,
        changes: { reason, rows: failed.total_rows, created: failed.created, updated: failed.updated, failed: failed.failed, organizationId: failed.organization_id },
      }, manager);
    });
  }
}
