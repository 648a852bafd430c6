import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import type { AuditService } from '@chorus/audit';
import type { ImportsConfig } from '../imports.config';
import { ImportStatus } from '../entities/import-job.entity';
import { addCounts, ChunkCounts, markProcessing, mergeChunk, nextChunk, OrganizationNames } from './chunk-merge';

/** How the merge of a partition during its upload ended. */
export type StreamOutcome = 'uploaded' | 'refused' | 'interrupted' | 'elsewhere';

const POLL_MS = 100;

/**
 * Merges one partition while its upload still streams, so that the merge need not wait for the
 * whole file (issue #12). Every chunk staged so far is merged in ONE open transaction, which also
 * holds the partition's cursor: it commits, with the counts, only once the API has marked the
 * file completely staged (PENDING), and rolls back if the upload is refused (FAILED or removed) or
 * stops arriving (its API died: no heartbeat for a while), or if this worker dies. So a broken
 * file still changes nothing, and a crash loses only uncommitted work, redone from the cursor.
 * Cost of the open transaction: people it updates stay row-locked until the upload ends.
 * Why two partitions' open transactions never deadlock (issue 12): they never touch the same
 * person (partitions split by email); organization rows and the import row are only key-share
 * locked (by foreign keys), which do not conflict; the trigger-kept people_counts lets each
 * transaction keep one slot that no other holds (migration 1765000900000), where it used to pick a
 * random slot per statement and wait for whoever held it; the import row's counts are updated
 * last, just before the commit. imports2-pipelined.e2e-spec.ts checks that neither waits.
 */
export class StreamedPartition {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: ImportsConfig,
    private readonly importId: string,
    private readonly part: number,
    private readonly names: OrganizationNames,
    private readonly audit: AuditService,
  ) {}

  async run(): Promise<StreamOutcome> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const manager = runner.manager;
    try {
      await runner.startTransaction();
      const [progress] = await manager.query(
        `SELECT last_row, done FROM import_progress WHERE import_id = $1 AND part = $2 FOR UPDATE`,
        [this.importId, this.part],
      );
      // Another worker holds (or finished) this partition: leave it to the chunked merge.
      if (!progress || progress.done) return await this.rollback(runner, 'elsewhere');
      let cursor: number = progress.last_row;
      // Staged rows (all partitions) when this partition last looked for a chunk: polling reads
      // this counter, not the staging table, until enough new rows may have arrived.
      let stagedWhenLooked = -Infinity;
      const totals: ChunkCounts = { created: 0, updated: 0, failed: 0 };
      // Start merging once a quarter chunk is staged (the first rows arrive within a second);
      // behind a fast upload, chunks are full anyway.
      const minRows = Math.max(1, Math.floor(this.config.IMPORTS_CHUNK_ROWS / 4));
      const staleSeconds = Math.max(60, 3 * this.config.IMPORTS_IDLE_TIMEOUT_SECONDS);
      for (;;) {
        const [job] = await manager.query(
          `SELECT status, organization_id, created_by_user_id, staged_rows, received_at < now() - make_interval(secs => $2) AS stale FROM import_jobs WHERE id = $1`,
          [this.importId, staleSeconds],
        );
        if (!job || job.status === ImportStatus.FAILED || job.status === ImportStatus.DONE)
          return await this.rollback(runner, 'refused');
        if (job.status !== ImportStatus.RECEIVING) {
          // The whole file is staged: what was merged becomes visible, with its cursor and counts.
          await manager.query(`UPDATE import_progress SET last_row = $3 WHERE import_id = $1 AND part = $2`, [
            this.importId,
            this.part,
            cursor,
          ]);
          await addCounts(manager, this.importId, totals);
          // Counts above zero mean PROCESSING, as for chunks merged after the upload.
          await markProcessing(manager, this.importId);
          await runner.commitTransaction();
          return 'uploaded';
        }
        if (job.stale) return await this.rollback(runner, 'interrupted');
        if (job.staged_rows - stagedWhenLooked < minRows) {
          await sleep(POLL_MS);
          continue;
        }
        const chunk = await nextChunk(manager, this.importId, this.part, cursor, this.config.IMPORTS_CHUNK_ROWS);
        if (chunk.rows < minRows) {
          stagedWhenLooked = job.staged_rows;
          await sleep(POLL_MS);
          continue;
        }
        stagedWhenLooked = -Infinity;
        const counts = await mergeChunk(
          manager,
          {
            importId: this.importId,
            part: this.part,
            after: cursor,
            last: chunk.last!,
            organizationId: job.organization_id,
            createdBy: job.created_by_user_id,
          },
          this.names,
          this.audit,
        );
        cursor = chunk.last!;
        totals.created += counts.created;
        totals.updated += counts.updated;
        totals.failed += counts.failed;
      }
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async rollback(
    runner: { rollbackTransaction(): Promise<void> },
    outcome: StreamOutcome,
  ): Promise<StreamOutcome> {
    await runner.rollbackTransaction();
    return outcome;
  }
}
