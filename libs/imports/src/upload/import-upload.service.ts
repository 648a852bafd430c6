import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Actor, ForbiddenError, isAdmin, JobQueue, Role } from '@chorus/core';
import { IMPORTS_CONFIG, ImportsConfig } from '../imports.config';
import { AuditService } from '@chorus/audit';
import { ImportStatus, stagingTable } from '../entities/import-job.entity';
import { csvToCopy, STAGING_COLUMNS } from './csv-to-copy';

/**
 * Receives an uploaded CSV: in one transaction, creates the import, COPYs the parsed rows into
 * its own staging table and marks it PENDING; then queues the merge. A broken upload leaves
 * nothing behind. ORG_STAFF imports are bound to their organization here, once.
 */
@Injectable()
export class ImportUploadService {
  private readonly logger = new Logger(ImportUploadService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
    @Inject(IMPORTS_CONFIG) private readonly config: ImportsConfig,
  ) {}

  async receive(actor: Actor, body: AsyncIterable<Buffer>): Promise<{ id: string; rows: number }> {
    if (!isAdmin(actor) && actor.role !== Role.ORG_STAFF) throw new ForbiddenError(`${actor.role} may not import people`);
    const organizationId = isAdmin(actor) ? null : actor.organizationId;
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    let id: string;
    let rows: number;
    try {
      await runner.startTransaction();
      const partitions = this.config.IMPORTS_MERGE_PARTITIONS;
      [{ id }] = await runner.query(`INSERT INTO import_jobs (organization_id, created_by_user_id, partitions) VALUES ($1, $2, $3) RETURNING id`, [organizationId, actor.userId, partitions]);
      const table = stagingTable(id);
      await runner.query(`CREATE UNLOGGED TABLE ${table} (row_number integer NOT NULL, row_id uuid NOT NULL, part smallint NOT NULL, email text NOT NULL, first_name text NOT NULL, last_name text, organization text, role text, tags text, error text, PRIMARY KEY (part, row_number))`);
      // The primary key is maintained during the COPY rather than built after it: parsing in Node is
      // the slower side of the upload, so PostgreSQL has time to spare while it loads.
      // The COPY starts only once the header has arrived (see csvToCopy): a client that aborts
      // before that must not leave the connection in COPY, where the ROLLBACK would queue forever.
      ({ rows } = await csvToCopy(body, () => client.query(copyFrom(`COPY ${table} (${STAGING_COLUMNS.join(', ')}) FROM STDIN`)), partitions));
      // Statistics for the merge's plans: without them the planner guesses a few hundred rows and
      // sorts the whole rest of a partition to find each chunk's end (0.2–0.6 s a chunk at 1M rows).
      await runner.query(`ANALYZE ${table}`);
      await runner.query(`INSERT INTO import_progress (import_id, part) SELECT $1, generate_series(0, $2 - 1)`, [id, partitions]);
      await runner.query(`UPDATE import_jobs SET status = $2, total_rows = $3 WHERE id = $1`, [id, ImportStatus.PENDING, rows]);
      await this.audit.record({ entity: 'import_jobs', entityId: id, action: 'import.uploaded', changes: { rows, organizationId } }, runner.manager);
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
    // The import is stored: if Redis is unreachable now, the worker's reconciler queues it later.
    await this.jobs.enqueue('imports.process', { importId: id }, { jobId: `import-${id}` }).catch((error) => this.logger.error({ err: error, importId: id }, 'Could not queue the import'));
    return { id, rows };
  }
}
