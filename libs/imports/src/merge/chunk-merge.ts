import type { EntityManager } from 'typeorm';
import type { AuditService } from '@chorus/audit';
import type { OrganizationsService } from '@chorus/organizations';
import { stagingTable } from '../entities/import-job.entity';
import {
  ADD_MEMBERSHIPS,
  CHUNK_PEOPLE,
  CHUNK_ROWS,
  DROP_REFUSED,
  FILL_EXISTING_PEOPLE,
  INSERT_PEOPLE,
  LOCK_MERGES,
  RECORD_ERRORS,
  RECORD_IMPORTED_CONSENT,
  REFUSED_EMAIL,
  REFUSE_ROWS,
} from './merge-chunk.sql';

export interface ChunkCounts {
  created: number;
  updated: number;
  failed: number;
}

export interface ChunkRange {
  importId: string;
  part: number;
  /** Last row merged before (exclusive) and last row of the chunk (inclusive). */
  after: number;
  last: number;
  /** The organization an ORG_STAFF import is bound to, or null. */
  organizationId: string | null;
  /** The user who uploaded the file (the actor of the chunk's audit event). */
  createdBy: string | null;
}

/**
 * Organization ids by lowercased name, resolved chunk by chunk (a file streaming in may name an
 * organization only late) and remembered for the rest of the run (a file names a handful).
 */
export class OrganizationNames {
  private readonly known = new Map<string, string>();

  constructor(private readonly organizations: OrganizationsService) {}

  async resolve(manager: EntityManager, range: ChunkRange): Promise<{ names: string[]; ids: string[] }> {
    const rows: { name: string }[] = await manager.query(
      `SELECT DISTINCT lower(organization) AS name FROM ${stagingTable(range.importId)} WHERE part = $1 AND row_number > $2 AND row_number <= $3 AND organization IS NOT NULL`,
      [range.part, range.after, range.last],
    );
    const missing = rows.map((r) => r.name).filter((name) => !this.known.has(name));
    // Keys lowered by PostgreSQL, as CHUNK_ROWS compares them with lower(s.organization).
    for (const found of await this.organizations.byNames(missing)) this.known.set(found.key, found.id);
    return { names: [...this.known.keys()], ids: [...this.known.values()] };
  }
}

/**
 * Merges staged rows (after, last] of one partition in the caller's transaction (see
 * merge-chunk.sql.ts) and records their row errors and one `import.merge` audit event of the
 * people and memberships it wrote; the caller advances the cursor and the counts.
 */
export async function mergeChunk(
  manager: EntityManager,
  range: ChunkRange,
  organizations: OrganizationNames,
  audit: AuditService,
): Promise<ChunkCounts> {
  // Sorting and hashing a chunk fit in memory; a lost commit is redone from the cursor anyway.
  await manager.query(`SET LOCAL work_mem = '64MB'`);
  await manager.query(`SET LOCAL synchronous_commit = off`);
  await manager.query(`SET LOCAL jit = off`); // compiling costs more than it saves on these plans
  await manager.query(LOCK_MERGES, [range.part]);
  // A streamed merge runs several chunks in one transaction: the previous chunk's tables go first.
  await manager.query(`DROP TABLE IF EXISTS import_chunk, import_people`);
  const { names, ids } = await organizations.resolve(manager, range);
  await manager.query(CHUNK_ROWS(stagingTable(range.importId)), [
    range.after,
    range.last,
    names,
    ids,
    range.organizationId,
    range.part,
  ]);
  await manager.query(CHUNK_PEOPLE(), [range.organizationId]);
  if (range.organizationId) {
    await manager.query(REFUSE_ROWS, [REFUSED_EMAIL]);
    await manager.query(DROP_REFUSED);
  }
  await manager.query(RECORD_ERRORS, [range.importId]);
  const [{ rows, failed }] = await manager.query(
    `SELECT count(*)::int AS rows, count(*) FILTER (WHERE error IS NOT NULL)::int AS failed FROM import_chunk`,
  );
  const [{ created }] = await manager.query(`SELECT count(*) FILTER (WHERE is_new)::int AS created FROM import_people`);
  await manager.query(INSERT_PEOPLE);
  await manager.query(RECORD_IMPORTED_CONSENT, [range.importId]);
  await manager.query(FILL_EXISTING_PEOPLE);
  await manager.query(ADD_MEMBERSHIPS);
  const counts = { created, updated: rows - failed - created, failed };
  // One event per chunk, not per person: the consent log names the import of each person it created.
  await audit.record(
    {
      entity: 'people',
      action: 'import.merge',
      actorUserId: range.createdBy,
      organizationId: range.organizationId,
      changes: {
        importId: range.importId,
        part: range.part,
        rows: { after: range.after, last: range.last },
        ...counts,
      },
    },
    manager,
  );
  return counts;
}

/** The last row of the partition's next chunk after `after` (null when none is staged), and how many rows it holds. */
export async function nextChunk(
  manager: EntityManager,
  importId: string,
  part: number,
  after: number,
  chunkRows: number,
): Promise<{ last: number | null; rows: number }> {
  const [range] = await manager.query(
    `SELECT max(row_number) AS last, count(*)::int AS rows FROM (SELECT row_number FROM ${stagingTable(importId)} WHERE part = $1 AND row_number > $2 ORDER BY row_number LIMIT $3) r`,
    [part, after, chunkRows],
  );
  return range;
}

export async function nextChunkEnd(
  manager: EntityManager,
  importId: string,
  part: number,
  after: number,
  chunkRows: number,
): Promise<number | null> {
  return (await nextChunk(manager, importId, part, after, chunkRows)).last;
}

/** The import's merge has started (PENDING → PROCESSING); its lifecycle events are `import.uploaded` and `import.completed`/`import.failed`. */
export async function markProcessing(manager: EntityManager, importId: string): Promise<void> {
  await manager.query(
    `UPDATE import_jobs SET status = 'PROCESSING', started_at = coalesce(started_at, now()) WHERE id = $1 AND status = 'PENDING'`,
    [importId],
  );
}

/** Bookkeeping of the chunk's counts; `import.completed` records the totals. */
export async function addCounts(manager: EntityManager, importId: string, counts: ChunkCounts): Promise<void> {
  await manager.query(
    `UPDATE import_jobs SET created = created + $2, updated = updated + $3, failed = failed + $4 WHERE id = $1`,
    [importId, counts.created, counts.updated, counts.failed],
  );
}
