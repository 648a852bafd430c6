/** Jobs of the imports area (payloads are ids; PostgreSQL holds the truth). */
export interface ImportsJobs {
  /** Validate and merge the staged rows of one uploaded file; resumes where a crashed run stopped. */
  'imports.process': { importId: string };
}
export const importsJobQueues = { 'imports.process': 'imports' } as const;
