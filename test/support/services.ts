import { Client } from 'pg';
import Redis from 'ioredis';

/** Fails with a clear message when PostgreSQL or Redis is not reachable. */
export async function assertServicesUp(databaseUrl: string, redisUrl: string): Promise<void> {
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const pg = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  try {
    await pg.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${admin.host} (${(error as Error).message}). Run scripts/ensure-services.sh.`,
      { cause: error },
    );
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(
      `Redis is not reachable at ${redisUrl} (${(error as Error).message}). Run scripts/ensure-services.sh.`,
      { cause: error },
    );
  } finally {
    redis.disconnect();
  }
}

/** Deletes every Redis key matching `pattern` (a run's own prefix followed by `*`); returns how many. */
export async function deleteRedisKeys(redisUrl: string, pattern: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    for await (const keys of redis.scanStream({ match: pattern, count: 1000 }) as AsyncIterable<string[]>) {
      if (keys.length) deleted += await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}
