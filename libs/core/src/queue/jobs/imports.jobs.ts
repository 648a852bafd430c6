/** Jobs of the imports area (payloads are ids; PostgreSQL holds the truth). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ImportsJobs {}
export const importsJobQueues = {} as const;
