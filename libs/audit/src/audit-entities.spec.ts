import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_ENTITIES } from './audit-entities';

const LIBS = join(__dirname, '../..');

function entityFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return entityFiles(path);
    return name.endsWith('.entity.ts') ? [path] : [];
  });
}

describe('audit entity list', () => {
  it('names the table of every @Audited entity (the subscriber refuses to write an unlisted one)', () => {
    const audited = entityFiles(LIBS).flatMap((file) => {
      // One file may hold several entities: pair each @Audited decorator with the @Entity that follows it.
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(/@Audited\([^)]*\)\s*(?:@\w+\([^)]*\)\s*)*@Entity\('([a-z_]+)'\)/g)].map((m) => m[1]);
    });
    expect(audited.length).toBeGreaterThan(10);
    expect(audited.filter((table) => !(AUDIT_ENTITIES as readonly string[]).includes(table))).toEqual([]);
  });
});
