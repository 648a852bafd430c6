import { WorkKind } from '../entities/work.entity';
import { IDENTIFIER_CHECKS, IdentifierScheme } from '../identifiers/identifiers';

/** A valid row of a works CSV, identifiers normalized. */
export interface WorkRow {
  row: number;
  title: string;
  kind: WorkKind;
  creatorEmail: string | null;
  isrc: string | null;
  iswc: string | null;
  isbn: string | null;
  isni: string | null;
  url: string | null;
  /** The merge key: the first of isrc, iswc, isbn, url present. */
  keyScheme: 'isrc' | 'iswc' | 'isbn' | 'url';
}

export interface RowError {
  row: number;
  field: string;
  message: string;
}

export const WORKS_CSV_COLUMNS = ['title', 'kind', 'creator_email', 'isrc', 'iswc', 'isbn', 'isni', 'url'];
const KEY_SCHEMES = ['isrc', 'iswc', 'isbn', 'url'] as const;
const KINDS = new Set<string>(Object.values(WorkKind));
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks one CSV record (header names → cells): a title, a kind, at least one of ISRC, ISWC,
 * ISBN or URL (the key that makes a re-import update instead of duplicate), valid identifiers.
 */
export function parseWorkRow(row: number, record: Record<string, string | undefined>): WorkRow | RowError {
  const cell = (name: string) => (record[name] ?? '').trim();
  const title = cell('title');
  if (!title) return { row, field: 'title', message: 'must not be empty' };
  if (title.length > 500) return { row, field: 'title', message: 'must be at most 500 characters' };
  const kind = cell('kind')
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  if (!KINDS.has(kind)) return { row, field: 'kind', message: `must be one of ${[...KINDS].join(', ')}` };
  const creatorEmail = cell('creator_email') || null;
  if (creatorEmail && (!EMAIL.test(creatorEmail) || creatorEmail.length > 320))
    return { row, field: 'creator_email', message: 'must be an email address' };
  const identifiers: Partial<Record<IdentifierScheme, string | null>> = {};
  for (const scheme of ['isrc', 'iswc', 'isbn', 'isni', 'url'] as IdentifierScheme[]) {
    const raw = cell(scheme);
    if (!raw) continue;
    const checked = IDENTIFIER_CHECKS[scheme](raw);
    if ('error' in checked) return { row, field: scheme, message: checked.error };
    identifiers[scheme] = checked.value;
  }
  const keyScheme = KEY_SCHEMES.find((scheme) => identifiers[scheme]);
  if (!keyScheme) return { row, field: 'isrc', message: 'a work needs at least one of isrc, iswc, isbn or url' };
  return {
    row,
    title,
    kind: kind as WorkKind,
    creatorEmail,
    isrc: identifiers.isrc ?? null,
    iswc: identifiers.iswc ?? null,
    isbn: identifiers.isbn ?? null,
    isni: identifiers.isni ?? null,
    url: identifiers.url ?? null,
    keyScheme,
  };
}
