import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AUDIT_ENTITIES } from './audit-entities';

// Issue 15, one audit path: entity saves are audited by the subscriber; every raw SQL write
// (INSERT INTO / UPDATE / DELETE FROM in SQL text) to an audited table must record its event
// through AuditService.record (or recordAuditPerRow) in the same transaction. This test finds the
// raw writers and requires each to be listed below with the file that records its events and the
// e2e test that asserts them: a new raw writer fails here until it is audited and covered.
const ROOT = join(__dirname, '../../..');
const LIBS = join(ROOT, 'libs');
/** The demo seed writes every area's rows (with their audit events) directly; migrations define the schema. */
const EXEMPT = [join(LIBS, 'seed'), join(LIBS, 'core/src/database/migrations')];

interface RawWriter {
  file: string;
  tables: string[];
  /** The files whose code records the events (the writer itself unless its SQL is run elsewhere). */
  auditedIn: string[];
  coveredBy: string;
  /** A writer that only sets bookkeeping columns of an audited table (no event by design): those columns. */
  bookkeepingOnly?: string[];
}

const RAW_WRITERS: RawWriter[] = [
  {
    file: 'libs/campaigns/src/signatures-person-data.ts',
    tables: ['signatures'],
    auditedIn: ['libs/campaigns/src/signatures-person-data.ts'],
    coveredBy:
      'test/e2e/gdpr-merge.e2e-spec.ts › keeps UNSUBSCRIBED over SUBSCRIBED, moves everything, …; test/e2e/gdpr-erase.e2e-spec.ts › leaves no email, name or phone in any column …',
  },
  {
    // Lifecycle and chunk bookkeeping of the import row; one `import.merge` event (entity people) per chunk.
    file: 'libs/imports/src/merge/chunk-merge.ts',
    tables: ['import_jobs'],
    auditedIn: ['libs/imports/src/merge/chunk-merge.ts'],
    coveredBy: 'test/e2e/imports.e2e-spec.ts › imports mixed rows with exact counts and row errors, …',
  },
  {
    file: 'libs/imports/src/merge/import-merger.service.ts',
    tables: ['import_jobs'],
    auditedIn: ['libs/imports/src/merge/import-merger.service.ts'],
    coveredBy:
      'test/e2e/imports.e2e-spec.ts › imports mixed rows … (import.completed); test/e2e/imports-reconcile.e2e-spec.ts › … records import.failed for one that cannot be merged',
  },
  {
    file: 'libs/imports/src/upload/import-upload.service.ts',
    tables: ['import_jobs'],
    auditedIn: ['libs/imports/src/upload/import-upload.service.ts'],
    coveredBy:
      'test/e2e/imports.e2e-spec.ts › imports mixed rows … (import.uploaded); test/e2e/imports2-upload-limits.e2e-spec.ts › cuts an upload that stalls after some batches were stored … (import.refused)',
  },
  {
    file: 'libs/outreach/src/jobs/task-mailer.ts',
    tables: ['outreach_tasks'],
    auditedIn: ['libs/outreach/src/jobs/task-mailer.ts'],
    coveredBy: 'test/e2e/outreach.e2e-spec.ts › sends the reminder once, at dueAt minus the configured offset',
  },
  {
    file: 'libs/outreach/src/tasks-person-data.ts',
    tables: ['outreach_tasks'],
    auditedIn: ['libs/outreach/src/tasks-person-data.ts'],
    coveredBy:
      'test/e2e/gdpr-merge.e2e-spec.ts › keeps UNSUBSCRIBED over SUBSCRIBED, …; test/e2e/gdpr-erase.e2e-spec.ts › leaves no email, name or phone …',
  },
  {
    // The one writer of people.email_status: ConsentService records each change; the mailing pipeline's bounces record theirs.
    file: 'libs/people/src/consent/consent.sql.ts',
    tables: ['people'],
    auditedIn: ['libs/people/src/consent/consent.service.ts', 'libs/mailings/src/deliveries.queries.ts'],
    coveredBy:
      'test/e2e/gdpr-consent.e2e-spec.ts › logs creation and every status change, …; test/e2e/mailings.e2e-spec.ts › sends 2,000 recipients exactly once each, bounces 550s … (bounce events)',
  },
  {
    // Memberships per row; the kept/erased person row by the caller's merge/erase event (libs/privacy), same transaction.
    file: 'libs/people/src/people-person-data.ts',
    tables: ['memberships', 'people'],
    auditedIn: ['libs/people/src/people-person-data.ts', 'libs/privacy/src/privacy.service.ts'],
    coveredBy:
      'test/e2e/gdpr-merge.e2e-spec.ts › keeps UNSUBSCRIBED over SUBSCRIBED, …; test/e2e/gdpr-erase.e2e-spec.ts › leaves no email, name or phone …',
  },
  {
    file: 'libs/people/src/sql/import-merge.sql.ts',
    tables: ['memberships', 'people'],
    auditedIn: ['libs/imports/src/merge/chunk-merge.ts'],
    coveredBy: 'test/e2e/imports.e2e-spec.ts › imports mixed rows with exact counts and row errors, … (import.merge)',
  },
  {
    file: 'libs/press/src/press-publisher.ts',
    tables: ['press_releases'],
    auditedIn: ['libs/press/src/press-publisher.ts'],
    coveredBy:
      'test/e2e/press-embargo.e2e-spec.ts › publishes 3 s ahead exactly at the embargo and mails each eligible contact once',
  },
  {
    file: 'libs/registry/src/import/works-import.service.ts',
    tables: ['registry_reservations'],
    auditedIn: ['libs/registry/src/import/works-import.service.ts'],
    coveredBy: "test/e2e/registry.e2e-spec.ts › imports 1,000 works by CSV for the union's members, …",
  },
  {
    file: 'libs/registry/src/import/works-merge.sql.ts',
    tables: ['registry_works'],
    auditedIn: ['libs/registry/src/import/works-import.service.ts'],
    coveredBy: "test/e2e/registry.e2e-spec.ts › imports 1,000 works by CSV for the union's members, …",
  },
  {
    // SENDING → SENT and the bounces' consent changes record their events in the statement's transaction;
    // its other writes to mailings only refresh lanes_seen_at (the lanes' liveness time).
    file: 'libs/mailings/src/deliveries.queries.ts',
    tables: ['mailings'],
    auditedIn: ['libs/mailings/src/deliveries.queries.ts'],
    coveredBy:
      'test/e2e/mailings.e2e-spec.ts › sends 2,000 recipients exactly once each, bounces 550s and suppresses late opt-outs (the move to SENT); test/e2e/mail-smtp-faults.e2e-spec.ts (PAUSED, SENDING, SENT in order)',
  },
  {
    file: 'libs/mailings/src/sending/mailings-reconciler.ts',
    tables: ['mailings'],
    auditedIn: [],
    bookkeepingOnly: ['lanes_seen_at'],
    coveredBy: 'test/e2e/mailings-crash.e2e-spec.ts › (liveness only: no event by design)',
  },
  {
    // One-click opt-out of a press contact: do-not-contact set once, with its `unsubscribe` event in the caller's transaction.
    file: 'libs/press/src/press-contacts.service.ts',
    tables: ['press_contacts'],
    auditedIn: ['libs/press/src/press-contacts.service.ts'],
    coveredBy:
      'test/e2e/mailings.e2e-spec.ts › a press list mailing names each contact’s outlet; a contact’s one-click unsubscribe sets do-not-contact once, audited',
  },
];

