/** Jobs of the mailings area (payloads are ids; PostgreSQL holds the truth). */
export interface MailingsJobs {
  /** Starts a scheduled mailing when its time has come (materializes its deliveries). */
  'mailing.start': { mailingId: string };
  /**
   * One run of a send lane: claims one batch of due deliveries, sends it, records the outcomes,
   * then enqueues the lane's next run. A few lanes per mailing spread the work over workers.
   */
  'mailing.lane': { mailingId: string; lane: number; seq: number; generation: string };
}
export const mailingsJobQueues = { 'mailing.start': 'mailings', 'mailing.lane': 'mailings' } as const;
