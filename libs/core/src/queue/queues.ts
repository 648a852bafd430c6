import type { SystemJobs } from './jobs/system.jobs';
import type { EmailJobs } from './jobs/email.jobs';
import type { PressJobs } from './jobs/press.jobs';
import type { OutreachJobs } from './jobs/outreach.jobs';
import type { MailingsJobs } from './jobs/mailings.jobs';
import type { ImportsJobs } from './jobs/imports.jobs';
import type { RegistryJobs } from './jobs/registry.jobs';
import { systemJobQueues } from './jobs/system.jobs';
import { emailJobQueues } from './jobs/email.jobs';
import { pressJobQueues } from './jobs/press.jobs';
import { outreachJobQueues } from './jobs/outreach.jobs';
import { mailingsJobQueues } from './jobs/mailings.jobs';
import { importsJobQueues } from './jobs/imports.jobs';
import { registryJobQueues } from './jobs/registry.jobs';

/** Every BullMQ queue of Chorus. A worker process consumes all of them. */
export enum QueueName {
  System = 'system',
  Email = 'email',
  Press = 'press',
  Outreach = 'outreach',
  Mailings = 'mailings',
  Imports = 'imports',
  Registry = 'registry',
}

/** Job name → payload, for every job of every area. */
export type JobPayloads = SystemJobs & EmailJobs & PressJobs & OutreachJobs & MailingsJobs & ImportsJobs & RegistryJobs;
export type JobName = keyof JobPayloads;

/** Job name → the queue it runs on. */
export const JOB_QUEUES: Record<JobName, `${QueueName}`> = {
  ...systemJobQueues,
  ...emailJobQueues,
  ...pressJobQueues,
  ...outreachJobQueues,
  ...mailingsJobQueues,
  ...importsJobQueues,
  ...registryJobQueues,
};
