import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor } from './actor';

/**
 * Per-request (or per-job) context: who acts and under which request id. Set once at the entry
 * point; read by the audit trail and the logs so that neither has to be passed around.
 */
export interface RequestContext {
  requestId: string;
  actor?: Actor;
  /** Set while a queue job runs: every log line of its handler names the job. */
  job?: { id: string; name: string };
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
