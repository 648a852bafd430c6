/** Jobs of the press area (payloads are ids; PostgreSQL holds the truth). */
export interface PressJobs {
  /**
   * Wake-up call for an embargo lift. `embargoMs` is the embargo the job was armed for: the
   * handler does nothing unless the row is still SCHEDULED with exactly that embargo.
   */
  'press.publish-release': { releaseId: string; embargoMs: number };
}
export const pressJobQueues = { 'press.publish-release': 'press' } as const;
