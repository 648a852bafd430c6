import type { IncomingMessage } from 'node:http';
import express from 'express';
import { clientAddress, TrustProxy } from './client-address';

/** Express's own answer (req.ip) for the same request and `trust proxy` setting. */
function expressIp(setting: unknown, peer: string, forwarded?: string): string {
  const app = express();
  app.set('trust proxy', setting);
  const request = Object.create(app.request, {
    app: { value: app },
    socket: { value: { remoteAddress: peer } },
    headers: { value: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } },
  });
  return request.ip;
}

function ours(setting: unknown, peer: string, forwarded?: string): string {
  const app = express();
  app.set('trust proxy', setting);
  const request = {
    socket: { remoteAddress: peer },
    headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
  } as unknown as IncomingMessage;
  return clientAddress(request, app.get('trust proxy fn') as TrustProxy);
}

describe('clientAddress', () => {
  const settings: unknown[] = [false, true, 'loopback', '127.0.0.1, 10.0.0.0/8', 1, 2];
  const requests: [string, string | undefined][] = [
    ['127.0.0.1', undefined],
    ['127.0.0.1', '203.0.113.7'],
    ['127.0.0.1', '198.51.100.1, 10.1.2.3'],
    ['127.0.0.1', '198.51.100.1, 203.0.113.9, 10.1.2.3'],
    ['203.0.113.50', '198.51.100.1'],
    ['127.0.0.1', ' , 203.0.113.7,,'],
    ['127.0.0.1', ''],
  ];

  it.each(settings)('answers what Express req.ip answers with trust proxy %p', (setting) => {
    for (const [peer, forwarded] of requests)
      expect(ours(setting, peer, forwarded)).toBe(expressIp(setting, peer, forwarded));
  });

  it('ignores X-Forwarded-For unless the peer is a trusted proxy', () => {
    expect(ours(false, '127.0.0.1', '203.0.113.7')).toBe('127.0.0.1');
    expect(ours('loopback', '127.0.0.1', '203.0.113.7')).toBe('203.0.113.7');
    expect(ours('loopback', '203.0.113.50', '198.51.100.1')).toBe('203.0.113.50');
  });
});
