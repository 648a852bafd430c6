// The baseline of bench/registry-lookup.ts: a bare node:http server doing the same look-up as
// GET /registry/lookup — same identifier check and normalization, same LRU cache (unless
// BARE_CACHE=0), same indexed SQL, same JSON — without Nest, Express, logging or rate limiting.
// Started by the benchmark as its own process; prints its port on stdout.
import { createServer } from 'node:http';
import { Pool } from 'pg';
import { LRUCache } from 'lru-cache';
import { IDENTIFIER_CHECKS, IdentifierScheme } from '../libs/registry/src/identifiers/identifiers';
import { lookupSql, PublicReservationRow } from '../libs/registry/src/publication/public-registry.queries';
import { publicEntry } from '../libs/registry/src/publication/formats';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const cache = process.env.BARE_CACHE === '0' ? null : new LRUCache<string, string>({ max: 100_000, ttl: 30_000 });
const SCHEMES: IdentifierScheme[] = ['isrc', 'iswc', 'isbn', 'url'];

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? '/', 'http://bare');
    const scheme = SCHEMES.find((s) => url.searchParams.has(s));
    const checked = scheme ? IDENTIFIER_CHECKS[scheme](url.searchParams.get(scheme)!) : { error: 'missing' };
    if (!scheme || 'error' in checked) {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"BAD_USER_INPUT"}');
      return;
    }
    const key = `${scheme}:${checked.value}`;
    let body = cache?.get(key);
    if (body === undefined) {
      const { rows } = await pool.query<PublicReservationRow>(lookupSql(scheme), [checked.value]);
      const works = rows.map(publicEntry);
      body = JSON.stringify({ [scheme]: checked.value, reserved: works.some((w) => w.reservation['tdm-reservation'] === 1), works });
      cache?.set(key, body);
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
  } catch {
    res.writeHead(500).end();
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
