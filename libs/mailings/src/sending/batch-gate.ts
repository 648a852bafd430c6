import { FreshRead } from '../signals/fresh-read';
import { SignalVersions } from '../signals/mailing-signals';
import { SendBatch, SendDecision } from './smtp-pool';

/** What the gate reads in PostgreSQL, the truth behind the Redis signals. */
export interface BatchTruth {
  mailingSending: boolean;
  /** Those of the asked deliveries whose recipient must not be mailed any more. */
  suppressed: string[];
}

export interface BatchGateDeps {
  /** The signal counters, from a read at most MAILING_SIGNAL_MAX_AGE_MS old; throws when Redis is out. */
  signals: () => Promise<SignalVersions>;
  /** The same counters when a fresh enough read is at hand, without waiting; else undefined. */
  freshSignals: () => SignalVersions | undefined;
  /** The counters read before the claim: a change after it is a change the claim did not see. */
  baseline: SignalVersions | null;
  /** One PostgreSQL round trip: is the mailing still SENDING, who of these is suppressed now. */
  truth: (deliveryIds: string[]) => Promise<BatchTruth>;
  /** PostgreSQL is read at least this often even without a signal (writers that do not signal). */
  recheckMs: number;
  /** Called once when the batch must stop (the mailing left SENDING): withdraw what is queued. */
  onStop: () => void;
}

/**
 * Decides, just before each message of a claimed batch is handed to SMTP, whether it still
 * goes: not when the mailing was paused or cancelled since the claim (the rest of the batch is
 * released), not to a recipient who opted out, bounced or became do-not-contact since (SUPPRESSED).
 * The check is a Redis read shared by the connections; PostgreSQL is read only when a counter
 * moved, when Redis does not answer, or every `recheckMs`.
 */
export class BatchGate implements SendBatch {
  private stopReason?: string;
  private readonly undecided: Set<string>;
  private readonly suppressed = new Set<string>();
  private known: SignalVersions | null;
  private checkedAt = Date.now();
  private readonly recheck: FreshRead<void>;

  constructor(
    private readonly deps: BatchGateDeps,
    deliveryIds: string[],
  ) {
    this.undecided = new Set(deliveryIds);
    this.known = deps.baseline;
    this.recheck = new FreshRead(async () => {
      const startedAt = Date.now();
      const truth = await deps.truth([...this.undecided]);
      for (const id of truth.suppressed) this.suppressed.add(id);
      if (!truth.mailingSending) this.stop('mailing no longer sending');
      this.checkedAt = startedAt;
    });
  }

  get stopped(): string | undefined {
    return this.stopReason;
  }

  /** Stops the batch: every message not yet handed to SMTP is released (asked again later). */
  stop(reason: string): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.deps.onStop();
  }

  /**
   * Synchronous while the cached counters are fresh and unchanged and PostgreSQL was read
   * recently (nearly every message of a batch); else it waits for `refresh`.
   */
  decide(id: string): SendDecision | Promise<SendDecision> {
    if (this.stopReason || this.upToDate()) return this.settle(id);
    return this.refresh().then(() => this.settle(id));
  }

  private settle(id: string): SendDecision {
    if (this.stopReason) return 'release';
    this.undecided.delete(id);
    return this.suppressed.has(id) ? 'suppress' : 'send';
  }

  /** What `refresh` would find without reading anything: no counter moved, no re-check due. */
  private upToDate(): boolean {
    const versions = this.deps.freshSignals();
    const known = this.known;
    return (
      !!versions &&
      !!known &&
      versions.mailing === known.mailing &&
      versions.suppression === known.suppression &&
      Date.now() - this.checkedAt < this.deps.recheckMs
    );
  }

  /** The same check without a message (the lane polls while its messages wait for a relay that is down). */
  async poll(): Promise<void> {
    await this.refresh().catch(() => undefined);
  }

  private async refresh(): Promise<void> {
    if (this.stopReason) return;
    let versions: SignalVersions | null;
    try {
      versions = await this.deps.signals();
    } catch {
      versions = null; // Redis out: PostgreSQL answers instead
    }
    const known = this.known;
    const moved =
      !versions || !known || versions.mailing !== known.mailing || versions.suppression !== known.suppression;
    if (moved || Date.now() - this.checkedAt >= this.deps.recheckMs) {
      await this.recheck.get();
      // The read above started after `versions` was read: every change they announce is seen.
      if (versions) this.known = versions;
    }
  }
}
