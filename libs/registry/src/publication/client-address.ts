import type { IncomingMessage } from 'node:http';

/** Express's compiled `trust proxy` setting (`app.get('trust proxy fn')`). */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * The client address as Express's `req.ip` computes it (proxy-addr): the socket's peer, then the
 * X-Forwarded-For entries from right to left, stopping at the first address that is not a
 * trusted proxy. The lookup answers outside Express, so it applies the same setting itself.
 */
export function clientAddress(request: IncomingMessage, trust: TrustProxy): string {
  const peer = request.socket.remoteAddress ?? 'unknown';
  const forwarded = request.headers['x-forwarded-for'];
  if (forwarded === undefined || !trust(peer, 0)) return peer;
  // Nearest first, empty entries skipped (as the `forwarded` package parses the header).
  const hops = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean)
    .reverse();
  let address = peer;
  for (let hop = 1; hop <= hops.length; hop++) {
    address = hops[hop - 1];
    if (hop < hops.length && !trust(address, hop)) return address;
  }
  return address;
}
