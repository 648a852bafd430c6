import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { classifySmtpError } from '@chorus/mail';
import { smtpOptionsFromUrl } from '@chorus/mail';
import { SmtpBreaker } from './smtp-breaker';

/** What to do with a message at the moment it would be handed to SMTP. */
export type SendDecision = 'send' | 'suppress' | 'release';

/**
 * `bounce`: the recipient's address was refused for good (a 5xx to RCPT TO); any other failure
 * may be retried. `skipped`: never handed to SMTP (suppressed since the claim, or released
 * because the batch stopped: pause, cancel, shutdown, storm).
 */
export type SendResult =
  { ok: true } | { ok: false; bounce: boolean; message: string } | { ok: false; skipped: 'suppress' | 'release' };

/** The messages of one lane's batch: asked just before each hand-off, and withdrawn together. */
export interface SendBatch {
  /** A decision at once when the batch can tell without I/O (the common case), else a promise. */
  decide(key: string): SendDecision | Promise<SendDecision>;
}

interface Task {
  to: string;
  raw: string;
  key: string;
  batch?: SendBatch;
  done: (result: SendResult) => void;
  /** Times the connection broke under this message; a few are the relay's fault, not the recipient's. */
  lost: number;
}

interface Slot {
  connection?: SMTPConnection;
  busy: boolean;
}

const RELEASED: SendResult = { ok: false, skipped: 'release' };
const REQUEUE = Symbol('requeue');
/** Codes nodemailer gives a connection that failed or broke (as opposed to a refused command). */
const CONNECTION_ERRORS = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROTOCOL']);

export interface SmtpPoolOptions {
  connections: number;
  backoffMs?: number;
  backoffMaxMs?: number;
}

/**
 * The fast path for bulk mail: several long-lived SMTP connections (nodemailer's
 * SMTPConnection, no MIME building, no per-message transport setup) sending already-built
 * messages from one queue. A refused message resets the session and keeps the connection;
 * a broken connection (or a failed reset) is dropped and reopened for the next message.
 * While the relay cannot be reached the breaker holds the queue (no attempt is spent); each
 * message's batch decides at the last moment whether it still goes out.
 */
export class SmtpPool {
  private readonly slots: Slot[];
  private queue: Task[] = [];
  private readonly options: SMTPConnection.Options;
  private readonly auth?: { user: string; pass: string };
  private readonly breaker: SmtpBreaker;
  private closed = false;

  constructor(
    smtpUrl: string,
    private readonly envelopeFrom: string,
    options: SmtpPoolOptions | number,
  ) {
    const {
      connections,
      backoffMs = 1000,
      backoffMaxMs = 30_000,
    } = typeof options === 'number' ? { connections: options } : options;
    const { auth, ...smtp } = smtpOptionsFromUrl(smtpUrl);
    this.options = { ...smtp, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 60_000 };
    this.auth = auth;
    this.slots = Array.from({ length: connections }, () => ({ busy: false }));
    this.breaker = new SmtpBreaker(backoffMs, backoffMaxMs, () => this.kick());
  }

  send(to: string, raw: string, batch?: SendBatch, key = to): Promise<SendResult> {
    return new Promise((done) => {
      this.queue.push({ to, raw, key, batch, done, lost: 0 });
      this.kick();
    });
  }

  /** Gives back every queued message of the batch (they are answered `release`) at once. */
  withdraw(batch: SendBatch): void {
    const kept: Task[] = [];
    for (const task of this.queue) {
      if (task.batch === batch) task.done(RELEASED);
      else kept.push(task);
    }
    this.queue = kept;
  }

  close(): void {
    this.closed = true;
    this.breaker.close();
    for (const task of this.queue.splice(0)) task.done(RELEASED);
    for (const slot of this.slots) slot.connection?.close();
  }

