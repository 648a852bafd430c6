import { EmailStatus } from '../entities/person.entity';
import { ConsentSource } from './consent-event.entity';

/** From the least to the most protective: merges keep the later one, automatic changes only go up. */
export const STATUS_PROTECTION: EmailStatus[] = [
  EmailStatus.SUBSCRIBED,
  EmailStatus.BOUNCING,
  EmailStatus.UNSUBSCRIBED,
  EmailStatus.SPAM_COMPLAINT,
];

export const mostProtective = (a: EmailStatus, b: EmailStatus): EmailStatus =>
  STATUS_PROTECTION.indexOf(a) >= STATUS_PROTECTION.indexOf(b) ? a : b;

const protectionSql = (expression: string) =>
  `array_position(ARRAY[${STATUS_PROTECTION.map((s) => `'${s}'`).join(',')}]::text[], ${expression})`;

/**
 * When a change applies to a person: `more-protective` (bounces, complaints, opt-outs, erasure,
 * merges: never weakens a status), `changed` (staff, after their checks), `always` (a new
 * confirmed opt-in or a first record: logged even when the status stays).
 */
export type ConsentRule = 'more-protective' | 'changed' | 'always';

/** A consent change; the optional values are SQL expressions (usually `$n` parameters). */
export interface ConsentChangeSql {
  status: EmailStatus;
  source: ConsentSource;
  rule: ConsentRule;
  textShown?: string;
  actorUserId?: string;
  ipHash?: string;
  importId?: string;
  mailingId?: string;
  lawfulBasis?: string;
}

/**
 * The one writer of people.email_status, as two CTEs for set-based callers (the mailing
 * pipeline's bounces, merges): `<name>` updates the people `peopleSql` selects (a SELECT of
 * person ids) whom the rule lets change, returning `(id, before)`; `<name>_events` logs one
 * consent event per changed person in the same statement. Status and source are enum values
 * (inlined); the rest are caller-bound expressions.
 */
export function consentChangeSql(name: string, peopleSql: string, change: ConsentChangeSql): string {
  const status = `'${change.status}'`;
  const source = `'${change.source}'`;
  const applies = {
    'more-protective': `${protectionSql('old.before')} < ${protectionSql(status)}`,
    changed: `old.before <> ${status}`,
    always: 'true',
  }[change.rule];
  const value = (expression?: string, type = 'text') => (expression ? `(${expression})::${type}` : `NULL::${type}`);
  return `${name} AS (
      UPDATE people pe SET email_status = ${status},
        email_status_changed_at = CASE WHEN old.before = ${status} THEN pe.email_status_changed_at ELSE now() END,
        consent_at = now(), consent_source = ${source}, consent_text = ${value(change.textShown)}, updated_at = now()
      FROM (SELECT p.id, p.email_status AS before FROM people p WHERE p.id IN (${peopleSql}) FOR UPDATE OF p) old
      WHERE pe.id = old.id AND ${applies}
      RETURNING pe.id, old.before),
    ${name}_events AS (
      INSERT INTO consent_events (person_id, status, source, text_shown, actor_user_id, ip_hash, import_id, mailing_id, lawful_basis)
      SELECT id, ${status}, ${source}, ${value(change.textShown)}, ${value(change.actorUserId, 'uuid')}, ${value(change.ipHash)},
        ${value(change.importId, 'uuid')}, ${value(change.mailingId, 'uuid')}, ${value(change.lawfulBasis)}
      FROM ${name}
      RETURNING person_id)`;
}

/**
 * For the import merge: the consent events of the people a chunk has just created (they are
 * SUBSCRIBED by the column default). `newPeopleSql` selects their ids as `person_id`; the lawful
 * basis the import declared is an SQL expression (e.g. read from import_jobs).
 * Each event takes its person's id as its own (a person is created once, so it is unique, and
 * time-ordered like chorus_uuid_v7(), which would cost ~4 µs a row), and the events go in in id
 * order: both indexes and the foreign-key look-ups then touch consecutive pages (~30 % less CPU
 * than in email order, issue 12).
 */
export function importedPeopleConsentSql(newPeopleSql: string, importIdSql: string, lawfulBasisSql = 'NULL'): string {
  return `INSERT INTO consent_events (id, person_id, status, source, import_id, lawful_basis)
    SELECT n.person_id, n.person_id, '${EmailStatus.SUBSCRIBED}', '${ConsentSource.IMPORT}', (${importIdSql})::uuid, (${lawfulBasisSql})::text
    FROM (${newPeopleSql}) n ORDER BY n.person_id`;
}

/**
 * True when the email (an SQL expression) belongs to an erased person (or an opted-out duplicate
 * merged away): the suppression list keeps only an irreversible hash. Imports refuse such rows;
 * audiences skip such people. The uncorrelated first EXISTS runs once per statement, so that
 * while the list is empty no row pays for hashing its email (~20 µs a row on a loaded machine).
 */
export const suppressedEmailSql = (emailExpression: string) =>
  `(EXISTS (SELECT 1 FROM suppressed_emails) AND EXISTS (SELECT 1 FROM suppressed_emails se WHERE se.email_hash = chorus_email_hash((${emailExpression})::text)))`;
