import { Client } from 'pg';
import { hashPassword } from '@chorus/auth';
import { seedConsent } from './seed-consent';
import { seedEverydayWork } from './seed-everyday';
import { seedRegistry } from './seed-registry';
import {
  campaign,
  DEMO_PASSWORD,
  firstNames,
  journalists,
  lastNames,
  memberOrganizations,
  organizations,
  outlets,
} from './demo-data';

/**
 * Builds the demo coalition with set-based SQL. Every insert is keyed on a natural unique key
 * (organization name, email, slug …) and skips what exists, so running it twice changes nothing.
 */
export async function seedDemo(
  databaseUrl: string,
  admin: { email: string; password: string },
  log: (line: string) => void,
): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('BEGIN');
    await seedOrganizations(db);
    await seedUsers(db, admin);
    await seedPeople(db);
    await seedConsent(db);
    await seedCampaign(db);
    await seedPress(db);
    await seedEverydayWork(db);
    await seedRegistry(db);
    await db.query('COMMIT');
    const counts = await db.query(
      `SELECT (SELECT count(*) FROM organizations) AS organizations, (SELECT count(*) FROM people) AS people, (SELECT count(*) FROM signatures) AS signatures, (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM press_contacts) AS press_contacts`,
    );
    log(`Demo coalition ready: ${JSON.stringify(counts.rows[0])}`);
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await db.end();
  }
}

async function seedOrganizations(db: Client) {
  for (const o of organizations) {
    await db.query(
      `INSERT INTO organizations (name, kind, website, joined_on) SELECT $1, $2, $3, $4
       WHERE NOT EXISTS (SELECT 1 FROM organizations WHERE lower(name) = lower($1))`,
      [o.name, o.kind, o.website, o.joinedOn],
    );
  }
}

const orgId = (key: string) =>
  `(SELECT id FROM organizations WHERE name = '${organizations.find((o) => o.key === key)!.name.replace(/'/g, "''")}')`;

async function seedUsers(db: Client, admin: { email: string; password: string }) {
  const hash = await hashPassword(DEMO_PASSWORD);
  const users: [string, string, string, string | null][] = [
    ['press@chorus.localhost', 'Priya Press (press officer)', 'PRESS_OFFICER', null],
    ['staff.spu@chorus.localhost', 'Sam Staff (Screen Performers Union)', 'ORG_STAFF', 'spu'],
    ['staff.fom@chorus.localhost', 'Fran Staff (Federation of Musicians)', 'ORG_STAFF', 'fom'],
    ['staff.wgc@chorus.localhost', 'Wes Staff (Writers Guild of the Coast)', 'ORG_STAFF', 'wgc'],
    ['lead@chorus.localhost', 'Lee Lead (coalition lead)', 'COALITION_ADMIN', null],
  ];
  await db.query(
    `INSERT INTO users (email, name, password_hash, role, calendar_token)
     VALUES ($1, 'Coalition admin', $2, 'COALITION_ADMIN', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
     ON CONFLICT (email) DO NOTHING`,
    [admin.email, await hashPassword(admin.password)],
  );
  for (const [email, name, role, org] of users) {
    await db.query(
      `INSERT INTO users (email, name, password_hash, role, organization_id, calendar_token)
       VALUES ($1, $2, $3, $4, ${org ? orgId(org) : 'NULL'}, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
       ON CONFLICT (email) DO NOTHING`,
      [email, name, hash, role],
    );
  }
}

async function seedPeople(db: Client) {
  let offset = 0;
  for (const org of memberOrganizations) {
    // Deterministic fictional members: name i of the org from the name lists, email on example.org.
    await db.query(
      `WITH generated AS (
         SELECT n, ($1::text[])[1 + (n * 7 + $4) % array_length($1::text[], 1)] AS first_name,
                   ($2::text[])[1 + (n * 13 + $4) % array_length($2::text[], 1)] AS last_name
         FROM generate_series(1, $3::int) AS n
       )
       INSERT INTO people (email, first_name, last_name, disciplines, tags, country, consent_at, consent_source, consent_text)
       SELECT lower(first_name || '.' || last_name || '.' || $5 || n) || '@example.org', first_name, last_name, ARRAY[$6::text],
              CASE WHEN n % 5 = 0 THEN ARRAY['volunteer'] WHEN n % 7 = 0 THEN ARRAY['press-ready'] ELSE '{}'::text[] END,
              (ARRAY['US','US','US','CA','GB','IE','AU'])[1 + n % 7], now() - (n || ' days')::interval, 'union membership roll', 'Member agreed to union communications'
       FROM generated
       ON CONFLICT ((lower(email::text))) DO NOTHING`,
      [firstNames, lastNames, org.members, offset, org.key, org.discipline],
    );
    await db.query(
      `INSERT INTO memberships (person_id, organization_id, role, member_number)
       SELECT p.id, ${orgId(org.key)}, CASE WHEN p.email ~ '00@' THEN 'LEADERSHIP' ELSE 'MEMBER' END, upper($1) || '-' || substring(p.email FROM '([0-9]+)@')
       FROM people p WHERE p.email ~ ('\\.' || $1 || '[0-9]+@example\\.org$')
       ON CONFLICT (person_id, organization_id) DO NOTHING`,
      [org.key],
    );
    offset += 3;
  }
  // A few people belong to two organizations, as in real coalitions.
  await db.query(
    `INSERT INTO memberships (person_id, organization_id, role)
     SELECT id, ${orgId('sga')}, 'MEMBER' FROM people WHERE email LIKE '%.fom%@example.org' AND substring(email FROM '[0-9]+@') ~ '^[0-9]*5@'
     ON CONFLICT DO NOTHING`,
  );
}

