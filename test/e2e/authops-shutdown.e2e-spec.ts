// Issue #11, SIGTERM: the built API and worker drain (finish what is in flight within the grace,
// release the rest) and exit within 10 s.
import { spawn } from 'node:child_process';
import { request, ClientRequest } from 'node:http';
import { join } from 'node:path';
import type { Client } from 'pg';
import { JobQueue } from '@chorus/core';
import { ROOT, spawnWorker, startApi, stopProcess, testEnv, RunningApi } from '../support/app';
import { gql, gqlOk, login } from '../support/gql';
import { database } from '../support/db';
import { uniqueEmail } from '../support/fixtures';
import { freePort } from '../support/private-redis';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { waitFor } from '../support/wait-for';

const SIGN = 'mutation($i: SignCampaignInput!) { signCampaign(input: $i) }';

/** Sends SIGTERM and resolves with how long the process took to exit, and its exit code. */
function terminate(child: ReturnType<typeof spawnWorker>): Promise<{ ms: number; code: number | null }> {
  const started = Date.now();
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve({ ms: Date.now() - started, code }));
    child.kill('SIGTERM');
  });
}

/** The built API (`npm run build` first) as its own process. */
function spawnApi(env: Record<string, string>) {
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return Object.assign(child, { output: () => output });
}

/** A CSV upload whose body arrives a row at a time; `finish()` ends it; resolves with the status. */
function slowUpload(url: string, token: string) {
  const { hostname, port } = new URL(url);
  let req!: ClientRequest;
  let timer: NodeJS.Timeout;
  const status = new Promise<number | string>((resolve) => {
    req = request(
      {
        hostname,
        port,
        path: '/imports/people?lawfulBasis=CONSENT',
        method: 'POST',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', (error) => resolve((error as NodeJS.ErrnoException).code ?? 'error'));
    req.write('email,first_name\n');
    let i = 0;
    timer = setInterval(() => req.write(`slow.${i++}.${Date.now()}@example.test,Slow\n`), 200);
  });
  return {
    status,
    finish: () => {
      clearInterval(timer);
      req.end();
    },
    stop: () => clearInterval(timer),
  };
}

describe('authops: SIGTERM drains and exits within 10 s', () => {
  let api: RunningApi;
  let admin: string;
  let db: Client;
  let env: Record<string, string>;
  let slug: string;
  const children: ReturnType<typeof spawnWorker>[] = [];
  const sinks: SmtpSink[] = [];

  beforeAll(async () => {
    env = testEnv({
      PUBLIC_URL: 'http://chorus.test',
      SHUTDOWN_GRACE_SECONDS: '5',
      SIGN_CONFIRM_RECONCILE_SECONDS: '3600',
    });
    api = await startApi(env);
    admin = await login(api.url, 'admin@chorus.localhost', 'chorus-admin-password');
    db = await database();
    slug = `shutdown-${Date.now().toString(36)}`;
    const campaign = (
      await gqlOk(
        api.url,
        'mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }',
        { i: { slug, title: 'Shutdown Letter', statement: 'We demand licensing.' } },
        admin,
      )
    ).createCampaign;
    await gqlOk(api.url, 'mutation($id: ID!) { activateCampaign(id: $id) { id } }', { id: campaign.id }, admin);
  });

  afterAll(async () => {
    for (const child of children) await stopProcess(child, 'SIGKILL');
    for (const sink of sinks) await sink.close();
    await db?.end();
    await api?.close();
  });

  /** A worker mailing through an SMTP server that takes `delayMs` to accept each message, busy with one confirmation email. */
  const busyWorker = async (delayMs: number) => {
    const sink = await startSmtpSink({ delayMs });
    sinks.push(sink);
    const worker = spawnWorker({ ...env, SMTP_URL: sink.url });
    children.push(worker);
    await waitFor(() => worker.output().includes('consuming queues'), {
      what: 'the worker to start',
      timeoutMs: 30000,
    });
    const signer = uniqueEmail('shutdown-signer');
    expect(
      (
        await gql(api.url, SIGN, {
          i: {
            slug,
            email: signer,
            firstName: 'Kit',
            publicDisplay: false,
            consentText: 'I agree to be contacted about this campaign.',
          },
        })
      ).data,
    ).toEqual({ signCampaign: true });
    const email = api.app.get(JobQueue).queue('email');
    await waitFor(async () => (await email.getActiveCount()) > 0, { what: 'the confirmation job to be in flight' });
    return { worker, sink, signer };
  };

  it('worker: a job that finishes within the grace completes, then the process exits', async () => {
    const { worker, sink, signer } = await busyWorker(2000);
    const { ms, code } = await terminate(worker);
    expect(ms).toBeLessThan(10000);
    expect(code).toBe(0);
    expect(sink.to(signer)).toHaveLength(1);
    const row = await db.query(
      `SELECT s.confirmation_sent_at FROM signatures s JOIN people p ON p.id = s.person_id WHERE p.email = $1`,
      [signer],
    );
    expect(row.rows[0].confirmation_sent_at).not.toBeNull();
  });

  it('worker: a job stuck on a slow SMTP server does not hold the exit past 10 s', async () => {
    const { worker } = await busyWorker(60000);
    const { ms } = await terminate(worker);
    expect(ms).toBeLessThan(10000);
  });

  it('API: refuses new connections at once, lets an upload under way finish, cuts a stalled one, exits within 10 s', async () => {
    const port = await freePort();
    const child = spawnApi({ ...env, PORT: String(port) });
    children.push(child);
    await waitFor(() => child.output().includes('listening'), { what: 'the API to listen', timeoutMs: 60000 }).catch(
      (error) => {
        throw new Error(`${error.message}; its output: ${child.output()} (exit ${child.exitCode})`);
      },
    );
    const url = `http://127.0.0.1:${port}`;
    const finishing = slowUpload(url, admin);
    const stalled = slowUpload(url, admin);
    await new Promise((resolve) => setTimeout(resolve, 500));

    const exited = terminate(child);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    setTimeout(() => finishing.finish(), 1000);
    expect(await finishing.status).toBe(202);

    const { ms } = await exited;
    stalled.stop();
    expect(ms).toBeLessThan(10000);
    expect(typeof (await stalled.status)).toBe('string'); // its connection was cut
  });
});
