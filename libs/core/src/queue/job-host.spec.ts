import { Job } from 'bullmq';
import { currentContext } from '../context/request-context';
import { handledJobs, JobHost, OnJob } from './job-host';
import { missingOrDuplicateHandlers } from './job-handler-check';
import { JOB_QUEUES, JobName, JobPayloads } from './queues';

class PingHost extends JobHost {
  seen: unknown[] = [];

  @OnJob('system.ping')
  ping(data: JobPayloads['system.ping']) {
    this.seen.push({ data, context: currentContext() });
    return 'pong';
  }
}

function hostOn(queue: string): PingHost {
  const host = new PingHost();
  Object.defineProperty(host, 'worker', { value: { name: queue } });
  return host;
}

describe('JobHost', () => {
  it('dispatches a job to its @OnJob method inside a context naming the job', async () => {
    const host = hostOn('system');
    const answer = await host.process({ id: '42', name: 'system.ping', data: { requestedAt: 'now' } } as Job);
    expect(answer).toBe('pong');
    expect(host.seen).toEqual([
      { data: { requestedAt: 'now' }, context: { requestId: 'job:42', job: { id: '42', name: 'system.ping' } } },
    ]);
  });

  it('refuses a job it has no handler for, without retries', async () => {
    await expect(hostOn('system').process({ id: '1', name: 'outreach.reminder', data: {} } as Job)).rejects.toThrow(
      'No handler for job outreach.reminder on queue system',
    );
  });

  it('fails at start-up when a handler sits on a processor of another queue', () => {
    expect(() => hostOn('email').onApplicationBootstrap()).toThrow(
      'PingHost consumes queue email but handles system.ping (queue system)',
    );
    expect(() => hostOn('system').onApplicationBootstrap()).not.toThrow();
  });

  it('lists the handled job names', () => {
    expect(handledJobs(new PingHost())).toEqual(['system.ping']);
  });
});

describe('the start-up check of job handlers', () => {
  const all = Object.keys(JOB_QUEUES) as JobName[];

  it('passes when every job name has exactly one handler', () => {
    expect(missingOrDuplicateHandlers(new Map(all.map((name) => [name, ['Host']])))).toEqual([]);
  });

  it('names the job names without a handler and the ones with two', () => {
    const owners = new Map(all.filter((name) => name !== 'outreach.reminder').map((name) => [name, ['Host']]));
    owners.set('system.ping', ['A', 'B']);
    expect(missingOrDuplicateHandlers(owners)).toEqual([
      'no handler for outreach.reminder',
      'system.ping is handled by A and B',
    ]);
  });
});
