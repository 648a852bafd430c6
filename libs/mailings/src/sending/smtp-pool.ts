import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { classifySmtpError, smtpOptionsFromUrl } from '@chorus/mail';

export type SendResult = { ok: true } | { ok: false; permanent: boolean; message: string };

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
 * messages from one queue. A refused recipient resets the session and keeps the connection;
 * a broken connection is dropped and reopened for the next message.
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
    if (this.closed) return { ok: false, permanent: false, message: 'shutting down' };
    try {
      const connection = slot.connection ?? (slot.connection = await this.open(slot));
      await new Promise<void>((resolve, reject) => connection.send({ from: this.envelopeFrom, to: [task.to] }, task.raw, (error) => (error ? reject(error) : resolve())));
      return { ok: true };
    } catch (error) {
      const failure = classifySmtpError(error);
      const code = (error as { code?: string }).code;
      const connection = slot.connection;
      if (connection && (code === 'EENVELOPE' || code === 'EMESSAGE') && failure.responseCode !== 421) {
        await new Promise<void>((resolve) => connection.reset((resetError) => {
          if (resetError) this.drop(slot);
          resolve();
        }));
      } else {
        this.drop(slot);
      }
      return { ok: false, permanent: failure.permanent, message: failure.message.slice(0, 500) };
    }
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
        connection.login(this.auth, (error) => (error ? reject(error) : resolve(connection)));
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
