import { createServer, Socket } from 'node:net';

/**
 * Replies of a deliberately misbehaving SMTP server; a reply is the full line ("550 no such
 * user"), undefined for the normal positive answer. `rset: 'close'` drops the connection
 * instead of answering RSET; `dataDelayMs` answers the end of DATA late (a slow relay);
 * `down` hangs up on every new connection at once (a relay outage). The script is read at each
 * command, so a test may change it while the server runs.
 */
export interface SmtpScript {
  auth?: string;
  mailFrom?: string;
  rcpt?: (address: string) => string | undefined;
  data?: string;
  dataDelayMs?: number;
  rset?: 'close';
  down?: boolean;
}

export interface ScriptedSmtp {
  url: string;
  /** Connections accepted so far, and those still open. */
  connections: number;
  open: number;
  /** Envelope recipient of every message accepted (250 after DATA). */
  accepted: string[];
  /** Hangs up on every open connection (with `down`, the start of an outage). */
  disconnectAll(): void;
  close(): Promise<void>;
}

/** A raw SMTP server on loopback (no PIPELINING, AUTH PLAIN) that follows a script. */
export async function startScriptedSmtp(script: SmtpScript = {}): Promise<ScriptedSmtp> {
  const sockets = new Set<Socket>();
  const state = { connections: 0, accepted: [] as string[] };
  const server = createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (script.down) return void socket.destroy();
    const say = (line: string) => socket.writable && socket.write(`${line}\r\n`);
    let buffer = '';
    let inData = false;
    let rcpt = '';
    say('220 scripted ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (let i = buffer.indexOf('\r\n'); i >= 0; i = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (inData) {
          if (line !== '.') continue;
          inData = false;
          const reply = script.data ?? '250 queued';
          const to = rcpt;
          setTimeout(() => {
            if (reply.startsWith('250') && socket.writable) state.accepted.push(to);
            say(reply);
          }, script.dataDelayMs ?? 0);
          continue;
        }
        const verb = line.split(' ')[0].toUpperCase();
        if (verb === 'EHLO') say('250-scripted\r\n250 AUTH PLAIN');
        else if (verb === 'AUTH') say(script.auth ?? '235 accepted');
        else if (verb === 'MAIL') say(script.mailFrom ?? '250 ok');
        else if (verb === 'RCPT') {
          rcpt = /<([^>]*)>/.exec(line)?.[1] ?? '';
          say(script.rcpt?.(rcpt) ?? '250 ok');
        } else if (verb === 'DATA') {
          inData = true;
          say('354 go ahead');
        } else if (verb === 'RSET' && script.rset === 'close') socket.destroy();
        else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else say('250 ok');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    get connections() {
      return state.connections;
    },
    get open() {
      return sockets.size;
    },
    accepted: state.accepted,
    disconnectAll: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
