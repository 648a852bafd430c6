import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printApiSchema } from './print-schema';

const ROOT = join(__dirname, '../../../..');

/** The committed schema.graphql (HEAD's, where this is a git checkout: `npm run build` rewrites the working copy). */
function committedSchema(): string {
  try {
    return execFileSync('git', ['show', 'HEAD:schema.graphql'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return readFileSync(join(ROOT, 'schema.graphql'), 'utf8');
  }
}

describe('schema.graphql', () => {
  it('is committed exactly as the API modules generate it (run npm run build and commit schema.graphql)', async () => {
    expect(committedSchema()).toBe(await printApiSchema());
  });
});
