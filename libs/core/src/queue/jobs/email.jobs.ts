/** Transactional emails (one message each): payloads are ids, the worker loads the rows. */
export interface EmailJobs {
  'email.signature-confirmation': { signatureId: string };
  'email.password-reset': { resetId: string };
}
export const emailJobQueues = { 'email.signature-confirmation': 'email', 'email.password-reset': 'email' } as const;
