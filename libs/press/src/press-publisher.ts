import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CORE_CONFIG, CoreConfig, waitUntil } from '@chorus/core';
import { MailTransport, classifySmtpError } from '@chorus/mail';
import { AuditService } from '@chorus/audit';
import { PressReleaseStatus as S } from './entities/press-release.entity';
import { PRESS_CONFIG, PressConfig } from './press.config';
import { PressReleasesService } from './press-releases.service';
import { pressReleaseEmail } from './press-release-email';
import { PressOptOutTokens } from './opt-out/press-opt-out-token';

interface ClaimedSend {
  email: string;
  name: string;
  doNotContact: boolean;
}
interface ReleaseText {
  title: string;
  body: string;
}

export type PublishOutcome = 'published' | 'resumed' | 'skipped';

/**
 * Lifts an embargo: waits for the exact instant, then in one transaction flips SCHEDULED →
 * PUBLISHED and records one PENDING send row per eligible contact, then mails each row once,
 * claiming it just before (so that a claim measures one email in flight, not the whole release).
 * The (release, contact) primary key and the per-row claim make retried or parallel runs harmless.
 */
@Injectable()
export class PressPublisher {
  private readonly logger = new Logger(PressPublisher.name);
  private readonly optOutTokens: PressOptOutTokens;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mail: MailTransport,
    private readonly audit: AuditService,
    private readonly releases: PressReleasesService,
    @Inject(CORE_CONFIG) private readonly core: CoreConfig,
    @Inject(PRESS_CONFIG) private readonly config: PressConfig,
  ) {
    this.optOutTokens = new PressOptOutTokens(core.JWT_SECRET);
  }

  async run(releaseId: string, embargoMs: number): Promise<PublishOutcome> {
    const row = await this.state(releaseId);
    if (!row || row.embargoMs !== embargoMs) return 'skipped';
    if (row.status === S.PUBLISHED) return (await this.sendPending(releaseId)) > 0 ? 'resumed' : 'skipped';
    if (row.status !== S.SCHEDULED) return 'skipped';
    // Woken early on purpose: wait in-process until the lift, never a millisecond before.
    await waitUntil(embargoMs);
    const published = await this.publishWhenDue(releaseId, embargoMs);
    if (!published) return 'skipped';
    await this.deliver(releaseId, published.release, published.sends);
    return 'published';
  }

  /** Retries briefly while the row is still SCHEDULED for this embargo but PostgreSQL's clock lags. */
  private async publishWhenDue(releaseId: string, embargoMs: number) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const published = await this.publish(releaseId, embargoMs);
      if (published) return published;
      const row = await this.state(releaseId);
      if (!row || row.status !== S.SCHEDULED || row.embargoMs !== embargoMs) return null;
      await sleep(20);
    }
    throw new Error(`Release ${releaseId} is due but could not be published`);
  }

  private async state(releaseId: string): Promise<{ status: S; embargoMs: number | null } | null> {
    const [row] = await this.db.query(
      `SELECT status, (extract(epoch FROM embargo_until) * 1000)::bigint AS ms FROM press_releases WHERE id = $1`,
      [releaseId],
    );
    return row ? { status: row.status, embargoMs: row.ms === null ? null : Number(row.ms) } : null;
  }

  /** The state change and the recipient rows (PENDING), atomically; null if the row changed meanwhile. */
  private publish(releaseId: string, embargoMs: number): Promise<{ release: ReleaseText; sends: string[] } | null> {
    return this.db.transaction(async (em) => {
      const [[release]] = await em.query(
        `UPDATE press_releases SET status = 'PUBLISHED', published_at = clock_timestamp(), updated_at = now()
          WHERE id = $1 AND status = 'SCHEDULED' AND (extract(epoch FROM embargo_until) * 1000)::bigint = $2 AND embargo_until <= clock_timestamp()
          RETURNING title, body`,
        [releaseId, embargoMs],
      );
      if (!release) return null;
      const rows: { contactId: string }[] = await em.query(
        `INSERT INTO press_release_sends (press_release_id, press_contact_id, email, status)
         SELECT DISTINCT ON (c.id) $1::uuid, c.id, c.email, 'PENDING'
           FROM press_release_lists rl
           JOIN press_list_contacts lc ON lc.press_list_id = rl.press_list_id
           JOIN press_contacts c ON c.id = lc.press_contact_id
          WHERE rl.press_release_id = $1 AND NOT c.do_not_contact
         ON CONFLICT DO NOTHING
         RETURNING press_contact_id AS "contactId"`,
        [releaseId],
      );
      const sends = rows.map((r) => r.contactId);
      await this.audit.record(
        {
          entity: 'press_releases',
          entityId: releaseId,
          action: 'update',
          changes: { status: { before: 'SCHEDULED', after: 'PUBLISHED' }, recipients: sends.length },
        },
        em,
      );
      return { release, sends };
    });
  }

  /** Resumes a published release: mails its open send rows (PENDING, or claimed so long ago that the claimer is taken to be dead). */
  async sendPending(releaseId: string): Promise<number> {
    const open: { contactId: string }[] = await this.db.query(
      `SELECT press_contact_id AS "contactId" FROM press_release_sends
        WHERE press_release_id = $1 AND (status = 'PENDING' OR (status = 'SENDING' AND claimed_at < now() - make_interval(secs => $2)))`,
      [releaseId, this.config.PRESS_STALE_CLAIM_SECONDS],
    );
    if (open.length === 0) return 0;
    const [release]: ReleaseText[] = await this.db.query(`SELECT title, body FROM press_releases WHERE id = $1`, [
      releaseId,
    ]);
    return this.deliver(
      releaseId,
      release,
      open.map((r) => r.contactId),
    );
  }

  /** Claims one row just before mailing it: null if another runner holds it (fresh claim) or it is done. */
  private async claim(releaseId: string, contactId: string): Promise<ClaimedSend | null> {
    const [rows]: [ClaimedSend[]] = await this.db.query(
      `UPDATE press_release_sends s SET status = 'SENDING', claimed_at = now()
         FROM press_contacts c
        WHERE s.press_release_id = $1 AND s.press_contact_id = $2 AND c.id = s.press_contact_id
          AND (s.status = 'PENDING' OR (s.status = 'SENDING' AND s.claimed_at < now() - make_interval(secs => $3)))
       RETURNING s.email, c.name, c.do_not_contact AS "doNotContact"`,
      [releaseId, contactId, this.config.PRESS_STALE_CLAIM_SECONDS],
    );
    return rows[0] ?? null;
  }

  /**
   * Mails the rows over a few parallel lanes, each row claimed right before its email; returns how
   * many this run mailed or failed. Transient failures go back to PENDING and fail the job (retry).
   */
  private async deliver(releaseId: string, release: ReleaseText, contactIds: string[]): Promise<number> {
    const queue = [...contactIds];
    // Once per run, after the lift (a published release's organizations no longer change): named in every email.
    const organizations = await this.releases.organizationNamesOf(releaseId);
    let transientFailure: unknown;
    let handled = 0;
    const sendOne = async (contactId: string) => {
      const send = await this.claim(releaseId, contactId);
      if (!send) return;
      handled += 1;
      // Opted out after the release was published: still never mailed.
      if (send.doNotContact) return this.mark(releaseId, contactId, 'FAILED', null, 'do not contact');
      try {
        const token = this.optOutTokens.sign({ contactId, releaseId });
        const email = pressReleaseEmail({
          releaseId,
          title: release.title,
          body: release.body,
          organizations,
          contact: { name: send.name, email: send.email },
          publicUrl: this.core.PUBLIC_URL,
          optOutUrl: `${this.core.PUBLIC_URL}/unsubscribe/press/${token}`,
        });
        const info = await this.mail.send({ ...email, messageId: `<press-${releaseId}-${contactId}@chorus>` });
        await this.mark(releaseId, contactId, 'SENT', info.messageId, null);
      } catch (error) {
        const failure = classifySmtpError(error);
        if (failure.permanent) await this.mark(releaseId, contactId, 'FAILED', null, failure.message);
        else {
          await this.mark(releaseId, contactId, 'PENDING', null, failure.message);
          transientFailure = error;
        }
      }
    };
    const lanes = Array.from({ length: Math.min(this.config.PRESS_SEND_CONCURRENCY, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await sendOne(next);
    });
    await Promise.all(lanes);
    if (transientFailure) throw transientFailure;
    if (handled > 0) this.logger.log({ releaseId, sent: handled }, 'Press release mailed');
    return handled;
  }

  private async mark(
    releaseId: string,
    contactId: string,
    status: 'SENT' | 'FAILED' | 'PENDING',
    messageId: string | null,
    error: string | null,
  ) {
    await this.db.query(
      `UPDATE press_release_sends SET status = $3, message_id = $4, error = $5, sent_at = CASE WHEN $3 = 'SENT' THEN now() END, claimed_at = NULL
        WHERE press_release_id = $1 AND press_contact_id = $2`,
      [releaseId, contactId, status, messageId, error],
    );
  }
}
