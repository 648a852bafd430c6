/** Transactional emails (one message each): payloads are ids, the worker loads the rows. */
export interface EmailJobs {
  'email.signature-confirmation': { signatureId: string };
}
export const emailJobQueues = { 'email.signature-confirmation': 'email' } as const;
