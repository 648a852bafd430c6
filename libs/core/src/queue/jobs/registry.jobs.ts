/** The opt-out registry's emails: payloads are ids, the worker loads the rows. */
export interface RegistryJobs {
  /** Double opt-in of a TDM reservation: asks the creator to confirm it. */
  'registry.reservation-confirmation': { reservationId: string };
}
export const registryJobQueues = { 'registry.reservation-confirmation': 'registry' } as const;
