import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

/**
 * A development SMTP server on loopback that accepts every message and keeps it as an .eml
 * file, so that a new user can read what Chorus sent without a mail account.
 */
export function startMailCatcher(options: { port: number; directory: string; host?: string }): Promise<SMTPServer> {
  mkdirSync(options.directory, { recursive: true });
  let sequence = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        sequence += 1;
        const to = session.envelope.rcptTo
          .map((r) => r.address)
          .join(',')
          .replace(/[^\w@.,-]/g, '_')
          .slice(0, 80);
        writeFileSync(
          join(options.directory, `${new Date().toISOString().replace(/[:.]/g, '-')}-${sequence}-${to}.eml`),
          Buffer.concat(chunks),
        );
        callback();
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve(server));
  });
}
