import { Client } from 'pg';

const org = (name: string) => `(SELECT id FROM organizations WHERE name = '${name.replace(/'/g, "''")}')`;

/**
 * A few registered works and TDM reservations (issue 14): recordings of Federation of Musicians
 * members (two creators confirmed a creator-wide reservation, one is still pending), a Harbor
 * Records single with a URL and an attested reservation with a policy, a Northlight novel.
 * Keyed on the identifier (one work per identifier in the registry) and (creator, organization):
 * a second run changes nothing.
 */
export async function seedRegistry(db: Client): Promise<void> {
  const fom = org('Federation of Musicians');
  await db.query(`
    INSERT INTO registry_works (organization_id, creator_person_id, title, kind, isrc)
    SELECT ${fom}, m.person_id, 'Demo recording ' || m.n, 'SOUND_RECORDING', 'QZDEM26' || lpad(m.n::text, 5, '0')
    FROM (SELECT person_id, row_number() OVER (ORDER BY person_id) AS n FROM memberships WHERE organization_id = ${fom} ORDER BY person_id LIMIT 6) m
    ON CONFLICT DO NOTHING`);
  await db.query(`
    INSERT INTO registry_reservations (organization_id, creator_person_id, status, confirmed_at, licensing_contact)
    SELECT ${fom}, w.creator_person_id, CASE WHEN w.isrc <= 'QZDEM2600002' THEN 'CONFIRMED' ELSE 'PENDING' END,
           CASE WHEN w.isrc <= 'QZDEM2600002' THEN now() END, 'licensing@musicians-federation.example.org'
    FROM registry_works w WHERE w.organization_id = ${fom} AND w.isrc IN ('QZDEM2600001', 'QZDEM2600002', 'QZDEM2600003')
    ON CONFLICT DO NOTHING`);
  await db.query(`
    INSERT INTO registry_works (organization_id, rights_holder_organization_id, title, kind, isrc, iswc, url)
    VALUES (${org('Harbor Records')}, ${org('Harbor Records')}, 'Harbor Lights (demo single)', 'SOUND_RECORDING', 'QZDEM2600100', 'T0345246801', 'https://harbor-records.example.org/releases/harbor-lights')
    ON CONFLICT DO NOTHING`);
  await db.query(`
    INSERT INTO registry_works (organization_id, rights_holder_organization_id, title, kind, isbn, url)
    VALUES (${org('Northlight Publishing')}, ${org('Northlight Publishing')}, 'The Quiet Archive (demo novel)', 'BOOK', '9780306406157', 'https://northlight.example.org/books/the-quiet-archive')
    ON CONFLICT DO NOTHING`);
  await db.query(`
    INSERT INTO registry_reservations (organization_id, work_id, status, allow_search_indexing, policy_url, licensing_contact, attested_by_user_id)
    SELECT w.organization_id, w.id, 'ATTESTED', true, 'https://harbor-records.example.org/tdm-policy.json', 'licensing@harbor-records.example.org',
           (SELECT id FROM users WHERE role = 'COALITION_ADMIN' ORDER BY created_at LIMIT 1)
    FROM registry_works w WHERE w.isrc = 'QZDEM2600100' OR w.isbn = '9780306406157'
    ON CONFLICT DO NOTHING`);
}
