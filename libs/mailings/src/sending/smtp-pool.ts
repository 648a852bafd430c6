import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { classifySmtpError, smtpOptionsFromUrl } from '@chorus/mail';

/** `bounce`: the recipient's address was refused for good; any other failure may be retried. */
export type SendResult = { ok: true } | { ok: false; bounce: boolean; message: string };

interface Task {
  to: string;
  raw: string;
  done: (result: SendResult) => void;
}

interface Slot {
  connection?: SMTPConnection;
  busy: boolean;
}

/**
 * The fast path for bulk mail: several long-lived SMTP connections (nodemailer's
 * SMTPConnection, no MIME building, no per-message transport setup) sending already-built
 * messages from one queue. A refused message resets the session and keeps the connection;
 * a broken connection (or a failed reset) is dropped and reopened for the next message.
 */
export class SmtpPool {
  private readonly slots: Slot[];
  private readonly queue: Task[] = [];
  private readonly options: SMTPConnection.Options;
  private readonly auth?: { user: string; pass: string };
  private closed = false;

  constructor(smtpUrl: string, private readonly envelopeFrom: string, connections: number) {
    const { auth, ...options } = smtpOptionsFromUrl(smtpUrl);
    this.options = { ...options, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 60_000 };
    this.auth = auth;
    this.slots = Array.from({ length: connections }, () => ({ busy: false }));
  }

  send(to: string, raw: string): Promise<SendResult> {
    return new Promise((done) => {
      this.queue.push({ to, raw, done });
      const idle = this.slots.find((s) => !s.busy);
      if (idle) void this.drain(idle);
    });
  }

  close(): void {
    this.closed = true;
    for (const slot of this.slots) slot.connection?.close();
  }

  private async drain(slot: Slot): Promise<void> {
    slot.busy = true;
    try {
      for (let task = this.queue.shift(); task; task = this.queue.shift()) task.done(await this.sendOn(slot, task));
    } finally {
      slot.busy = false;
    }
  }

  private async sendOn(slot: Slot, task: Task): Promise<SendResult> {
    if (this.closed) return { ok: false, bounce: false, message: 'shutting down' };
    try {
      const connection = slot.connection ?? (slot.connection = await this.open(slot));
      await new Promise<void>((resolve, reject) => connection.send({ from: this.envelopeFrom, to: [task.to] }, task.raw, (error) => (error ? reject(error) : resolve())));
      return { ok: true };
    } catch (error) {
      const failure = classifySmtpError(error);
      const code = (error as { code?: string }).code;
      const connection = slot.connection;
      // The server refused this message but the session is healthy: reset it and keep it.
      const keep = connection && (code === 'EENVELOPE' || code === 'EMESSAGE') && failure.responseCode !== 421 && (await this.reset(connection));
      if (!keep) this.drop(slot);
      return { ok: false, bounce: failure.recipientRefused, message: failure.message.slice(0, 500) };
    }
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
