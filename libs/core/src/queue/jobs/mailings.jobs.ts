/** Jobs of the mailings area (payloads are ids; PostgreSQL holds the truth). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MailingsJobs {}
export const mailingsJobQueues = {} as const;
