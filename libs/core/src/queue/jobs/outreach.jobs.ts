/** Jobs of the outreach area (payloads are ids; PostgreSQL holds the truth). */
export interface OutreachJobs {
  /** Mails the assignee once before `dueAt`; a no-op unless the task still matches `dueMs`. */
  'outreach.reminder': { taskId: string; dueMs: number };
  /** Daily: one digest of overdue tasks per assignee who has any. */
  'outreach.overdue-digest': Record<string, never>;
}
export const outreachJobQueues = { 'outreach.reminder': 'outreach', 'outreach.overdue-digest': 'outreach' } as const;
