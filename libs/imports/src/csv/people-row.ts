import { normalizeOrganizationName } from '@chorus/organizations';
import { restoreCell } from './csv-cells';
import { ColumnIndexes } from './csv-header';

/** One data row as staged for the merge: normalized values, or the reasons it is rejected. */
export interface StagedRow {
  email: string;
  firstName: string;
  lastName: string | null;
  organization: string | null;
  role: string | null;
  /** Normalized tags joined with `;` (no tag contains one). */
  tags: string | null;
  error: string | null;
}

const ROLES = ['MEMBER', 'STAFF', 'LEADERSHIP'];
// Pragmatic address syntax: local part without spaces or separators, a dotted domain of DNS labels.
// Labels may hold non-ASCII letters (a@müller.de), as the API's @IsEmail accepts them.
const EMAIL =
  /^[^\s@"(),:;<>[\\\]]+@[A-Za-z0-9\u00A1-\uFFFF](?:[A-Za-z0-9\u00A1-\uFFFF-]{0,61}[A-Za-z0-9\u00A1-\uFFFF])?(?:\.[A-Za-z0-9\u00A1-\uFFFF](?:[A-Za-z0-9\u00A1-\uFFFF-]{0,61}[A-Za-z0-9\u00A1-\uFFFF])?)+$/;
// The same limits as CreatePersonInput.
const MAX = { email: 320, name: 200, organization: 200, tag: 100, tags: 50 };

function cell(record: string[], index: number | undefined): string {
  return index === undefined ? '' : restoreCell((record[index] ?? '').trim());
}

// PostgreSQL text cannot hold NUL: such a cell fails its row instead of the whole COPY.
const NUL = '\u0000';

/** True for a record whose cells are all empty (spreadsheets add such trailing rows). */
export function isBlankRecord(record: string[]): boolean {
  return record.every((value) => value.trim() === '');
}

/** Validates and normalizes one CSV record; problems are collected, never thrown. */
export function stagePeopleRow(record: string[], columns: ColumnIndexes): StagedRow {
  const problems: string[] = [];
  if (Object.values(columns).some((index) => record[index]?.includes(NUL))) {
    problems.push('a cell contains a NUL character (\\0)');
    record = record.map((value) => value.replaceAll(NUL, ''));
  }
  const email = cell(record, columns.email);
  if (!email) problems.push('email is required');
  else if (email.length > MAX.email || !EMAIL.test(email))
    problems.push(`email "${shorten(email)}" is not a valid address`);

  const firstName = cell(record, columns.first_name);
  if (!firstName) problems.push('first_name is required');
  else if (firstName.length > MAX.name) problems.push(`first_name is longer than ${MAX.name} characters`);
  const lastName = cell(record, columns.last_name) || null;
  if (lastName && lastName.length > MAX.name) problems.push(`last_name is longer than ${MAX.name} characters`);

  // Spelled as organization names are stored (trimmed, single spaces), so "QA  Union" finds "QA Union".
  const organization = normalizeOrganizationName(cell(record, columns.organization)) || null;
  if (organization && organization.length > MAX.organization)
    problems.push(`organization is longer than ${MAX.organization} characters`);

  const rawRole = cell(record, columns.role);
  const role = rawRole ? rawRole.toUpperCase() : null;
  if (role && !ROLES.includes(role)) problems.push(`role "${shorten(rawRole)}" is not one of ${ROLES.join(', ')}`);

  const tags = [
    ...new Set(
      cell(record, columns.tags)
        .split(';')
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
  if (tags.length > MAX.tags) problems.push(`more than ${MAX.tags} tags`);
  if (tags.some((tag) => tag.length > MAX.tag)) problems.push(`a tag is longer than ${MAX.tag} characters`);

  return {
    email,
    firstName,
    lastName,
    organization,
    role,
    tags: tags.length ? tags.join(';') : null,
    error: problems.length ? problems.join('; ') : null,
  };
}

function shorten(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
