import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { getMetadataArgsStorage } from 'typeorm';
import { Person } from '../entities/person.entity';

// Issue 15: people.email_status has one writer, the consent code (ConsentService and
// consentChangeSql, which log every change in consent_events in the same statement).
const ROOT = join(__dirname, '../../../..');
const LIBS = join(ROOT, 'libs');
const CONSENT = __dirname;
/** The demo seed writes its people (and their consent log) directly; migrations define the column. */
const EXEMPT = [join(LIBS, 'seed'), join(LIBS, 'core/src/database/migrations'), CONSENT];

/** Writers outside the consent code still being moved (this list only shrinks). None left. */
const PENDING: string[] = [];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (EXEMPT.includes(path)) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The ways code writes the column: an UPDATE's SET list, an INSERT's column list, an entity property set and saved. */
export function writesEmailStatus(code: string): boolean {
  const setLists = [
    ...code.matchAll(
      /\bUPDATE\s+[\w."]+(?:\s+(?!SET\b)\w+)?\s+SET\b([\s\S]*?)(?=\bFROM\b|\bWHERE\b|\bRETURNING\b|`|$)/gi,
    ),
  ].map((m) => m[1]);
  const insertColumns = [...code.matchAll(/\bINSERT\s+INTO\s+[\w."]+\s*\(([^)]*)\)/gi)].map((m) => m[1]);
  return (
    setLists.some((set) => /(^|[\s,(])"?email_status"?\s*=/i.test(set)) ||
    insertColumns.some((columns) => /\bemail_status\b/i.test(columns)) ||
    /\.emailStatus\s*=(?!=)/.test(code) ||
    /\.(?:update|insert|upsert)\([^;]*?\bemailStatus\s*:/.test(code)
  );
}

describe('people.email_status has one writer: the consent code', () => {
  it('no file outside libs/people/src/consent writes it (seed and migrations excepted)', () => {
    const writers = sourceFiles(LIBS)
      .filter((file) => writesEmailStatus(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(writers.filter((file) => !PENDING.includes(file))).toEqual([]);
    expect(PENDING.filter((file) => !writers.includes(file))).toEqual([]);
  });

  it('the Person entity can neither insert nor update it (the column default makes a new person SUBSCRIBED)', () => {
    const column = getMetadataArgsStorage().columns.find(
      (c) => c.target === Person && c.propertyName === 'emailStatus',
    );
    expect(column?.options).toMatchObject({ insert: false, update: false });
  });

  it('the check finds the forms a writer takes, and not reads', () => {
    expect(writesEmailStatus('`UPDATE people SET first_name = $2, email_status = $1 WHERE id = $3`')).toBe(true);
    expect(writesEmailStatus("`UPDATE people p SET email_status = 'BOUNCING' FROM x WHERE p.id = x.id`")).toBe(true);
    expect(writesEmailStatus('`INSERT INTO people (id, email, email_status) VALUES ($1, $2, $3)`')).toBe(true);
    expect(writesEmailStatus('person.emailStatus = EmailStatus.UNSUBSCRIBED; await manager.save(person);')).toBe(true);
    expect(writesEmailStatus('await repository.update({ id }, { emailStatus: EmailStatus.BOUNCING });')).toBe(true);
    expect(writesEmailStatus("`SELECT id FROM people WHERE email_status = 'SUBSCRIBED'`")).toBe(false);
    expect(writesEmailStatus("`UPDATE people SET tags = $2 WHERE email_status = 'SUBSCRIBED' AND id = $1`")).toBe(
      false,
    );
    expect(writesEmailStatus('if (person.emailStatus === EmailStatus.SUBSCRIBED) return;')).toBe(false);
    // The one writer itself is seen as one.
    expect(writesEmailStatus(readFileSync(join(CONSENT, 'consent.sql.ts'), 'utf8'))).toBe(true);
  });
});
