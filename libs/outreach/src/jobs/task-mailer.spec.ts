import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { CoreConfig } from '@chorus/core';
import type { AuditService } from '@chorus/audit';
import type { UserContacts } from '@chorus/auth';
import type { MailTransport } from '@chorus/mail';
import type { OutreachConfig } from '../outreach.config';
import { TaskMailer } from './task-mailer';

describe('TaskMailer.digest', () => {
  it('mails the other assignees, releases the failed claim and then fails the job so that it is retried today', async () => {
    const assignees = [
      { user_id: 'u1', tasks: [{ title: 'A', dueAt: '2026-03-09T15:00:00Z' }], overdue: 1, day: '2026-03-10' },
      {
        user_id: 'u2',
        tasks: [{ title: 'B\nsecond line', dueAt: '2026-03-09T16:30:00Z' }],
        overdue: 1,
        day: '2026-03-10',
      },
    ];
    const users = {
      byIds: async () => [
        { id: 'u1', email: 'one@example.org', name: 'One', organizationId: null },
        { id: 'u2', email: 'two@example.org', name: 'Two', organizationId: null },
      ],
    };
    const query = jest.fn(async (sql: string, params?: unknown[]) => {
      if (sql.includes('FROM outreach_tasks')) return assignees;
      if (sql.startsWith('INSERT INTO outreach_digests')) return [{ user_id: params![0] }];
      return [];
    });
    const send = jest.fn(async (mail: { to: string }) => {
      if (mail.to === 'one@example.org') throw new Error('421 try again later');
      return { messageId: 'x' };
    });
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const mailer = new TaskMailer(
      { query } as unknown as DataSource,
      { send } as unknown as MailTransport,
      { PUBLIC_URL: 'http://chorus' } as CoreConfig,
      { OUTREACH_TIMEZONE: 'UTC' } as OutreachConfig,
      users as unknown as UserContacts,
      {} as AuditService,
    );

    await expect(mailer.digest()).rejects.toThrow('1 of 2 overdue digests not sent');
    expect(send.mock.calls.map(([m]) => m.to)).toEqual(['one@example.org', 'two@example.org']);
    // One line per task, with its due time: a line break in a title does not start another item.
    expect((send.mock.calls[1][0] as unknown as { text: string }).text).toMatch(
      /\n- B second line \(due Monday, March 9, 2026.* 4:30 PM UTC\)\n/,
    );
    expect(query).toHaveBeenCalledWith(expect.stringContaining('DELETE FROM outreach_digests'), ['u1', '2026-03-10']);
  });
});
