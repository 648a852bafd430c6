import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { JobQueue } from '@chorus/core';
import type { PressScheduler } from '../press-scheduler';
import type { PressPublisher } from '../press-publisher';
import type { PressConfig } from '../press.config';
import { PressReconciler } from './press-reconciler';

describe('PressReconciler', () => {
  it('publishes every overdue release even when one of them fails', async () => {
    const overdue = new Date(Date.now() - 60_000);
    const scheduled = [
      { id: 'a', embargo_until: overdue },
      { id: 'b', embargo_until: overdue },
      { id: 'c', embargo_until: overdue },
    ];
    // First query: the SCHEDULED releases; second: the unfinished published ones.
    const db = { query: jest.fn().mockResolvedValueOnce(scheduled).mockResolvedValueOnce([]) } as unknown as DataSource;
    const run = jest.fn(async (id: string) => {
      if (id === 'a') throw new Error('SMTP down');
      return 'published' as const;
    });
    const scheduler = { arm: jest.fn() } as unknown as PressScheduler;
    const jobs = { enqueue: jest.fn() } as unknown as JobQueue;
    const config = { PRESS_RECONCILE_SECONDS: 30, PRESS_STALE_CLAIM_SECONDS: 300 } as PressConfig;
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    const reconciler = new PressReconciler(db, scheduler, { run } as unknown as PressPublisher, jobs, config);

    await expect(reconciler.reconcile()).resolves.toEqual({ armed: 3, resumed: 0 });
    expect(run.mock.calls.map(([id]) => id)).toEqual(['a', 'b', 'c']);
  });
});
