/** Jobs of the outreach area (payloads are ids; PostgreSQL holds the truth). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface OutreachJobs {}
export const outreachJobQueues = {} as const;
