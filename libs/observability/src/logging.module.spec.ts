import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { pinoHttp } from 'pino-http';
import { pinoHttpOptions } from './logging.module';

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
