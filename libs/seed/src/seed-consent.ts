import { Client } from 'pg';
import { consentChangeSql, ConsentSource, EmailStatus } from '@chorus/people';

const ROLL_BASIS = 'legitimate interest: member of a coalition union (membership roll)';

/**
 * The demo's consent log: every seeded member's IMPORT event with its lawful basis, a few
 * one-click opt-outs and bounces recorded through the consent writer, and one person merged from
 * a duplicate (as mergePeople leaves it). Idempotent like the rest of the seed.
 */
export async function seedConsent(db: Client): Promise<void> {
  await db.query(
    `INSERT INTO consent_events (person_id, status, source, occurred_at, text_shown, lawful_basis)
     SELECT p.id, 'SUBSCRIBED', 'IMPORT', coalesce(p.consent_at, p.created_at), p.consent_text, $1
     FROM people p WHERE p.email LIKE '%@example.org' AND NOT EXISTS (SELECT 1 FROM consent_events e WHERE e.person_id = p.id)`,
    [ROLL_BASIS],
  );
  const change = (name: string, emailPattern: string, status: EmailStatus, source: ConsentSource, text: string) =>
    db.query(
      `WITH ${consentChangeSql(name, `SELECT id FROM people WHERE email ~ $1`, { status, source, rule: 'more-protective', textShown: '$2' })} SELECT count(*) FROM ${name}`,
      [emailPattern, text],
    );
  await change(
    'opted_out',
    '^[a-z.]+\\.spu[0-9]*7@example\\.org$',
    EmailStatus.UNSUBSCRIBED,
    ConsentSource.ONE_CLICK,
    'Unsubscribed with the one-click link of the launch mailing',
  );
  await change(
    'bounced',
    '^[a-z.]+\\.fom[0-9]*3@example\\.org$',
    EmailStatus.BOUNCING,
    ConsentSource.MAIL_SYSTEM,
    '550 mailbox unavailable',
  );
  await seedMergedPerson(db);
}

/** Jordan Rivers was in the CRM twice (two unions, two addresses); the duplicate had opted out. */
async function seedMergedPerson(db: Client): Promise<void> {
  const keep = 'jordan.rivers@example.org';
  const duplicate = 'j.rivers.music@example.org';
  const { rows } = await db.query(
    `INSERT INTO people (email, first_name, last_name, disciplines, tags, country)
     VALUES ($1, 'Jordan', 'Rivers', '{actor,musician}', '{volunteer,press-ready}', 'US')
     ON CONFLICT ((lower(email::text))) DO NOTHING RETURNING id`,
    [keep],
  );
  if (rows.length === 0) return;
  const id = rows[0].id;
  const duplicateId = '00000000-0000-7000-8000-00000000d0b1'; // the deleted duplicate, as the log names it
  await db.query(
    `INSERT INTO memberships (person_id, organization_id, role)
     SELECT $1, id, 'MEMBER' FROM organizations WHERE name IN ('Screen Performers Union', 'Federation of Musicians') ON CONFLICT DO NOTHING`,
    [id],
  );
  await db.query(
    `INSERT INTO consent_events (person_id, status, source, occurred_at, text_shown, lawful_basis) VALUES
       ($1, 'SUBSCRIBED', 'IMPORT', now() - interval '60 days', 'Member agreed to union communications', $2),
       ($1, 'SUBSCRIBED', 'PUBLIC_SIGNUP', now() - interval '20 days', 'I sign the open letter and agree to hear about it.', NULL),
       ($1, 'UNSUBSCRIBED', 'ONE_CLICK', now() - interval '10 days', 'Unsubscribed with the one-click link of the launch mailing', NULL)`,
    [id, ROLL_BASIS],
  );
  // The merge itself: the duplicate's opt-out wins, through the consent writer.
  await db.query(
    `WITH ${consentChangeSql('merged', 'SELECT $1::uuid', { status: EmailStatus.UNSUBSCRIBED, source: ConsentSource.MERGE, rule: 'always', textShown: `'Merged with person ' || $2` })} SELECT count(*) FROM merged`,
    [id, duplicateId],
  );
  await db.query(
    `INSERT INTO suppressed_emails (email_hash, reason) VALUES (chorus_email_hash($1), 'MERGED_OPT_OUT') ON CONFLICT DO NOTHING`,
    [duplicate],
  );
  await db.query(
    `INSERT INTO audit_events (occurred_at, entity, entity_id, action, changes) VALUES (now() - interval '2 days', 'people', $1, 'merge', $2)`,
    [
      id,
      JSON.stringify({
        mergedId: duplicateId,
        mergedEmail: duplicate,
        before: { emailStatus: 'SUBSCRIBED', mergedEmailStatus: 'UNSUBSCRIBED' },
        after: { emailStatus: 'UNSUBSCRIBED' },
      }),
    ],
  );
}
