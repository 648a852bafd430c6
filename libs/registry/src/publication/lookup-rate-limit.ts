/**
 * Lookups per client address in fixed windows, counted in this process's memory. Synchronous, one
 * small record per address and no timer per address: a lookup pays a Map read and an increment.
 * Windows start at an address's first lookup (like rate-limiter-flexible's RateLimiterMemory,
 * which this replaces on the lookup path); expired records are swept once per window.
 */
export class LookupRateLimit {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();
  private readonly windowMs: number;
  private nextSweepAt: number;

  constructor(
    private readonly limit: number,
    windowSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.windowMs = windowSeconds * 1000;
    this.nextSweepAt = this.now() + this.windowMs;
  }

  /** Counts one lookup; answers 0 when allowed, else the seconds until the address may ask again. */
  take(address: string): number {
    const now = this.now();
    if (now >= this.nextSweepAt) this.sweep(now);
    const window = this.windows.get(address);
    if (window === undefined || now >= window.endsAt) {
      this.windows.set(address, { count: 1, endsAt: now + this.windowMs });
      return 0;
    }
    if (window.count < this.limit) {
      window.count += 1;
      return 0;
    }
    return Math.max(1, Math.ceil((window.endsAt - now) / 1000));
  }

  /** Addresses being counted (for tests). */
  get size(): number {
    return this.windows.size;
  }

  private sweep(now: number): void {
    for (const [address, window] of this.windows) if (now >= window.endsAt) this.windows.delete(address);
    this.nextSweepAt = now + this.windowMs;
  }
}
