import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/** Express's compiled `trust proxy` setting (`app.get('trust proxy fn')`). */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * The client address as Express's `req.ip` computes it: `proxy-addr`, the package Express itself
 * calls, with the same compiled `trust proxy` setting. The lookup answers outside Express, so it
 * asks the same function directly.
 */
export function clientAddress(request: IncomingMessage, trust: TrustProxy): string {
  return proxyaddr(request, trust);
}
