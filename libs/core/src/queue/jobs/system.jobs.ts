/** Diagnostics: the API asks a worker to answer, proving the round trip through Redis. */
export interface SystemJobs {
  'system.ping': { requestedAt: string };
}
export const systemJobQueues = { 'system.ping': 'system' } as const;
