import { Client } from 'pg';
import { campaign } from './demo-data';

/**
 * What a working day looks like in the demo (issue 13): press releases in every state, a draft
 * mailing of a union, outreach tasks (one cancelled, one done), the do-not-contact journalist,
 * and the audit events those changes would have written. Keyed on titles and names: a second
 * run adds nothing.
 */
export async function seedEverydayWork(db: Client): Promise<void> {
  await seedReleases(db);
  await seedDraftMailing(db);
  await seedTasks(db);
  await seedAuditTrail(db);
}

const user = (email: string) => `(SELECT id FROM users WHERE email = '${email}')`;
const PRESS = user('press@chorus.localhost');
const LEAD = user('lead@chorus.localhost');
const SPU_STAFF = user('staff.spu@chorus.localhost');
const SPU = `(SELECT id FROM organizations WHERE name = 'Screen Performers Union')`;

/** [title, status, embargo offset (null: none), published] */
const releases: [string, string, string | null, boolean][] = [
  ['800 artists sign “Stealing Isn’t Innovation”', 'PUBLISHED', '-3 days', true],
  ['Coalition welcomes the AI licensing bill', 'SCHEDULED', '7 days', false],
  ['Unions set out the opt-out right creators need', 'APPROVED', null, false],
  ['Songwriters join the open letter', 'IN_REVIEW', null, false],
  ['Statement on the training-data court ruling (draft)', 'DRAFT', null, false],
  ['Launch event postponed', 'CANCELLED', null, false],
];

async function seedReleases(db: Client) {
  for (const [title, status, embargo, published] of releases) {
    await db.query(
      `INSERT INTO press_releases (title, body, status, campaign_id, author_user_id, approved_by_user_id, embargo_until, published_at)
       SELECT $1::text, $2::text, $3::text, (SELECT id FROM campaigns WHERE slug = $4), ${PRESS},
              CASE WHEN $3 IN ('APPROVED','SCHEDULED','PUBLISHED') THEN ${LEAD} END,
              CASE WHEN $5::text IS NULL THEN NULL ELSE date_trunc('hour', now()) + $5::interval END,
              CASE WHEN $6 THEN date_trunc('hour', now()) + $5::interval END
       WHERE NOT EXISTS (SELECT 1 FROM press_releases WHERE title = $1)`,
      [
        title,
        `${title}.\n\nThe coalition of creators’ unions and trade associations said today …`,
        status,
        campaign.slug,
        embargo,
        published,
      ],
    );
  }
  await db.query(
    `INSERT INTO press_release_lists (press_release_id, press_list_id)
     SELECT r.id, l.id FROM press_releases r, press_lists l
     WHERE r.title IN ($1, $2) AND l.name = 'Tech & Culture reporters' ON CONFLICT DO NOTHING`,
    [releases[0][0], releases[1][0]],
  );
}

async function seedDraftMailing(db: Client) {
  await db.query(
    `INSERT INTO mailings (name, subject, body_template, audience, status, owner_organization_id, created_by_user_id)
     SELECT 'SPU members: sign the open letter', 'Add your name, {{firstName}}',
            E'Dear {{firstName}},\\n\\nAI companies trained on our performances without asking. Sign the open letter: https://chorus.example.org/sign\\n\\nUnsubscribe: {{unsubscribeUrl}}',
            jsonb_build_object('organizationIds', jsonb_build_array(${SPU}), 'campaignId', NULL, 'verifiedOnly', NULL, 'tags', NULL, 'pressListIds', NULL),
            'DRAFT', ${SPU}, ${SPU_STAFF}
     WHERE NOT EXISTS (SELECT 1 FROM mailings WHERE name = 'SPU members: sign the open letter')`,
  );
}

async function seedTasks(db: Client) {
  const tasks: [string, string, string, string | null, string, string | null][] = [
    [
      'INTERVIEW',
      'Interview with Alex Rivera (Tech & Culture Weekly)',
      'OPEN',
      '1 day 6 hours',
      'alex.rivera@press.example.org',
      null,
    ],
    [
      'BRIEFING',
      'Background briefing for Gus Moreland',
      'CANCELLED',
      '2 days',
      'gus.moreland@press.example.org',
      'Cancelled: he asked not to be contacted',
    ],
    [
      'FOLLOW_UP',
      'Send Chidi Obi the signatory numbers',
      'DONE',
      '-1 day',
      'chidi.obi@press.example.org',
      'Sent; story ran on Signal Wire',
    ],
  ];
  for (const [kind, title, status, due, contactEmail, outcome] of tasks) {
    await db.query(
      `INSERT INTO outreach_tasks (kind, title, status, due_at, assignee_user_id, created_by_user_id, press_contact_id, outcome, completed_at)
       SELECT $1, $2::text, $3::text, date_trunc('hour', now()) + $4::interval, ${PRESS}, ${PRESS}, (SELECT id FROM press_contacts WHERE email = $5), $6,
              CASE WHEN $3 = 'DONE' THEN now() - interval '1 day' END
       WHERE NOT EXISTS (SELECT 1 FROM outreach_tasks WHERE title = $2)`,
      [kind, title, status, due, contactEmail, outcome],
    );
  }
}

/** The events the API would have written for the changes above (the seed writes rows directly). */
async function seedAuditTrail(db: Client) {
  const events: [string, string, string, string, string, object][] = [
    [
      'press_contacts',
      `(SELECT id::text FROM press_contacts WHERE email = 'gus.moreland@press.example.org')`,
      'update',
      PRESS,
      'NULL',
      { before: { doNotContact: false }, after: { doNotContact: true } },
    ],
    [
      'outreach_tasks',
      `(SELECT id::text FROM outreach_tasks WHERE title = 'Background briefing for Gus Moreland')`,
      'update',
      PRESS,
      'NULL',
      {
        before: { status: 'OPEN' },
        after: { status: 'CANCELLED', outcome: 'Cancelled: he asked not to be contacted' },
      },
    ],
    [
      'mailings',
      `(SELECT id::text FROM mailings WHERE name = 'SPU members: sign the open letter')`,
      'create',
      SPU_STAFF,
      SPU,
      { after: { name: 'SPU members: sign the open letter', status: 'DRAFT' } },
    ],
    [
      'press_releases',
      `(SELECT id::text FROM press_releases WHERE title = '${releases[2][0]}')`,
      'update',
      LEAD,
      'NULL',
      { before: { status: 'IN_REVIEW' }, after: { status: 'APPROVED' } },
    ],
    [
      'press_releases',
      `(SELECT id::text FROM press_releases WHERE title = '${releases[5][0]}')`,
      'update',
      PRESS,
      'NULL',
      { before: { status: 'DRAFT' }, after: { status: 'CANCELLED' } },
    ],
  ];
  for (const [entity, entityId, action, actor, organization, changes] of events) {
    await db.query(
      `INSERT INTO audit_events (occurred_at, request_id, actor_user_id, organization_id, entity, entity_id, action, changes)
       SELECT now() - interval '2 hours', 'demo-seed', ${actor}, ${organization}, $1::text, ${entityId}, $2::text, $3::jsonb
       WHERE NOT EXISTS (SELECT 1 FROM audit_events WHERE entity = $1 AND entity_id = ${entityId} AND action = $2 AND request_id = 'demo-seed')`,
      [entity, action, JSON.stringify(changes)],
    );
  }
}
