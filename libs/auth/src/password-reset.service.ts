import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, LessThan, MoreThan } from 'typeorm';
import { badInput, CORE_CONFIG, CoreConfig, JobQueue } from '@chorus/core';
import { MailTransport } from '@chorus/mail';
import { User } from './entities/user.entity';
import { PasswordReset } from './entities/password-reset.entity';
import { AUTH_CONFIG, AuthConfig } from './auth.config';
import { PasswordResetThrottle } from './password-reset-throttle';
import { passwordResetToken, verifyPasswordResetToken } from './tokens';
import { assertPasswordPolicy } from './password';
import { setPassword } from './users.service';

/** At most this many unused links per user and hour: more requests are answered the same and dropped. */
const OUTSTANDING_RESETS_PER_HOUR = 3;

/**
 * Password reset by email. The request answers the same whatever the email (no account
 * enumeration); the link works once and expires; using it revokes the user's tokens. The email
 * goes through the `email` queue, and PostgreSQL records when it was sent so that the worker
 * re-sends what Redis lost.
 */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger(PasswordResetService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
    @Inject(AUTH_CONFIG) private readonly authConfig: AuthConfig,
    private readonly throttle: PasswordResetThrottle,
    private readonly jobs: JobQueue,
    private readonly mail: MailTransport,
  ) {}

  async request(email: string, clientIp: string): Promise<true> {
    if (email.length > 320) badInput('email', 'must be at most 320 characters');
    await this.throttle.consume(clientIp);
    // Whether the email has an account must show neither in the answer nor in its time: the
    // look-up and a known user's work (a count, an insert, a queued email) run after the answer.
    void this.issue(email).catch((error: unknown) =>
      this.logger.error({ err: error }, 'A password reset could not be issued; the user may ask again'),
    );
    return true;
  }

  /** Records a reset link for the active user with `email`, if any, and queues its email. */
  private async issue(email: string): Promise<void> {
    const user = await this.dataSource.manager.findOneBy(User, { email, deactivatedAt: IsNull() });
    if (!user) return;
    const recent = await this.dataSource.manager.countBy(PasswordReset, {
      userId: user.id,
      usedAt: IsNull(),
      createdAt: MoreThan(new Date(Date.now() - 3600_000)),
    });
    if (recent >= OUTSTANDING_RESETS_PER_HOUR) return;
    const reset = await this.dataSource.manager.save(
      this.dataSource.manager.create(PasswordReset, {
        userId: user.id,
        expiresAt: new Date(Date.now() + this.authConfig.PASSWORD_RESET_TTL_SECONDS * 1000),
      }),
    );
    await this.enqueue(reset.id).catch((error: unknown) =>
      this.logger.warn({ err: error }, `Password reset ${reset.id} not queued; the worker's reconciler will send it`),
    );
  }

  /** Sets the new password if the link is authentic, unused and unexpired; revokes every token of the user. */
  async reset(token: string, newPassword: string): Promise<true> {
    const id = verifyPasswordResetToken(token, this.config.JWT_SECRET);
    if (!id) badInput('token', 'is not a valid password reset link');
    assertPasswordPolicy('newPassword', newPassword);
    await this.dataSource.transaction(async (manager) => {
      // Claims the link first (single use even for two concurrent attempts).
      const claimed = await manager.update(
        PasswordReset,
        { id, usedAt: IsNull(), expiresAt: MoreThan(new Date()) },
        { usedAt: new Date() },
      );
      if (!claimed.affected) badInput('token', 'has expired or was already used');
      const reset = await manager.findOneByOrFail(PasswordReset, { id });
      const user = await manager.findOneBy(User, { id: reset.userId, deactivatedAt: IsNull() });
      if (!user) badInput('token', 'has expired or was already used');
      await setPassword(manager, user, newPassword);
    });
    return true;
  }

  enqueue(resetId: string) {
    return this.jobs.enqueue('email.password-reset', { resetId }, { jobId: `password-reset-${resetId}` });
  }

  resetUrl(resetId: string): string {
    return `${this.config.PUBLIC_URL}/reset-password/${passwordResetToken(resetId, this.config.JWT_SECRET)}`;
  }

  /** The email job's handler: sends the link once (idempotent, same Message-ID on a re-send). */
  async sendEmail(resetId: string): Promise<'sent' | 'skipped'> {
    const reset = await this.dataSource.manager.findOneBy(PasswordReset, { id: resetId });
    if (!reset || reset.sentAt || reset.usedAt || reset.expiresAt <= new Date()) return 'skipped';
    const user = await this.dataSource.manager.findOneBy(User, { id: reset.userId, deactivatedAt: IsNull() });
    if (!user) return 'skipped';
    const minutes = Math.round((reset.expiresAt.getTime() - reset.createdAt.getTime()) / 60000);
    await this.mail.send({
      to: user.email,
      subject: 'Reset your Chorus password',
      text: [
        `Hello ${user.name},`,
        '',
        `someone (hopefully you) asked to reset the password of your Chorus account. This link works once, for ${minutes} minutes:`,
        '',
        this.resetUrl(reset.id),
        '',
        'If you did not ask, ignore this email: your password stays as it is.',
      ].join('\n'),
      messageId: `<password-reset.${reset.id}@chorus>`,
    });
    await this.dataSource.manager.update(PasswordReset, { id: reset.id }, { sentAt: new Date() });
    return 'sent';
  }

  /** Resets whose email has not gone out and that still work (for the reconciler). */
  async unsentIds(): Promise<string[]> {
    const due = await this.dataSource.manager.find(PasswordReset, {
      select: { id: true },
      where: {
        sentAt: IsNull(),
        usedAt: IsNull(),
        expiresAt: MoreThan(new Date()),
        createdAt: LessThan(new Date(Date.now() - 5000)),
      },
      take: 1000,
    });
    return due.map((r) => r.id);
  }
}
