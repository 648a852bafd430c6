import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { JOB_QUEUES, JobName } from './queues';
import { handledJobs, JobHost } from './job-host';

/**
 * Start-up check of the worker process: every job name of the registry has exactly one @OnJob
 * handler. A job that nobody handles would otherwise wait in Redis until someone notices.
 */
@Injectable()
export class JobHandlerCheck implements OnApplicationBootstrap {
  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const owners = new Map<JobName, string[]>();
    for (const wrapper of this.discovery.getProviders()) {
      if (!(wrapper.instance instanceof JobHost)) continue;
      for (const name of handledJobs(wrapper.instance))
        owners.set(name, [...(owners.get(name) ?? []), wrapper.instance.constructor.name]);
    }
    const problems = missingOrDuplicateHandlers(owners);
    if (problems.length > 0) throw new Error(`Job handlers: ${problems.join('; ')}`);
  }
}

export function missingOrDuplicateHandlers(owners: Map<JobName, string[]>): string[] {
  const names = Object.keys(JOB_QUEUES) as JobName[];
  const missing = names.filter((name) => !owners.has(name));
  const duplicated = [...owners].filter(([, classes]) => classes.length > 1);
  return [
    ...(missing.length ? [`no handler for ${missing.join(', ')}`] : []),
    ...duplicated.map(([name, classes]) => `${name} is handled by ${classes.join(' and ')}`),
  ];
}