/** The columns each `UPDATE <table> SET …` of the code assigns. */
function updatedColumns(code: string, table: string): string[] {
  const columns: string[] = [];
  for (const match of withoutComments(code).matchAll(
    new RegExp(`\\bUPDATE\\s+${table}\\s+SET\\s+([\\s\\S]*?)(?:\\bWHERE\\b|\\bFROM\\b|\\bRETURNING\\b|\`)`, 'gi'),
  )) {
    for (const assignment of match[1].matchAll(/(?:^|,)\s*(\w+)\s*=/g)) columns.push(assignment[1]);
  }
  return columns;
}

/** Comments may name tables; only code counts. */
function withoutComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|\s)\/\/.*$/gm, '$1')
    .replace(/^\s*--.*$/gm, '');
}

/** The audited tables a piece of code writes with raw SQL. */
export function rawWrites(code: string): string[] {
  const audited = new Set<string>(AUDIT_ENTITIES);
  const tables = new Set<string>();
  for (const match of withoutComments(code).matchAll(
    /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?:ONLY\s+)?(?:public\.)?"?(\w+)"?/gi,
  )) {
    if (audited.has(match[1])) tables.add(match[1]);
  }
  return [...tables].sort();
}

/** Whether code records an audit event: `audit.record(…)` or the per-row helper. */
export function recordsAudit(code: string): boolean {
  return /\baudit\.record(?:Many)?\(|\brecordAuditPerRow\(/.test(withoutComments(code));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (EXEMPT.includes(path)) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('one audit path for raw writers (issue 15)', () => {
  const found = sourceFiles(LIBS)
    .map((path) => ({ file: relative(ROOT, path), tables: rawWrites(readFileSync(path, 'utf8')) }))
    .filter((writer) => writer.tables.length > 0);

  it('every raw writer of an audited table is listed, with the tables it writes', () => {
    const listed = RAW_WRITERS.map(({ file, tables }) => ({ file, tables: [...tables].sort() }));
    expect(found.sort((a, b) => a.file.localeCompare(b.file))).toEqual(
      listed.sort((a, b) => a.file.localeCompare(b.file)),
    );
  });

  it.each(RAW_WRITERS.filter((w) => w.bookkeepingOnly).map((w) => [w.file, w] as const))(
    '%s writes only its bookkeeping columns',
    (_file, writer) => {
      const code = readFileSync(join(ROOT, writer.file), 'utf8');
      for (const table of writer.tables) {
        const columns = updatedColumns(code, table);
        expect(columns.length).toBeGreaterThan(0);
        expect(columns.filter((column) => !writer.bookkeepingOnly!.includes(column))).toEqual([]);
      }
    },
  );

  it.each(RAW_WRITERS.filter((w) => !w.bookkeepingOnly).map((w) => [w.file, w] as const))(
    '%s records its events and names its e2e coverage',
    (_file, writer) => {
      expect(writer.auditedIn.length).toBeGreaterThan(0);
      for (const file of writer.auditedIn)
        expect({ file, records: recordsAudit(readFileSync(join(ROOT, file), 'utf8')) }).toEqual({
          file,
          records: true,
        });
      expect(writer.coveredBy).toMatch(/^test\/e2e\/[\w.-]+\.e2e-spec\.ts › /);
    },
  );

  it('the check finds raw writes to audited tables, not reads or other tables', () => {
    // Statements are assembled so that this file does not itself name other areas' tables in SQL.
    const sql = (...parts: string[]) => `\`${parts.join(' ')}\``;
    expect(rawWrites(sql('UPDATE', 'outreach_tasks t SET title = $2 WHERE t.id = $1'))).toEqual(['outreach_tasks']);
    expect(
      rawWrites(sql('INSERT INTO', 'people (id, email) SELECT 1;', 'DELETE FROM', 'memberships m WHERE true')),
    ).toEqual(['memberships', 'people']);
    expect(
      rawWrites(sql('SELECT id FROM', 'people FOR UPDATE;', 'INSERT INTO', 'consent_events (person_id) SELECT 1')),
    ).toEqual([]);
    expect(rawWrites(`// ${'UPDATE'} people happens elsewhere`)).toEqual([]);
    expect(recordsAudit("await this.audit.record({ entity: 'people', action: 'x' }, manager);")).toBe(true);
    expect(
      updatedColumns(sql('UPDATE', 'mailings SET lanes_seen_at = now(), status = $2 WHERE id = $1'), 'mailings'),
    ).toEqual(['lanes_seen_at', 'status']);
  });
});
