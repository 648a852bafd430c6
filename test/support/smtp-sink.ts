import { SMTPServer } from 'smtp-server';
import { simpleParser, ParsedMail } from 'mailparser';

export interface ReceivedMail {
  envelopeTo: string[];
  parsed: ParsedMail;
  raw: string;
  receivedAt: number;
}

export interface SmtpSink {
  url: string;
  messages: ReceivedMail[];
  /** Messages sent to this address (envelope recipient). */
  to(address: string): ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback that keeps and parses every message. `reject` can refuse a
 * recipient with a code (e.g. 550) as a real provider would; `delayMs` makes each message take that
 * long to be accepted (a slow provider).
 */
export async function startSmtpSink(
  options: { reject?: (address: string) => number | undefined; parse?: boolean; delayMs?: number } = {},
): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      const code = options.reject?.(address.address);
      if (code) return callback(Object.assign(new Error(`${code} mailbox unavailable`), { responseCode: code }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed = options.parse === false ? ({} as ParsedMail) : await simpleParser(raw);
        if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        messages.push({
          envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          parsed,
          raw,
          receivedAt: Date.now(),
        });
        callback();
      });
    },
  });
  // A client killed mid-conversation (crash tests SIGKILL workers) resets its connection: ignore it.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    to: (address) => messages.filter((m) => m.envelopeTo.includes(address.toLowerCase())),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
