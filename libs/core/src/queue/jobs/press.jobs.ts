/** Jobs of the press area (payloads are ids; PostgreSQL holds the truth). */
export interface PressJobs {
  /**
   * Wake-up call for an embargo lift. `embargoMs` is the embargo the job was armed for: the
   * handler does nothing unless the row is still SCHEDULED with exactly that embargo.
   */
  'press.publish-release': { releaseId: string; embargoMs: number };
  /** Re-arms every SCHEDULED release from PostgreSQL (after a Redis flush or restart). */
  'press.reconcile': Record<string, never>;
}
export const pressJobQueues = { 'press.publish-release': 'press', 'press.reconcile': 'press' } as const;
