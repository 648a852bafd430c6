// The baseline of bench/registry-lookup.ts: a bare node:http server doing the same look-up as
// GET /registry/lookup — same query-string parser, identifier checks and normalization, same LRU
// cache (size and TTL from REGISTRY_LOOKUP_CACHE_ENTRIES / _SECONDS, misses cached too; unless
// BARE_CACHE=0), same indexed SQL on a pool of DATABASE_POOL_SIZE, same JSON and the same response
// headers (Content-Length, Cache-Control, CORS) — without Nest, DI, rate limiting, proxy-aware
// client address or error logging. Started by the benchmark as its own process; prints its port.
import { createServer } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { Pool } from 'pg';
import { LRUCache } from 'lru-cache';
import { IDENTIFIER_CHECKS, IdentifierScheme } from '../libs/registry/src/identifiers/identifiers';
import { lookupSql, PublicReservationRow } from '../libs/registry/src/publication/public-registry.queries';
import { publicEntry } from '../libs/registry/src/publication/formats';
import { registryEnv } from '../libs/registry/src/registry.config';
import { parseEnv } from '../libs/core/src/config/env';

const config = parseEnv(registryEnv, process.env);
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
const cache =
  process.env.BARE_CACHE === '0'
    ? null
    : new LRUCache<string, { body: string; bytes: number }>({
        max: config.REGISTRY_LOOKUP_CACHE_ENTRIES,
        ttl: config.REGISTRY_LOOKUP_CACHE_SECONDS * 1000,
      });
const SCHEMES: IdentifierScheme[] = ['isrc', 'iswc', 'isbn', 'url'];
const cacheControl = `public, max-age=${config.REGISTRY_LOOKUP_CACHE_SECONDS}`;

const server = createServer((req, res) => {
  const send = (answer: { body: string; bytes: number }) =>
    res
      .writeHead(200, [
        'content-type',
        'application/json; charset=utf-8',
        'content-length',
        String(answer.bytes),
        'cache-control',
        cacheControl,
        'access-control-allow-origin',
        '*',
      ])
      .end(answer.body);
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const query = queryAt < 0 ? {} : parseQuery(url.slice(queryAt + 1));
  const given = SCHEMES.filter((s) => query[s] !== undefined);
  const raw = given.length === 1 ? query[given[0]] : undefined;
  const checked = typeof raw === 'string' ? IDENTIFIER_CHECKS[given[0]](raw) : { error: 'missing' };
  if ('error' in checked) {
    res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"BAD_USER_INPUT"}');
    return;
  }
  const scheme = given[0];
  const key = `${scheme}:${checked.value}`;
  const cached = cache?.get(key);
  if (cached) return void send(cached);
  pool.query<PublicReservationRow>(lookupSql(scheme), [checked.value]).then(
    ({ rows }) => {
      const works = rows.map(publicEntry);
      const body = JSON.stringify({
        [scheme]: checked.value,
        reserved: works.some((w) => w.reservation['tdm-reservation'] === 1),
        works,
      });
      const answer = { body, bytes: Buffer.byteLength(body) };
      cache?.set(key, answer);
      send(answer);
    },
    () => res.writeHead(500).end(),
  );
});
server.keepAliveTimeout = 5_000; // Node's default, as the API has
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
