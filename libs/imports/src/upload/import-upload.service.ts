import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource, QueryRunner } from 'typeorm';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Semaphore } from 'async-mutex';
import { Actor, ConflictError, ForbiddenError, isAdmin, JobQueue, Role } from '@chorus/core';
import { IMPORTS_CONFIG, ImportsConfig } from '../imports.config';
import { AuditService } from '@chorus/audit';
import { ImportStatus, stagingTable } from '../entities/import-job.entity';
import { csvToStaging, StagedBatch, STAGING_COLUMNS } from './csv-to-copy';
import { DeclaredBasis } from './lawful-basis';
import { limitedBody } from './upload-limits';

interface Upload {
  actor: Actor;
  organizationId: string | null;
  basis: DeclaredBasis;
  id: string | null;
  staged: number;
  analyzedAt: number;
}

/**
 * Receives an uploaded CSV into its own staging table, batch by batch, each batch one COPY and
 * one commit; the merge job is queued with the first batch, so the worker merges while the file
 * still streams (it commits nothing before the upload is complete, see StreamedMerge). A
 * connection is taken only to store a batch, from a semaphore that bounds what this process's
 * uploads hold of the pool: a stalled upload holds none. A broken, oversized or stalled upload
 * leaves nothing behind (its import row and staging table are removed). ORG_STAFF imports are
 * bound to their organization here, once.
 */
