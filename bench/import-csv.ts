/**
 * A synthetic people CSV for the import benchmark and the crash test: `rows` data rows, every
 * 10th row repeating (in upper case) the email of a row 7 earlier, so 10% are in-file duplicates.
 * Streamed in ~64 KiB chunks, never built in memory.
 */
export interface SyntheticCsv {
  rows: number;
  /** Distinct people in the file (rows minus duplicates). */
  distinct: number;
  chunks: () => AsyncGenerator<Buffer>;
}

const FIRST = ['Ada', 'Bea', 'Cid', 'Dora', 'Emil', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jun', 'Kemal', 'Lise'];
const LAST = ['Okafor', 'Tanaka', 'Weber', 'Dubois', 'Rossi', 'Nowak', 'Jensen', 'Silva', 'Costa', "O'Brien"];

const isDuplicateRow = (i: number) => i % 10 === 0 && i > 7;

export function emailOf(i: number, domain: string): string {
  return isDuplicateRow(i)
    ? emailOf(i - 7, domain).toUpperCase()
    : `p${i}.${FIRST[i % FIRST.length].toLowerCase()}@${domain}`;
}

export function syntheticCsv(rows: number, domain: string, organizations: string[]): SyntheticCsv {
  let duplicates = 0;
  for (let i = 1; i <= rows; i++) if (isDuplicateRow(i)) duplicates++;
  return {
    rows,
    distinct: rows - duplicates,
    async *chunks() {
      let chunk = 'email,first_name,last_name,organization,role,tags\n';
      for (let i = 1; i <= rows; i++) {
        const organization = organizations.length ? organizations[i % organizations.length] : '';
        const role = i % 50 === 0 ? 'STAFF' : '';
        const last = LAST[i % LAST.length];
        chunk += `${emailOf(i, domain)},${FIRST[i % FIRST.length]},"${last}",${organization},${role},bench;t${i % 7}\n`;
        if (chunk.length >= 64 * 1024) {
          yield Buffer.from(chunk);
          chunk = '';
        }
      }
      if (chunk) yield Buffer.from(chunk);
    },
  };
}
