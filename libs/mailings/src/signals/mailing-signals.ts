import { Injectable, Logger } from '@nestjs/common';
import { RedisClient } from '@chorus/core';
import { FreshRead } from './fresh-read';

/** Version counters a lane compares before each message; null when Redis could not answer. */
export interface SignalVersions {
  mailing: number;
  suppression: number;
}

const mailingKey = (mailingId: string) => `mailings:signal:${mailingId}`;
const SUPPRESSION_KEY = 'mailings:suppression';
const TTL_SECONDS = 7 * 24 * 3600;

/**
 * Cheap "something changed" flags for the send lanes, in Redis; PostgreSQL stays the truth.
 * Pause, resume and cancel bump the mailing's counter; an opt-out, a bounce or any other
 * suppression bumps one shared counter. A lane reads both before handing each message to SMTP
 * and re-reads PostgreSQL only when one moved. Bumps happen after the change is committed, so
 * a lane that sees the new value finds the change in PostgreSQL.
 */
@Injectable()
export class MailingSignals {
  private readonly logger = new Logger(MailingSignals.name);
  private readonly readers = new Map<string, FreshRead<SignalVersions>>();

  constructor(private readonly redis: RedisClient) {}

  /** The mailing's state changed (paused, resumed, cancelled). Never throws: lanes fall back to PostgreSQL. */
  async mailingChanged(mailingId: string): Promise<void> {
    await this.bump(mailingKey(mailingId), true);
  }

  /**
   * Someone must not be mailed any more (unsubscribed, bouncing, complained, do-not-contact).
   * Writers of `people.email_status` or `press_contacts.do_not_contact` call this after commit
   * so that batches already claimed drop them before the next message; without it they are
   * still dropped within MAILING_RECHECK_MS.
   */
  async suppressionChanged(): Promise<void> {
    await this.bump(SUPPRESSION_KEY, false);
  }

  /** Both counters, from a read that started after the call (shared by concurrent callers). */
  read(mailingId: string): Promise<SignalVersions> {
    let reader = this.readers.get(mailingId);
    if (!reader) {
      reader = new FreshRead(async () => {
        const [mailing, suppression] = await this.redis.mget(mailingKey(mailingId), SUPPRESSION_KEY);
        return { mailing: Number(mailing ?? 0), suppression: Number(suppression ?? 0) };
      });
      this.readers.set(mailingId, reader);
      if (this.readers.size > 100) this.readers.delete(this.readers.keys().next().value!);
    }
    return reader.get();
  }

  private async bump(key: string, expire: boolean): Promise<void> {
    try {
      if (expire) await this.redis.multi().incr(key).expire(key, TTL_SECONDS).exec();
      else await this.redis.incr(key);
    } catch (error) {
      this.logger.warn(`signal ${key} not set (lanes re-read PostgreSQL instead): ${error}`);
    }
  }
}
