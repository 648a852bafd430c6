import { Client } from 'pg';

// Name pools for realistic trigram statistics (names repeat, emails are unique).
const FIRST =
  'Aaliyah Aaron Abigail Adam Adrian Aiden Alan Albert Alejandro Alex Alexa Alice Alicia Allison Amanda Amber Amelia Amy Ana Andrea Andrew Angela Anna Anthony Antonio Ariana Arthur Ashley Aubrey Audrey Austin Ava Barbara Benjamin Beth Betty Beverly Billy Blake Bobby Brandon Brenda Brian Brittany Bruce Bryan Caleb Cameron Carl Carlos Carol Caroline Carter Catherine Charles Charlotte Chloe Chris Christian Christina Christine Christopher Claire Cody Connor Craig Crystal Cynthia Daniel Danielle David Deborah Denise Dennis Diana Diane Donald Donna Dorothy Douglas Dylan Edward Elijah Elizabeth Ella Emily Emma Eric Ethan Eugene Evelyn Frances Frank Gabriel Gary George Gerald Gloria Grace Gregory Hannah Harold Harper Heather Helen Henry Isabella Jack Jacob Jacqueline James Janet Janice Jason Jean Jeffrey Jennifer Jeremy Jerry Jesse Jessica Joan Joe John Jonathan Jordan Jose Joseph Joshua Joyce Juan Judith Judy Julia Julie Justin Karen Katherine Kathleen Kayla Keith Kelly Kenneth Kevin Kimberly Kyle Laura Lauren Lawrence Layla Leah Liam Lillian Lily Linda Lisa Logan Lucas Luis Madison Margaret Maria Marie Marilyn Mark Martha Mary Mason Matthew Megan Melissa Mia Michael Michelle Nancy Natalie Nathan Nicholas Nicole Noah Olivia Pamela Patricia Patrick Paul Peter Philip Rachel Ralph Randy Raymond Rebecca Richard Riley Robert Roger Ronald Rose Roy Russell Ruth Ryan Samantha Samuel Sandra Sara Sarah Scott Sean Sharon Shirley Sofia Sophia Stephanie Stephen Steven Susan Teresa Terry Thomas Timothy Tyler Victoria Vincent Virginia Walter Wayne William Zoe'.split(
    ' ',
  );
const LAST =
  'Adams Allen Alvarez Anderson Bailey Baker Barnes Bell Bennett Brooks Brown Bryant Butler Campbell Carter Castillo Chavez Clark Coleman Collins Cook Cooper Cox Cruz Davis Diaz Edwards Evans Fisher Flores Ford Foster Garcia Gibson Gomez Gonzales Gonzalez Graham Gray Green Griffin Gutierrez Hall Hamilton Harris Hayes Henderson Hernandez Hill Howard Hughes Jackson James Jenkins Jimenez Johnson Jones Jordan Kelly Kennedy Kim King Lee Lewis Long Lopez Marshall Martin Martinez Mendoza Miller Mitchell Moore Morales Morgan Morris Murphy Murray Myers Nelson Nguyen Ortiz Owens Parker Patel Perez Perry Peterson Phillips Powell Price Ramirez Ramos Reed Reyes Reynolds Richardson Rivera Roberts Robinson Rodriguez Rogers Ross Ruiz Russell Sanchez Sanders Scott Simmons Smith Stewart Sullivan Taylor Thomas Thompson Torres Turner Walker Wallace Ward Washington Watson West White Williams Wilson Wood Woods Wright Young Abara Okafor Nakamura Tanaka Schneider Fischer Weber Dubois Moreau Rossi Russo Ferrari Kowalski Nowak Novak Horvat Jensen Hansen Larsen Andersson Nilsson Virtanen Murphy Byrne Walsh Silva Santos Oliveira Costa Pereira'.split(
    ' ',
  );
const DOMAINS = ['example.org', 'mail.example.com', 'union.example.net', 'artists.example', 'studio.example.io'];
const DISCIPLINES = ['actor', 'musician', 'writer', 'songwriter', 'voice actor', 'composer', 'illustrator'];

/**
 * Loads `count` people set-based (one INSERT … SELECT generate_series), with the search, sort
 * and unique-email indexes dropped during the load and built after it, then one membership
 * each in 20 organizations. Returns the seconds each step took.
 */
export async function loadPeople(
  db: Client,
  count: number,
  log: (line: string) => void,
): Promise<Record<string, number>> {
  const timings: Record<string, number> = {};
  const step = async (name: string, sql: string, params: unknown[] = []) => {
    const started = performance.now();
    await db.query(sql, params);
    timings[name] = (performance.now() - started) / 1000;
    log(`  ${name}: ${timings[name].toFixed(1)} s`);
  };
  await step(
    'drop indexes',
    `DROP INDEX IF EXISTS people_search_trgm, people_sort, people_tags, people_email_status, people_email_key`,
  );
  await step(
    'organizations',
    `INSERT INTO organizations (name, kind) SELECT 'Bench Union ' || g, 'UNION' FROM generate_series(1, 20) g ON CONFLICT DO NOTHING`,
  );
  await step(
    'people (INSERT … SELECT generate_series)',
    `INSERT INTO people (email, first_name, last_name, country, disciplines, tags, consent_at, consent_source)
     SELECT lower(f) || '.' || lower(l) || '.' || i || '@' || d, f, l, 'US', ARRAY[disc], CASE WHEN i % 10 = 0 THEN ARRAY['volunteer'] ELSE '{}' END, now(), 'IMPORT'
       FROM (SELECT i,
                    ($1::text[])[(1 + (i * 2654435761) % array_length($1::text[], 1))::int] AS f,
                    ($2::text[])[(1 + ((i * 40503) / 7) % array_length($2::text[], 1))::int] AS l,
                    ($3::text[])[(1 + i % array_length($3::text[], 1))::int] AS d,
                    ($4::text[])[(1 + i % array_length($4::text[], 1))::int] AS disc
               FROM generate_series(1::bigint, $5::bigint) i) s`,
    [FIRST, LAST, DOMAINS, DISCIPLINES, count],
  );
  await step('set maintenance_work_mem', `SET maintenance_work_mem = '1GB'`);
  await step('unique email index', `CREATE UNIQUE INDEX people_email_key ON people ((lower(email::text)))`);
  // The rows are consistent by construction: skip the per-row foreign-key triggers of this load.
  await step('set session_replication_role = replica', `SET session_replication_role = replica`);
  await step(
    'memberships',
    `INSERT INTO memberships (person_id, organization_id, role)
     SELECT p.id, o.ids[1 + abs(hashtext(p.id::text)) % array_length(o.ids, 1)], 'MEMBER'
       FROM people p, (SELECT array_agg(id ORDER BY name) AS ids FROM organizations WHERE name LIKE 'Bench Union %') o`,
  );
  await step('set session_replication_role = origin', `SET session_replication_role = origin`);
  await step(
    'index people_search_trgm (GIN trigram)',
    `CREATE INDEX people_search_trgm ON people USING gin ((first_name || ' ' || coalesce(last_name, '') || ' ' || email::text) gin_trgm_ops)`,
  );
  await step(
    'index people_sort',
    `CREATE INDEX people_sort ON people (lower(coalesce(last_name, '')), lower(first_name), id)`,
  );
  await step('index people_tags', `CREATE INDEX people_tags ON people USING gin (tags)`);
  await step(
    'index people_email_status',
    `CREATE INDEX people_email_status ON people (email_status) WHERE email_status <> 'SUBSCRIBED'`,
  );
  await step('VACUUM ANALYZE', `VACUUM ANALYZE people, memberships, organizations`);
  return timings;
}
