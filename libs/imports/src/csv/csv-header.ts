/** The columns of the contract (POST /imports/people, GET /exports/people.csv). */
export const PEOPLE_COLUMNS = ['email', 'first_name', 'last_name', 'organization', 'role', 'tags'] as const;
export type PeopleColumn = (typeof PEOPLE_COLUMNS)[number];
export type ColumnIndexes = Partial<Record<PeopleColumn, number>>;

/**
 * `,` or `;`: whichever occurs more often outside quotes in the header line (Excel in many
 * European locales writes `;`). The header is the first line, so a quoted newline cannot hide it.
 */
export function detectDelimiter(head: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const c of head) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ',') commas++;
    else if (!quoted && c === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/** Maps header cells to column positions: case-insensitive, spaces and dashes read as `_`. */
export function columnIndexes(header: string[]): ColumnIndexes {
  const indexes: ColumnIndexes = {};
  header.forEach((cell, index) => {
    const name = columnName(cell);
    if ((PEOPLE_COLUMNS as readonly string[]).includes(name) && indexes[name] === undefined) indexes[name] = index;
  });
  return indexes;
}

/** A column of the contract that the header names twice (which one holds the data?), or null. */
export function repeatedColumn(header: string[]): PeopleColumn | null {
  const names = header.map(columnName).filter((name) => (PEOPLE_COLUMNS as readonly string[]).includes(name));
  return names.find((name, i) => names.indexOf(name) !== i) ?? null;
}

const columnName = (cell: string): PeopleColumn =>
  cell
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_') as PeopleColumn;
