import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { BadInputError } from '@chorus/core';
import { copyText } from '../csv/csv-cells';
import { columnIndexes, ColumnIndexes, detectDelimiter, repeatedColumn } from '../csv/csv-header';
import { isBlankRecord, stagePeopleRow } from '../csv/people-row';
import { RowIds } from './row-ids';

/** Columns of a staging table, in the order csvToCopy writes them. */
export const STAGING_COLUMNS = [
  'row_number',
  'row_id',
  'part',
  'email',
  'first_name',
  'last_name',
  'organization',
  'role',
  'tags',
  'error',
];

const HEAD_BYTES = 64 * 1024;
/** A record bigger than this is a quote opened and never closed (or not a people file): stop there. */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** Staged lines (COPY text format) of consecutive data records, and how many records they hold. */
export interface StagedBatch {
  text: string;
  rows: number;
}

/**
 * Streams a CSV body into `sink` as batches of staged rows in COPY text format, one line per data
 * record. Never holds more than a parser buffer and one or two batches: the sink's backpressure
 * reaches the client through the pipeline. Row numbers are CSV record numbers with the header as
 * row 1 (so the first data row is row 2); blank lines and all-empty records are skipped but keep
 * their number. The sink receives nothing before a data record has been parsed, so an upload that
 * stalls or aborts in its header never reaches the database.
 */
export async function csvToStaging(
  body: AsyncIterable<Buffer>,
  sink: Writable,
  partitions = 1,
  batchChars = 4 * 1024 * 1024,
): Promise<{ rows: number }> {
  const source = body[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  // Read just enough to see the whole header line, to pick the delimiter.
  while (headBytes < HEAD_BYTES) {
    const next = await source.next();
    if (next.done) break;
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    head.push(chunk);
    headBytes += chunk.length;
    if (chunk.includes(10) || chunk.includes(13)) break;
  }
  const delimiter = detectDelimiter(Buffer.concat(head).toString('utf8'));

  // Excel's plain "CSV" is Windows-1252: refuse it rather than turn its accents into U+FFFD.
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const checkUtf8 = (chunk?: Buffer) => {
    try {
      utf8.decode(chunk, { stream: chunk !== undefined });
    } catch {
      throw new BadInputError({ file: 'is not UTF-8 text: save it as "CSV UTF-8" (in Excel: Save As → CSV UTF-8)' });
    }
  };
  async function* replay(): AsyncGenerator<Buffer> {
    for (const chunk of head) {
      checkUtf8(chunk);
      yield chunk;
    }
    for (;;) {
      const next = await source.next();
      if (next.done) break;
      const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
      checkUtf8(chunk);
      yield chunk;
    }
    checkUtf8(); // a multi-byte character cut off at the end
  }

  const stage = new StageRecords(partitions, batchChars);
  try {
    await pipeline(
      Readable.from(replay()),
      // Blank lines reach StageRecords (as one empty cell) so that they keep their row number.
      parse({
        delimiter,
        bom: true,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: false,
        max_record_size: MAX_RECORD_BYTES,
      }),
      stage,
      sink,
    );
  } catch (error) {
    const code = String((error as { code?: string }).code ?? '');
    if (code === 'CSV_MAX_RECORD_SIZE')
      throw new BadInputError({
        file: `has a record longer than ${MAX_RECORD_BYTES / 1024 / 1024} MiB: probably a quote (") opened and never closed`,
      });
    // csv-parse errors carry a CSV_* code and say where the file is broken.
    if (code.startsWith('CSV_')) throw new BadInputError({ file: `is not valid CSV: ${(error as Error).message}` });
    throw error;
  }
  if (!stage.columns)
    throw new BadInputError({
      file: 'is empty: expected a header row (email, first_name, last_name, organization, role, tags)',
    });
  return { rows: stage.rows };
}

class StageRecords extends Transform {
  columns: ColumnIndexes | null = null;
  rows = 0;
  private record = 0;
  private batch = '';
  private batchRows = 0;
  private readonly ids = new RowIds();

  constructor(
    private readonly partitions: number,
    private readonly batchChars: number,
  ) {
    super({
      writableObjectMode: true,
      writableHighWaterMark: 1000,
      readableObjectMode: true,
      readableHighWaterMark: 1,
    });
  }

  override _transform(record: string[], _encoding: string, done: (error?: Error | null) => void) {
    if (!this.columns && isBlankRecord(record)) return done(); // blank lines before the header
    this.record++;
    if (!this.columns) {
      this.columns = columnIndexes(record);
      if (this.columns.email === undefined)
        return done(new BadInputError({ file: 'has no "email" column in its header row' }));
      const repeated = repeatedColumn(record);
      if (repeated)
        return done(new BadInputError({ file: `has the column "${repeated}" twice in its header row: keep one` }));
      return done();
    }
    if (isBlankRecord(record)) return done();
    const row = stagePeopleRow(record, this.columns);
    this.rows++;
    this.batchRows++;
    this.batch += `${this.record}\t${this.ids.next()}\t${partitionOf(row.email, this.partitions)}\t${copyText(row.email)}\t${copyText(row.firstName)}\t${copyText(row.lastName)}\t${copyText(row.organization)}\t${copyText(row.role)}\t${copyText(row.tags)}\t${copyText(row.error)}\n`;
    if (this.batch.length >= this.batchChars) this.pushBatch();
    done();
  }

  override _flush(done: (error?: Error | null) => void) {
    this.pushBatch();
    done();
  }

  private pushBatch() {
    if (this.batch) this.push({ text: this.batch, rows: this.batchRows } satisfies StagedBatch);
    this.batch = '';
    this.batchRows = 0;
  }
}

/**
 * Which merge partition a row belongs to: a hash of the lowercased email, so that every row of
 * one person (in any letter case) is merged by the same stream and streams never touch the same
 * person. (Should JavaScript and PostgreSQL lowercase some exotic address differently, the two
 * streams clash on the unique email and the chunk is simply retried.)
 */
export function partitionOf(email: string, partitions: number): number {
  if (partitions <= 1) return 0;
  const key = email.toLowerCase();
  let hash = 0x811c9dc5; // FNV-1a, 32 bits
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % partitions;
}
