import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { runWithContext } from '../context/request-context';
import { JOB_QUEUES, JobName, JobPayloads } from './queues';

const HANDLERS = Symbol('chorus:job-handlers');

/** What an @OnJob method receives: the typed payload, then the BullMQ job (attempts, id). */
export type JobHandler<N extends JobName> = (
  data: JobPayloads[N],
  job: Job<JobPayloads[N], unknown, N>,
) => Promise<unknown> | unknown;

/**
 * Declares the method that runs every job of this name. The class extends JobHost and carries
 * `@Processor(<the job's queue>)`; the worker's start-up check fails when a job name has no
 * handler, two handlers, or a handler on a processor of another queue.
 */
export function OnJob<N extends JobName>(name: N) {
  // The descriptor type makes the compiler check the method's payload type against the job name.
  return (target: object, method: string | symbol, _descriptor: { value?: JobHandler<N> }): void => {
    const owner = target as { [HANDLERS]?: Map<JobName, string | symbol> };
    const handlers = new Map(Object.prototype.hasOwnProperty.call(owner, HANDLERS) ? owner[HANDLERS] : []);
    handlers.set(name, method);
    Object.defineProperty(owner, HANDLERS, { value: handlers, configurable: true });
  };
}

/** The job names a JobHost subclass handles (from its @OnJob methods). */
export function handledJobs(host: object): JobName[] {
  const handlers = (host as { [HANDLERS]?: Map<JobName, string | symbol> })[HANDLERS];
  return handlers ? [...handlers.keys()] : [];
}

/**
 * The one base of every BullMQ processor: dispatches a job to its @OnJob method by name, inside
 * a context whose log lines carry the job's id and name.
 */
export abstract class JobHost extends WorkerHost implements OnApplicationBootstrap {
  protected readonly logger = new Logger(this.constructor.name);

  onApplicationBootstrap(): void {
    const wrong = handledJobs(this).filter((name) => JOB_QUEUES[name] !== this.worker.name);
    if (wrong.length > 0)
      throw new Error(
        `${this.constructor.name} consumes queue ${this.worker.name} but handles ${wrong.map((n) => `${n} (queue ${JOB_QUEUES[n]})`).join(', ')}`,
      );
  }

  async process(job: Job): Promise<unknown> {
    const handlers = (this as { [HANDLERS]?: Map<JobName, string | symbol> })[HANDLERS];
    const method = handlers?.get(job.name as JobName);
    if (method === undefined)
      throw new UnrecoverableError(`No handler for job ${job.name} on queue ${this.worker.name}`);
    const handler = (this as unknown as Record<string | symbol, JobHandler<JobName>>)[method];
    return runWithContext({ requestId: `job:${job.id}`, job: { id: String(job.id), name: job.name } }, () =>
      handler.call(this, job.data, job as Job<JobPayloads[JobName], unknown, JobName>),
    );
  }
}
