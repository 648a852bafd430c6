import { Logger } from '@nestjs/common';

/**
 * The per-process circuit breaker of the mailing SMTP connections. When the relay refuses or
 * drops connections, the pool stops taking messages (they wait in its queue, their delivery
 * attempts untouched) and one connection probes the relay after a backoff that doubles up to a
 * ceiling; the first successful connection closes the breaker and every connection resumes.
 */
export class SmtpBreaker {
  private readonly logger = new Logger('SmtpBreaker');
  private state: 'closed' | 'open' | 'probing' = 'closed';
  private failures = 0;
  private downSince = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
    private readonly retry: () => void,
  ) {}

  get closed(): boolean {
    return this.state === 'closed';
  }

  /** The one connection that may try the relay while it is down, once the backoff has passed. */
  takeProbe(): boolean {
    if (this.state !== 'probing') return false;
    this.state = 'open';
    return true;
  }

  /** A connection to the relay failed: hold everything, retry after the backoff. */
  failed(error: string): void {
    if (this.state === 'open' && this.timer) return;
    if (this.failures === 0) {
      this.downSince = Date.now();
      this.logger.warn(`SMTP relay unreachable (${error}): mailing lanes hold their messages until it answers again`);
    }
    const wait = Math.min(this.baseMs * 2 ** Math.min(this.failures, 20), this.maxMs);
    this.failures += 1;
    this.state = 'open';
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.state = 'probing';
      this.retry();
    }, wait);
    this.timer.unref();
  }

  /** The relay answered; true when that ends an outage. */
  succeeded(): boolean {
    if (this.state === 'closed' && this.failures === 0) return false;
    if (this.failures > 0)
      this.logger.log(`SMTP relay reachable again after ${Math.round((Date.now() - this.downSince) / 1000)} s`);
    this.failures = 0;
    this.state = 'closed';
    clearTimeout(this.timer);
    this.timer = undefined;
    return true;
  }

  close(): void {
    clearTimeout(this.timer);
  }
}
