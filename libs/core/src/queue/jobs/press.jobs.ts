/** Jobs of the press area (payloads are ids; PostgreSQL holds the truth). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PressJobs {}
export const pressJobQueues = {} as const;
