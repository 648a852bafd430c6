import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@chorus/audit';
import { OrganizationsService } from '@chorus/organizations';
import { IMPORTS_CONFIG, ImportsConfig } from '../imports.config';
import { ImportJob, ImportStatus, stagingTable } from '../entities/import-job.entity';
import { addCounts, markProcessing, mergeChunk, nextChunkEnd, OrganizationNames } from './chunk-merge';
import { StreamedPartition } from './streamed-partition';

/**
 * Merges the staged rows of an import into people and memberships. The rows are split into
 * partitions by a hash of the email (set at upload), merged in parallel on their own connections
 * so that PostgreSQL can use more than one core; within a partition, chunk by chunk. While the
 * upload still streams (RECEIVING), each partition merges the chunks staged so far in one open
 * transaction (see StreamedPartition), committed only once the whole file is staged and rolled
 * back if the upload breaks, so a refused file still changes nothing. After that, each chunk is
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
    if (!job || ![ImportStatus.RECEIVING, ImportStatus.PENDING, ImportStatus.PROCESSING].includes(job.status)) return;
    const names = new OrganizationNames(this.organizations);
    // Not merging along: the API queues the job again once the upload is complete.
    if (job.status === ImportStatus.RECEIVING && this.config.IMPORTS_MERGE_WHILE_UPLOADING === 'false') return;
    if (job.status === ImportStatus.RECEIVING) {
      const outcome = await this.settle(job.partitions, (part) =>
        new StreamedPartition(this.dataSource, this.config, importId, part, names, this.audit).run(),
      );
      if (outcome.includes('interrupted'))
        return this.fail(importId, 'The upload was interrupted; upload the file again');
      if (outcome.includes('refused')) return; // the API removes a refused upload
    }
    await markProcessing(this.dataSource.manager, importId);
    const parts: { part: number }[] = await this.dataSource.query(
      `SELECT part FROM import_progress WHERE import_id = $1 AND NOT done ORDER BY part`,
      [importId],
    );
    await this.settle(parts.length, (i) => this.mergePartition(importId, parts[i].part, names));
    await this.dataSource.transaction((manager) => this.finishIfComplete(manager, importId));
  }

  /** Runs one task per partition in parallel; the first failure is thrown once all have settled. */
  private async settle<T>(count: number, task: (part: number) => Promise<T>): Promise<T[]> {
    const results = await Promise.allSettled(Array.from({ length: count }, (_, part) => task(part)));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    return results.map((r) => (r as PromiseFulfilledResult<T>).value);
  }

  private async mergePartition(importId: string, part: number, names: OrganizationNames): Promise<void> {
    while (await this.dataSource.transaction((manager) => this.mergeNextChunk(manager, importId, part, names)));
  }

  /** Merges the partition's next chunk; false once the partition is done. */
  private async mergeNextChunk(
    manager: EntityManager,
    importId: string,
    part: number,
    names: OrganizationNames,
  ): Promise<boolean> {
    const [progress] = await manager.query(
      `SELECT last_row, done FROM import_progress WHERE import_id = $1 AND part = $2 FOR UPDATE`,
      [importId, part],
    );
    const [job] = await manager.query(
      `SELECT status, organization_id, created_by_user_id FROM import_jobs WHERE id = $1`,
      [importId],
    );
    if (!progress || progress.done || job?.status !== ImportStatus.PROCESSING) return false;
    const last = await nextChunkEnd(manager, importId, part, progress.last_row, this.config.IMPORTS_CHUNK_ROWS);
    if (last === null) {
      await manager.query(`UPDATE import_progress SET done = true WHERE import_id = $1 AND part = $2`, [
        importId,
        part,
      ]);
      return false;
    }
    const counts = await mergeChunk(
      manager,
      {
        importId,
        part,
        after: progress.last_row,
        last,
        organizationId: job.organization_id,
        createdBy: job.created_by_user_id,
      },
      names,
      this.audit,
    );
    await manager.query(`UPDATE import_progress SET last_row = $3 WHERE import_id = $1 AND part = $2`, [
      importId,
      part,
      last,
    ]);
    // Last statement: the import row is shared by the partitions, so hold its lock only briefly.
    await addCounts(manager, importId, counts);
    return true;
  }

  /** Completes the import once every partition is done (whoever gets here last does it). */
  private async finishIfComplete(manager: EntityManager, importId: string): Promise<void> {
    const [job] = await manager.query(
      `SELECT status, total_rows, organization_id, created_by_user_id, created, updated, failed, lawful_basis FROM import_jobs WHERE id = $1 FOR UPDATE`,
      [importId],
    );
    const [{ pending }] = await manager.query(
      `SELECT count(*)::int AS pending FROM import_progress WHERE import_id = $1 AND NOT done`,
      [importId],
    );
    if (!job || job.status !== ImportStatus.PROCESSING || pending > 0) return;
    // An unlogged staging table is emptied by a PostgreSQL crash: then the file must be uploaded again.
    const complete = job.created + job.updated + job.failed === job.total_rows;
    await manager.query(`UPDATE import_jobs SET status = $2, failure = $3, finished_at = now() WHERE id = $1`, [
      importId,
      complete ? 'DONE' : 'FAILED',
      complete ? null : 'Staged rows were lost; upload the file again',
    ]);
    await manager.query(`DROP TABLE IF EXISTS ${stagingTable(importId)}`);
    await this.audit.record(
      {
        entity: 'import_jobs',
        entityId: importId,
        action: complete ? 'import.completed' : 'import.failed',
        actorUserId: job.created_by_user_id,
        organizationId: job.organization_id,
        changes: {
          rows: job.total_rows,
          created: job.created,
          updated: job.updated,
          failed: job.failed,
          organizationId: job.organization_id,
          lawfulBasis: job.lawful_basis,
        },
      },
      manager,
    );
    this.logger.log(
      `Import ${importId} ${complete ? 'done' : 'failed'}: ${job.total_rows} rows, ${job.created} created, ${job.updated} updated, ${job.failed} failed`,
    );
  }

  /**
   * Marks an import that cannot be completed (e.g. its staging table vanished) as FAILED, with the
   * same `import.failed` audit event as an import that ends short. An import already finished
   * keeps its outcome (and is not recorded twice).
   */
  async fail(importId: string, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // An UPDATE … RETURNING answers [rows, count] through TypeORM.
      const [[failed]]: [
        {
          created_by_user_id: string | null;
          total_rows: number | null;
          created: number;
          updated: number;
          failed: number;
          organization_id: string | null;
        }[],
        number,
      ] = await manager.query(
        `UPDATE import_jobs SET status = 'FAILED', failure = $2, finished_at = now() WHERE id = $1 AND status NOT IN ('DONE', 'FAILED')
         RETURNING created_by_user_id, total_rows, created, updated, failed, organization_id`,
        [importId, reason],
      );
      await manager.query(`DROP TABLE IF EXISTS ${stagingTable(importId)}`);
      if (!failed) return;
      await this.audit.record(
        {
          entity: 'import_jobs',
          entityId: importId,
          action: 'import.failed',
          actorUserId: failed.created_by_user_id,
          organizationId: failed.organization_id,
          changes: {
            reason,
            rows: failed.total_rows,
            created: failed.created,
            updated: failed.updated,
            failed: failed.failed,
            organizationId: failed.organization_id,
          },
        },
        manager,
      );
    });
  }
}