  /** Puts idle connections to work: all of them normally, one probe while the relay is down. */
  private kick(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy) continue;
      if (this.breaker.closed || this.breaker.takeProbe()) void this.drain(slot);
      else return;
    }
  }

  private async drain(slot: Slot): Promise<void> {
    slot.busy = true;
    try {
      for (let task = this.queue.shift(); task; task = this.breaker.closed ? this.queue.shift() : undefined) {
        const result = await this.sendOn(slot, task);
        if (result === REQUEUE) this.queue.unshift(task);
        else task.done(result);
      }
    } finally {
      slot.busy = false;
    }
    if (this.breaker.closed) this.kick();
  }

  private async sendOn(slot: Slot, task: Task): Promise<SendResult | typeof REQUEUE> {
    if (this.closed) return RELEASED;
    let connection = slot.connection;
    // A new connection proves nothing yet: nodemailer reports one hung up before the greeting as connected.
    const fresh = !connection;
    if (!connection) {
      try {
        connection = slot.connection = await this.open(slot);
      } catch (error) {
        const failure = classifySmtpError(error);
        // A refused login (5xx) is our configuration: retried, then FAILED like any refusal.
        if (failure.permanent) return { ok: false, bounce: false, message: failure.message.slice(0, 500) };
        this.breaker.failed(failure.message);
        return REQUEUE;
      }
    }
    const asked = task.batch ? task.batch.decide(task.key) : 'send';
    const decision = typeof asked === 'string' ? asked : await asked;
    if (decision !== 'send') return { ok: false, skipped: decision };
    if (this.closed) return RELEASED;
    if (slot.connection !== connection) return REQUEUE; // dropped while the batch decided
    try {
      await new Promise<void>((resolve, reject) =>
        connection.send({ from: this.envelopeFrom, to: [task.to] }, task.raw, (error) =>
          error ? reject(error) : resolve(),
        ),
      );
      this.relayAnswered();
      return { ok: true };
    } catch (error) {
      const failure = classifySmtpError(error);
      const code = (error as { code?: string }).code;
      // The server refused this message but the session is healthy: reset it and keep it.
      const keep =
        (code === 'EENVELOPE' || code === 'EMESSAGE') && failure.responseCode !== 421 && (await this.reset(connection));
      if (!keep) this.drop(slot);
      // The relay went away under the message (not the recipient's fault): try it again on a
      // new connection, where a relay that is down trips the breaker instead of spending attempts.
      const lost = (code !== undefined && CONNECTION_ERRORS.has(code)) || failure.responseCode === 421;
      if (!lost) this.relayAnswered();
      if (lost && this.closed) return RELEASED;
      if (lost && fresh) {
        this.breaker.failed(failure.message);
        return REQUEUE;
      }
      if (lost && task.lost++ < 2) return REQUEUE;
      return { ok: false, bounce: failure.recipientRefused, message: failure.message.slice(0, 500) };
    }
  }

  /** The relay held a conversation: the breaker closes, and every connection resumes if it was open. */
  private relayAnswered(): void {
    if (this.breaker.succeeded()) setImmediate(() => this.kick());
  }

  /**
   * RSET; false when it failed. nodemailer forgets the RSET callback when the connection errors,
   * closes or times out meanwhile, so those settle it too (else the batch would wait forever).
   */
  private reset(connection: SMTPConnection): Promise<boolean> {
    return new Promise((resolve) => {
      const gone = () => settle(false);
      const settle = (ok: boolean) => {
        connection.removeListener('error', gone);
        connection.removeListener('end', gone);
        resolve(ok);
      };
      connection.once('error', gone);
      connection.once('end', gone);
      connection.reset((error) => settle(!error));
    });
  }

  private open(slot: Slot): Promise<SMTPConnection> {
    return new Promise((resolve, reject) => {
      const connection = new SMTPConnection(this.options);
      connection.once('error', reject);
      connection.once('end', () => reject(Object.assign(new Error('SMTP connection closed'), { code: 'ECONNECTION' })));
      connection.on('error', () => this.forget(slot, connection));
      connection.on('end', () => this.forget(slot, connection));
      connection.connect(() => {
        connection.removeListener('error', reject);
        if (!this.auth) return resolve(connection);
        connection.login(this.auth, (error) => {
          if (!error) return resolve(connection);
          reject(error);
          connection.close(); // a refused login leaves the session open: do not leak it
        });
      });
    });
  }

  private forget(slot: Slot, connection: SMTPConnection): void {
    if (slot.connection === connection) slot.connection = undefined;
  }

  private drop(slot: Slot): void {
    slot.connection?.close();
    slot.connection = undefined;
  }
}