@Injectable()
export class ImportUploadService {
  private readonly logger = new Logger(ImportUploadService.name);
  private readonly connections: Semaphore;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
    @Inject(IMPORTS_CONFIG) private readonly config: ImportsConfig,
  ) {
    this.connections = new Semaphore(config.IMPORTS_UPLOAD_CONNECTIONS);
  }

  async receive(
    actor: Actor,
    body: AsyncIterable<Buffer>,
    basis: DeclaredBasis,
  ): Promise<{ id: string; rows: number }> {
    if (!isAdmin(actor) && actor.role !== Role.ORG_STAFF)
      throw new ForbiddenError(`${actor.role} may not import people`);
    const upload: Upload = {
      actor,
      organizationId: isAdmin(actor) ? null : actor.organizationId,
      basis,
      id: null,
      staged: 0,
      analyzedAt: 0,
    };
    const limits = { maxBytes: this.config.IMPORTS_MAX_BYTES, idleMs: this.config.IMPORTS_IDLE_TIMEOUT_SECONDS * 1000 };
    const sink = new Writable({
      objectMode: true,
      highWaterMark: 1, // one batch stored while the next one is parsed
      write: (batch: StagedBatch, _encoding, done) => this.stage(upload, batch).then(() => done(), done),
    });
    let rows: number;
    // While the client is slow but alive, say so: a worker merging along gives up on an upload
    // that has not been heard of for a while (its API died).
    const heartbeat = setInterval(() => void this.heartbeat(upload), limits.idleMs);
    try {
      // Each batch is one COPY and one commit: 4 MiB by default, ~25 per 1,000,000 rows.
      ({ rows } = await csvToStaging(
        limitedBody(body, limits),
        sink,
        this.config.IMPORTS_MERGE_PARTITIONS,
        this.config.IMPORTS_STAGE_BATCH_BYTES,
      ));
      await this.withConnection((runner) => this.complete(runner, upload, rows));
    } catch (error) {
      if (upload.id) this.discard(upload, error);
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
    return { id: upload.id!, rows };
  }

  /** Stores one batch; the first one also creates the import and its staging table and queues the merge. */
  private async stage(upload: Upload, batch: StagedBatch): Promise<void> {
    const created = await this.withConnection(async (runner) => {
      await runner.startTransaction();
      const created = !upload.id;
      if (!upload.id) upload.id = await this.createImport(runner, upload);
      const table = stagingTable(upload.id);
      const client = (await runner.connect()) as PoolClient;
      await pipeline([batch.text], client.query(copyFrom(`COPY ${table} (${STAGING_COLUMNS.join(', ')}) FROM STDIN`)));
      upload.staged += batch.rows;
      await runner.query(`UPDATE import_jobs SET staged_rows = $2, received_at = now() WHERE id = $1`, [
        upload.id,
        upload.staged,
      ]);
      await runner.commitTransaction();
      // Statistics for the merge's plans while the table grows (each time it doubles: a handful
      // of cheap sampled ANALYZEs); without them the planner takes the table for empty.
      if (upload.staged >= 2 * upload.analyzedAt) {
        await runner.query(`ANALYZE ${table}`);
        upload.analyzedAt = upload.staged;
      }
      return created;
    });
    if (created) await this.enqueue(upload.id!);
  }

  private async createImport(runner: QueryRunner, upload: Upload): Promise<string> {
    const partitions = this.config.IMPORTS_MERGE_PARTITIONS;
    const [{ id }] = await runner.query(
      `INSERT INTO import_jobs (organization_id, created_by_user_id, partitions, lawful_basis, lawful_basis_note, received_at) VALUES ($1, $2, $3, $4, $5, now()) RETURNING id`,
      [upload.organizationId, upload.actor.userId, partitions, upload.basis.lawfulBasis, upload.basis.lawfulBasisNote],
    );
    await runner.query(
      `CREATE UNLOGGED TABLE ${stagingTable(id)} (row_number integer NOT NULL, row_id uuid NOT NULL, part smallint NOT NULL, email text NOT NULL, first_name text NOT NULL, last_name text, organization text, role text, tags text, error text, PRIMARY KEY (part, row_number))`,
    );
    await runner.query(`INSERT INTO import_progress (import_id, part) SELECT $1, generate_series(0, $2 - 1)`, [
      id,
      partitions,
    ]);
    return id;
  }

  /** The whole file is staged: PENDING tells the worker it may commit what it merged. */
  private async complete(runner: QueryRunner, upload: Upload, rows: number): Promise<void> {
    await runner.startTransaction();
    const first = !upload.id; // a header without data rows: nothing staged yet
    if (!upload.id) upload.id = await this.createImport(runner, upload);
    await runner.query(`ANALYZE ${stagingTable(upload.id)}`);
    // RECEIVING still: a worker may have given the upload up for dead (then it must be sent again).
    const [, updated] = await runner.query(
      `UPDATE import_jobs SET status = $2, total_rows = $3, staged_rows = $3, received_at = now() WHERE id = $1 AND status = 'RECEIVING'`,
      [upload.id, ImportStatus.PENDING, rows],
    );
    if (updated !== 1)
      throw new ConflictError('The upload took too long and was given up; upload the file again', {
        file: 'was given up',
      });
    await this.audit.record(
      {
        entity: 'import_jobs',
        entityId: upload.id,
        action: 'import.uploaded',
        actorUserId: upload.actor.userId,
        organizationId: upload.organizationId,
        changes: {
          rows,
          organizationId: upload.organizationId,
          lawfulBasis: upload.basis.lawfulBasis,
          lawfulBasisNote: upload.basis.lawfulBasisNote,
        },
      },
      runner.manager,
    );
    await runner.commitTransaction();
    // The job that merged along may have ended already (it gave up, or another import held the
    // worker): a finished job's id would make the enqueue a no-op.
    if (!first) await this.jobs.removeFinished('imports.process', `import-${upload.id}`).catch(() => undefined);
    await this.enqueue(upload.id);
  }

  private async heartbeat(upload: Upload): Promise<void> {
    if (!upload.id) return;
    await this.dataSource
      .query(`UPDATE import_jobs SET received_at = now() WHERE id = $1 AND status = 'RECEIVING'`, [upload.id])
      .catch(() => undefined);
  }

  /** One pooled connection, taken only within this process's share for uploads. */
  private withConnection<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    return this.connections.runExclusive(async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        return await work(runner);
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      } finally {
        await runner.release();
      }
    });
  }

  private async enqueue(id: string): Promise<void> {
    // The import is stored: if Redis is unreachable now, the worker's reconciler queues it later.
    await this.jobs
      .enqueue('imports.process', { importId: id }, { jobId: `import-${id}` })
      .catch((error) => this.logger.error({ err: error, importId: id }, 'Could not queue the import'));
  }

  /**
   * A broken upload leaves no data behind (only its `import.refused` audit event). FAILED first (one quick update): a worker merging
   * along sees it and rolls back; the row and the staging table go once it has (in the
   * background, not holding up the 400).
   */
  private discard(upload: Upload, reason: unknown): void {
    const id = upload.id!;
    const message = reason instanceof Error ? reason.message : String(reason);
    void (async () => {
      await this.dataSource.query(
        `UPDATE import_jobs SET status = 'FAILED', failure = $2, finished_at = now() WHERE id = $1`,
        [id, `Upload refused: ${message}`.slice(0, 1000)],
      );
      await this.dataSource.transaction(async (manager) => {
        await manager.query(`DROP TABLE IF EXISTS ${stagingTable(id)}`);
        await manager.query(`DELETE FROM import_jobs WHERE id = $1`, [id]);
        // The rows go; the trail keeps that an upload was tried and why it was refused.
        await this.audit.record(
          {
            entity: 'import_jobs',
            entityId: id,
            action: 'import.refused',
            actorUserId: upload.actor.userId,
            organizationId: upload.organizationId,
            changes: { reason: message.slice(0, 1000) },
          },
          manager,
        );
      });
    })().catch((error) =>
      this.logger.warn({ err: error, importId: id }, 'Could not remove a refused upload (the worker fails it later)'),
    );
  }
}
