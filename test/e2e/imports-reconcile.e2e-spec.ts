// Imports: an import whose job ended failed in Redis without fail() running is picked up again;
// an import that cannot be merged ends FAILED with an audit event.
import type { INestApplicationContext } from '@nestjs/common';
import type { Client } from 'pg';
import { Worker } from 'bullmq';
import { JobQueue, QueueName } from '@chorus/core';
import { startApi, startWorker, testEnv, RunningApi } from '../support/app';
import { createWorld, World } from '../support/fixtures';
import { database } from '../support/db';
import { uploadCsv, waitForImport } from './imports/imports-helpers';

jest.setTimeout(60_000);

describe('imports reconciler', () => {
  let api: RunningApi;
  let worker: INestApplicationContext | undefined;
  let world: World;
  let db: Client;
  const tag = Math.random().toString(36).slice(2, 8);
  const email = (name: string) => `${name}.${tag}@example.test`;

  beforeAll(async () => {
    api = await startApi(testEnv()); // no worker yet: the uploads' jobs wait in Redis
    world = await createWorld(api.url);
    db = await database();
  });
  afterAll(async () => {
    await db.end();
    await worker?.close();
    await api.close();
  });

  it('re-queues an unfinished import whose job already failed in Redis, and records import.failed for one that cannot be merged', async () => {
    const stuck = (await uploadCsv(api.url, world.admin, `email,first_name\n${email('stuck')},Stuck\n`)).json.id;

    // The stuck import's job ends failed (as after too many stalls) while the row stays PENDING.
    const queue = api.app.get(JobQueue).queue(QueueName.Imports);
    await (await queue.getJob(`import-${stuck}`))!.remove();
    await queue.add(
      'imports.process',
      { importId: stuck },
      { jobId: `import-${stuck}`, attempts: 1, removeOnFail: { age: 7 * 24 * 3600 } },
    );
    const manual = new Worker(queue.name, null, { connection: queue.opts.connection, prefix: queue.opts.prefix });
    try {
      const job = await manual.getNextJob('test-token');
      expect(job?.id).toBe(`import-${stuck}`);
      await job!.moveToFailed(new Error('job stalled more than allowable limit'), 'test-token');
    } finally {
      await manual.close();
    }
    expect(await (await queue.getJob(`import-${stuck}`))!.isFailed()).toBe(true);

    // Another import's staged rows vanish (as after a PostgreSQL crash).
    const gone = (await uploadCsv(api.url, world.admin, `email,first_name\n${email('gone')},Gone\n`)).json.id;
    await db.query(`DROP TABLE import_staging."rows_${gone.replace(/-/g, '')}"`);

    worker = await startWorker(api.env); // its reconciler runs at start
    expect(await waitForImport(api.url, world.admin, stuck)).toMatchObject({ status: 'DONE', created: 1 });
    expect(await waitForImport(api.url, world.admin, gone)).toMatchObject({ status: 'FAILED' });
    const { rows } = await db.query(
      `SELECT action, changes FROM audit_events WHERE entity = 'import_jobs' AND entity_id = $1 ORDER BY occurred_at`,
      [gone],
    );
    expect(rows.map((r) => r.action)).toEqual(['import.uploaded', 'import.failed']);
    expect(rows[1].changes).toMatchObject({ reason: 'The staged rows are gone; upload the file again', rows: 1 });
  });
});