async function seedCampaign(db: Client) {
  await db.query(
    `INSERT INTO campaigns (slug, title, statement, signature_goal, status, activated_at) VALUES ($1, $2, $3, $4, 'ACTIVE', now() - interval '30 days')
     ON CONFLICT (slug) DO NOTHING`,
    [campaign.slug, campaign.title, campaign.statement, campaign.signatureGoal],
  );
  // ~800 signatures over the last 30 days, recruited by the members' organizations.
  for (const org of memberOrganizations) {
    const share = Math.round((org.members / 3150) * 840);
    await db.query(
      `INSERT INTO signatures (campaign_id, person_id, signed_at, channel, recruited_by_organization_id, public_display, display_title, verification, verified_at, consent_text, confirmed_at)
       SELECT c.id, p.id, now() - ((row_number() OVER (ORDER BY p.email)) % 30 || ' days')::interval, 'PUBLIC', m.organization_id,
              (row_number() OVER (ORDER BY p.email)) % 10 <> 0,
              ($3::text[])[1 + (row_number() OVER (ORDER BY p.email))::int % array_length($3::text[], 1)],
              CASE WHEN (row_number() OVER (ORDER BY p.email)) % 9 = 0 THEN 'UNVERIFIED' WHEN (row_number() OVER (ORDER BY p.email)) % 31 = 0 THEN 'REJECTED' ELSE 'VERIFIED' END,
              now() - interval '1 day', 'I sign the open letter “Stealing Isn’t Innovation”.', now() - interval '1 day'
       FROM memberships m JOIN people p ON p.id = m.person_id CROSS JOIN campaigns c
       WHERE c.slug = $1 AND m.organization_id = ${orgId(org.key)}
       ORDER BY p.email LIMIT $2
       ON CONFLICT (campaign_id, person_id) DO NOTHING`,
      [campaign.slug, share, org.titles],
    );
  }
  const commitments: [string, string, string, number | null, string][] = [
    ['spu', 'RECRUIT_SIGNATORIES', 'Recruit 250 actors to sign the open letter', 250, '45 days'],
    ['fom', 'RECRUIT_SIGNATORIES', 'Recruit 200 musicians to sign the open letter', 200, '45 days'],
    ['wgc', 'RECRUIT_SIGNATORIES', 'Recruit 150 writers to sign the open letter', 150, '20 days'],
    ['vau', 'RECRUIT_SIGNATORIES', 'Recruit 120 voice artists', 120, '10 days'],
    ['aga', 'RECRUIT_SIGNATORIES', 'Recruit 80 authors', 80, '30 days'],
    ['ria', 'CO_SIGN_RELEASE', 'Co-sign the launch press release', 1, '7 days'],
    ['mpa', 'AMPLIFY', 'Share the letter with all member publishers', null, '14 days'],
    ['haf', 'FUNDING', 'Fund the campaign website and ads', null, '60 days'],
  ];
  for (const [org, kind, description, target, due] of commitments) {
    await db.query(
      `INSERT INTO commitments (organization_id, campaign_id, kind, description, target, due_at, status, created_at)
       SELECT ${orgId(org)}, c.id, $2, $3, $4, now() + $5::interval, 'IN_PROGRESS', now() - interval '30 days' FROM campaigns c
       WHERE c.slug = $1 AND NOT EXISTS (SELECT 1 FROM commitments x WHERE x.organization_id = ${orgId(org)} AND x.description = $3)`,
      [campaign.slug, kind, description, target, due],
    );
  }
}

async function seedPress(db: Client) {
  for (const name of outlets) {
    await db.query(
      `INSERT INTO outlets (name) SELECT $1 WHERE NOT EXISTS (SELECT 1 FROM outlets WHERE lower(name) = lower($1))`,
      [name],
    );
  }
  for (const [name, outlet, beat] of journalists) {
    const email = `${name
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z ]/g, '')
      .replace(/ /g, '.')}@press.example.org`;
    await db.query(
      `INSERT INTO press_contacts (name, email, outlet_id, beat, do_not_contact) SELECT $1, $2, id, $4, $5 FROM outlets WHERE name = $3 ON CONFLICT (email) DO NOTHING`,
      [name, email, outlet, beat, name === 'Gus Moreland'],
    );
  }
  await db.query(
    `INSERT INTO press_lists (name) SELECT 'Tech & Culture reporters' WHERE NOT EXISTS (SELECT 1 FROM press_lists WHERE name = 'Tech & Culture reporters')`,
  );
  await db.query(
    `INSERT INTO press_list_contacts (press_list_id, press_contact_id)
     SELECT l.id, c.id FROM press_lists l, press_contacts c JOIN outlets o ON o.id = c.outlet_id
     WHERE l.name = 'Tech & Culture reporters' AND o.name IN ('Tech & Culture Weekly', 'Signal Wire')
     ON CONFLICT DO NOTHING`,
  );
}
