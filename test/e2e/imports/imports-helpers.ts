import type { INestApplicationContext } from '@nestjs/common';
import type { Client } from 'pg';
import { startApi, startWorker, testEnv, RunningApi } from '../../support/app';
import { database } from '../../support/db';
import { createWorld, World } from '../../support/fixtures';
import { gqlOk } from '../../support/gql';
import { waitFor } from '../../support/wait-for';

/** What an import test file runs against: the API, a worker, the fixture world and a database client. */
export interface ImportStack {
  api: RunningApi;
  worker: INestApplicationContext;
  world: World;
  db: Client;
}

export async function startImportStack(overrides: Record<string, string> = {}): Promise<ImportStack> {
  const env = testEnv(overrides);
  const api = await startApi(env);
  const worker = await startWorker(env);
  return { api, worker, world: await createWorld(api.url), db: await database() };
}

export async function stopImportStack(stack: ImportStack | undefined): Promise<void> {
  if (!stack) return;
  await stack.db.end();
  await stack.worker.close();
  await stack.api.close();
}

/**
 * Posts a CSV body (string, bytes or a stream of chunks) to POST /imports/people, declaring
 * `query` (by default the lawful basis CONSENT; `{}` declares none).
 */
export async function uploadCsv(
  url: string,
  token: string | undefined,
  body: string | Buffer | AsyncIterable<Uint8Array>,
  query: Record<string, string> = { lawfulBasis: 'CONSENT' },
): Promise<{ status: number; json: any; connection: string | null }> {
  const streamed = typeof body !== 'string' && !Buffer.isBuffer(body);
  const response = await fetch(`${url}/imports/people?${new URLSearchParams(query)}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv; charset=utf-8', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: streamed ? (ReadableFromAsync(body) as any) : (body as any),
    ...(streamed ? { duplex: 'half' } : {}),
  } as RequestInit);
  return {
    status: response.status,
    json: await response.json().catch(() => null),
    connection: response.headers.get('connection'),
  };
}

function ReadableFromAsync(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
}

export const IMPORT_QUERY =
  'query($id: ID!) { import(id: $id) { id status created updated failed lawfulBasis lawfulBasisNote errors { row message } } }';

export async function waitForImport(
  url: string,
  token: string,
  id: string,
  timeoutMs = 20000,
): Promise<{
  status: string;
  created: number;
  updated: number;
  failed: number;
  errors: { row: number; message: string }[];
}> {
  return waitFor(
    async () => {
      const { import: job } = await gqlOk(url, IMPORT_QUERY, { id }, token);
      return job.status === 'DONE' || job.status === 'FAILED' ? job : null;
    },
    { timeoutMs, intervalMs: 100, what: `import ${id} to finish` },
  );
}
