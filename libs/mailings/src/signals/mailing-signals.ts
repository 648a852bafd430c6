import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { RedisClient } from '@chorus/core';
import { MAILINGS_CONFIG, MailingsConfig } from '../mailings.config';
import { FreshRead } from './fresh-read';

/** Version counters a lane compares before each message. */
export interface SignalVersions {
  mailing: number;
  suppression: number;
}

interface Snapshot {
  versions: SignalVersions;
  /** performance.now() when the read that produced it was sent. */
  readAt: number;
}

const mailingKey = (mailingId: string) => `mailings:signal:${mailingId}`;
const SUPPRESSION_KEY = 'mailings:suppression';
const TTL_SECONDS = 7 * 24 * 3600;

/**
 * Cheap "something changed" flags for the send lanes, in Redis; PostgreSQL stays the truth.
 * Pause, resume and cancel bump the mailing's counter; an opt-out, a bounce or any other
 * suppression bumps one shared counter. A lane hands a message to SMTP only with counters read
 * at most MAILING_SIGNAL_MAX_AGE_MS ago (one read serves every message of that window, so the
 * check costs ~20 Redis reads a second, not one per message), and re-reads PostgreSQL when one
 * moved. The writer bumps after its commit and then waits that long before answering: once
 * pauseMailing (or the unsubscribe POST) has answered, no lane can still hand out a message
 * decided on counters older than the change.
 */
@Injectable()
export class MailingSignals {
  private readonly logger = new Logger(MailingSignals.name);
  private readonly snapshots = new Map<string, { last?: Snapshot; reader: FreshRead<Snapshot> }>();

  constructor(
    private readonly redis: RedisClient,
    @Inject(MAILINGS_CONFIG) private readonly config: MailingsConfig,
  ) {}

  /** The mailing's state changed (paused, resumed, cancelled); resolves once every lane will see it. */
  async mailingChanged(mailingId: string): Promise<void> {
    await this.bump(() =>
      this.redis.multi().incr(mailingKey(mailingId)).expire(mailingKey(mailingId), TTL_SECONDS).exec(),
    );
  }

  /**
   * Someone must not be mailed any more (unsubscribed, bouncing, complained, do-not-contact).
   * Writers of `people.email_status` or `press_contacts.do_not_contact` call this after commit
   * so that batches already claimed drop them before the next message (`settle`: resolve only
   * once every lane will see it); without it they are dropped within MAILING_RECHECK_MS.
   */
  async suppressionChanged(settle = true): Promise<void> {
    await this.bump(() => this.redis.incr(SUPPRESSION_KEY), settle);
  }

  /** Both counters, from a read sent after this call (shared by concurrent callers). */
  async read(mailingId: string): Promise<SignalVersions> {
    return (await this.entry(mailingId).reader.get()).versions;
  }

  /**
   * Both counters, read at most MAILING_SIGNAL_MAX_AGE_MS ago; refreshed in the background
   * past half that age, so that the lanes rarely wait for Redis.
   */
  async current(mailingId: string): Promise<SignalVersions> {
    return this.fresh(mailingId) ?? (await this.entry(mailingId).reader.get()).versions;
  }

  /**
   * `current` without waiting: the counters when this process read them at most
   * MAILING_SIGNAL_MAX_AGE_MS ago, else undefined (then call `current`). The per-message check
   * of a lane takes this path, so that it costs no promise while the snapshot is fresh.
   */
  fresh(mailingId: string): SignalVersions | undefined {
    const entry = this.entry(mailingId);
    const maxAge = this.config.MAILING_SIGNAL_MAX_AGE_MS;
    const age = entry.last ? performance.now() - entry.last.readAt : Infinity;
    if (age > maxAge) return undefined;
    // One background read at a time: every message of the window would otherwise queue one more.
    if (age > maxAge / 2 && !entry.reader.busy) entry.reader.get().catch(() => undefined);
    return entry.last!.versions;
  }

  private entry(mailingId: string) {
    let entry = this.snapshots.get(mailingId);
    if (!entry) {
      const created: { last?: Snapshot; reader: FreshRead<Snapshot> } = {
        reader: new FreshRead(async () => {
          const readAt = performance.now();
          const [mailing, suppression] = await this.redis.mget(mailingKey(mailingId), SUPPRESSION_KEY);
          const snapshot = {
            versions: { mailing: Number(mailing ?? 0), suppression: Number(suppression ?? 0) },
            readAt,
          };
          if (!created.last || created.last.readAt < readAt) created.last = snapshot;
          return snapshot;
        }),
      };
      entry = created;
      this.snapshots.set(mailingId, entry);
      if (this.snapshots.size > 100) this.snapshots.delete(this.snapshots.keys().next().value!);
    }
    return entry;
  }

  private async bump(write: () => Promise<unknown>, settle = true): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.logger.warn(
        `mailing signal not set (lanes see the change in PostgreSQL within MAILING_RECHECK_MS): ${error}`,
      );
      return;
    }
    // Lanes may still use counters read just before the bump for this long.
    if (settle) await sleep(this.config.MAILING_SIGNAL_MAX_AGE_MS + 5);
  }
}
