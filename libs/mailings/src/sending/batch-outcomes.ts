import { DeliveryOutcome } from '../deliveries.queries';
import { DeliveryStatus } from '../entities/mailing.entity';
import { SendResult } from './smtp-pool';

/** A 5xx whose enhanced status is 5.1.x: this mailbox does not exist or is refused (RFC 3463). */
export function isMailboxRefusal(message: string): boolean {
  return /^5\d\d[ -]5\.1\.\d{1,3}\b/.test(message.trim());
}

/**
 * The relay-policy storm rule: once a batch has tried `minimum` recipients and at least
 * `percent`% of them were refused at RCPT with something other than a mailbox error (5.7.1
 * "relay denied", a blocklist, a quota), the relay is refusing us, not the recipients: the
 * mailing is paused and those recipients are not marked bouncing.
 */
export class StormWatch {
  private tried = 0;
  private policyRefusals = 0;
  private firstRefusal?: string;
  tripped = false;

  constructor(
    private readonly percent: number,
    private readonly minimum: number,
  ) {}

  /** Counts one result; true when this result trips the rule. */
  add(result: SendResult): boolean {
    if ('skipped' in result) return false;
    this.tried += 1;
    if (!result.ok && result.bounce && !isMailboxRefusal(result.message)) {
      this.policyRefusals += 1;
      this.firstRefusal ??= result.message;
    }
    if (this.tripped || this.tried < this.minimum || this.policyRefusals * 100 < this.percent * this.tried)
      return false;
    this.tripped = true;
    return true;
  }

  reason(): string {
    return (
      `Paused automatically: the SMTP relay refused ${this.policyRefusals} of ${this.tried} recipients of a batch with a non-mailbox error ` +
      `(${this.firstRefusal?.slice(0, 200)}); nobody was marked bouncing. Resume once the relay accepts the mail again.`
    );
  }
}

export interface OutcomeRules {
  maxAttempts: number;
  retryBaseMs: number;
  /** In a storm, policy refusals are the relay's, not the recipients': they go back to the queue. */
  storm: boolean;
}

/** The delivery row's next state after one send result (see docs/areas/mailings.md, "Record"). */
export function outcomeOf(
  d: { id: string; attempts: number },
  result: SendResult,
  rules: OutcomeRules,
): DeliveryOutcome {
  const base = { id: d.id, attempts: d.attempts, error: null, retryMs: 0, refund: false };
  if (result.ok) return { ...base, status: DeliveryStatus.SENT };
  // Never handed to SMTP: the claim's attempt is given back.
  if ('skipped' in result)
    return {
      ...base,
      refund: true,
      status: result.skipped === 'suppress' ? DeliveryStatus.SUPPRESSED : DeliveryStatus.QUEUED,
    };
  const error = result.message;
  if (result.bounce && !(rules.storm && !isMailboxRefusal(error)))
    return { ...base, error, status: DeliveryStatus.BOUNCED };
  if (result.bounce) return { ...base, error, refund: true, status: DeliveryStatus.QUEUED };
  // A 5xx to AUTH, MAIL FROM or DATA, a 4xx or a connection error: retried, then FAILED.
  if (d.attempts >= rules.maxAttempts) return { ...base, error, status: DeliveryStatus.FAILED };
  return { ...base, error, status: DeliveryStatus.QUEUED, retryMs: rules.retryBaseMs * 2 ** (d.attempts - 1) };
}
