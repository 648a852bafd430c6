import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import { logDestination, pinoHttpOptions } from './logging.module';

describe('request logs', () => {
  let server: Server;
  let url: string;
  const lines: string[] = [];

  beforeAll(async () => {
    const out = new PassThrough();
    out.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    const log = pinoHttp(pinoHttpOptions({ LOG_LEVEL: 'info' }), out);
    server = createServer((req, res) => {
      log(req, res);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections(); // fetch keeps connections alive
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([
    ['/calendar/SECRETcal123.ics?tz=Europe/Paris', '/calendar/:token'],
    ['/unsubscribe/SECRETunsub456', '/unsubscribe/:token'],
    ['/confirm/SECRETconfirm789', '/confirm/:token'],
    ['/graphql', '/graphql'],
  ])('logs %s as %s, without the token', async (path, logged) => {
    lines.length = 0;
    await (await fetch(url + path, { headers: { authorization: 'Bearer SECRETjwt' } })).text();
    // pino writes asynchronously: wait for the completion line.
    for (let i = 0; i < 100 && lines.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line.req).toMatchObject({ method: 'GET', url: logged });
    expect(line.req.id).toEqual(expect.any(String));
    expect(line.res.statusCode).toBe(200);
    expect(lines[0]).not.toContain('SECRET');
  });
});

describe('log destination', () => {
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'chorus-log-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('in production gathers lines and still writes each within about a second', async () => {
    const file = join(dir, 'production.log');
    const dest = logDestination({ NODE_ENV: 'production' }, file);
    const logger = pino(dest);
    logger.info({ n: 1 }, 'first');
    logger.info({ n: 2 }, 'second');
    await new Promise((r) => setTimeout(r, 50));
    expect(read(file)).toBe(''); // gathered, not one write per line
    for (let i = 0; i < 40 && !read(file).includes('second'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(
      read(file)
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line).msg),
    ).toEqual(['first', 'second']);
    dest.end();
  });

  it('outside production writes each line at once', () => {
    const file = join(dir, 'development.log');
    const dest = logDestination({ NODE_ENV: 'development' }, file);
    pino(dest).info('at once');
    expect(JSON.parse(read(file)).msg).toBe('at once');
    dest.end();
  });
});
