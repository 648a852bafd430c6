// The shared send-rate limiter against a real Redis: per second and per sliding hour.
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { SendRateLimiter } from '../../libs/mailings/src/sending/send-rate-limiter';

describe('mailings: send-rate limiter', () => {
  const clients: Redis[] = [];
  const limiter = (perSecond: number, perHour: number) => {
    const redis = new Redis(process.env.REDIS_URL!, {
      keyPrefix: `chorus-test-${process.env.CHORUS_TEST_RUN}-rate-${randomBytes(4).toString('hex')}:`,
    });
    clients.push(redis);
    return { redis, limiter: new SendRateLimiter(redis, { perSecond, perHour }) };
  };
  afterAll(() => clients.forEach((c) => c.disconnect()));

  it('two processes sharing a per-second limit get, together, the limit (within 5%)', async () => {
    const { limiter: a, redis } = limiter(400, 0);
    const other = redis.duplicate();
    clients.push(other);
    const b = new SendRateLimiter(other, { perSecond: 400, perHour: 0 });
    let granted = 0;
    const started = Date.now();
    const take = async (l: SendRateLimiter) => {
      while (Date.now() - started < 2000) {
        const r = await l.take(100);
        granted += r.granted;
        if (r.granted === 0) await new Promise((res) => setTimeout(res, r.waitMs));
      }
    };
    await Promise.all([take(a), take(b), take(a)]);
    const rate = granted / ((Date.now() - started) / 1000);
    expect(Math.abs(rate / 400 - 1)).toBeLessThan(0.05);
  });

  it('never grants more than the hourly window and says how long to wait', async () => {
    const { limiter: l } = limiter(0, 120);
    const grants = [await l.take(100), await l.take(100), await l.take(100)];
    expect(grants.map((g) => g.granted)).toEqual([100, 20, 0]);
    expect(grants[2].waitMs).toBeGreaterThan(3_500_000);
  });

  it('tokens given back unused are granted again', async () => {
    const { limiter: l } = limiter(0, 120);
    const first = await l.take(100);
    await l.giveBack(first, 60); // claimed only 40
    expect((await l.take(100)).granted).toBe(80);
    expect((await l.take(100)).granted).toBe(0);
  });
});
