import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TABLE_OWNERS, TABLE_OWNERSHIP_EXEMPT } from './table-owners';

const ROOT = join(__dirname, '../../../..');
const LIBS = join(ROOT, 'libs');
const MIGRATIONS = join(LIBS, 'core/src/database/migrations');

/** SQL and TypeORM forms that name a table: `FROM people`, `JOIN "people"`, `@Entity('people')`, … */
function tableMentions(text: string, table: string): number {
  const t = `"?${table}"?\\b`;
  const patterns = [
    new RegExp(`\\b(?:FROM|JOIN|INTO|UPDATE|TABLE|REFERENCES|COPY|TRUNCATE)\\s+(?:ONLY\\s+)?(?:public\\.)?${t}`, 'gi'),
    new RegExp(`@Entity\\(\\s*['"\`]${table}['"\`]`, 'g'),
    new RegExp(`\\.(?:getRepository|from|into|update|delete|createQueryBuilder)\\(\\s*['"\`]${table}['"\`]`, 'g'),
  ];
  return patterns.reduce((sum, pattern) => sum + (text.match(pattern)?.length ?? 0), 0);
}

/** Comments may talk about other areas' tables; only code counts. */
function withoutComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|\s)\/\/.*$/gm, '$1')
    .replace(/^\s*--.*$/gm, '');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (path === MIGRATIONS || path === __filename) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|sql)$/.test(name) ? [path] : [];
  });
}

function offences(): string[] {
  const found: string[] = [];
  for (const area of readdirSync(LIBS)) {
    if ((TABLE_OWNERSHIP_EXEMPT as readonly string[]).includes(area)) continue;
    for (const file of sourceFiles(join(LIBS, area))) {
      const code = withoutComments(readFileSync(file, 'utf8'));
      for (const [table, owner] of Object.entries(TABLE_OWNERS)) {
        if (owner !== area && tableMentions(code, table) > 0)
          found.push(`${relative(ROOT, file)} names ${table} (owned by ${owner})`);
      }
    }
  }
  return found.sort();
}

describe('table ownership (issue 15)', () => {
  it('every table of the schema has an owning area', () => {
    const created = new Set<string>();
    for (const file of sourceFiles(MIGRATIONS).concat(readdirSync(MIGRATIONS).map((n) => join(MIGRATIONS, n)))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?([a-z_]+)/gi)) {
        created.add(match[1]);
      }
    }
    expect([...created].filter((table) => !(table in TABLE_OWNERS))).toEqual([]);
  });

  it('a lib names in SQL only the tables its area owns', () => {
    expect(offences()).toEqual([]);
  });

  it('the check itself finds a foreign table in SQL, but not in a comment', () => {
    expect(tableMentions(withoutComments('const q = `SELECT 1 FROM people p JOIN "memberships" m`;'), 'people')).toBe(
      1,
    );
    expect(tableMentions(withoutComments('// counts come from people'), 'people')).toBe(0);
    expect(tableMentions("@Entity('signatures')", 'signatures')).toBe(1);
  });
});
