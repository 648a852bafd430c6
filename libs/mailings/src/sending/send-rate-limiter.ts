import type Redis from 'ioredis';

/**
 * The send rate shared by every worker process, kept in Redis by one Lua script so that
 * taking tokens is atomic across processes:
 * - per second: GCRA (a virtual schedule, `tat`), with bursts of at most a tenth of a second's
 *   worth, so that a measured rate stays within a few percent of the limit;
 * - per hour: a sliding window of 10-second buckets (counted conservatively: a bucket counts
 *   while any part of it is inside the hour).
 * Returns how many messages may go now (≤ wanted) and, when none, how long to wait.
 */
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wanted = tonumber(ARGV[1])
local rps = tonumber(ARGV[2])
local rph = tonumber(ARGV[3])
local grant = wanted
local wait = 0
local tat = now
local interval = 0
if rps > 0 then
  interval = 1000 / rps
  local burst = math.max(1, math.floor(rps / 10))
  tat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
  local room = math.floor((now + burst * interval - tat) / interval + 1e-9)
  if room < grant then grant = room end
  if grant <= 0 then
    grant = 0
    wait = math.ceil(tat + interval - now - burst * interval)
  end
end
if rph > 0 and grant > 0 then
  local bucket = math.floor(now / 10000)
  local oldest = bucket - 360
  local counts = redis.call('HGETALL', KEYS[2])
  local used = 0
  local first = nil
  for i = 1, #counts, 2 do
    local b = tonumber(counts[i])
    if b < oldest then redis.call('HDEL', KEYS[2], counts[i])
    else
      used = used + tonumber(counts[i + 1])
      if first == nil or b < first then first = b end
    end
  end
  local left = rph - used
  if left < grant then grant = math.max(left, 0) end
  if grant <= 0 then
    grant = 0
    wait = math.max(((first or bucket) + 361) * 10000 - now, 100)
  else
    redis.call('HINCRBY', KEYS[2], tostring(bucket), grant)
    redis.call('PEXPIRE', KEYS[2], 3700000)
  end
end
if rps > 0 and grant > 0 then
  redis.call('SET', KEYS[1], tostring(tat + grant * interval), 'PX', 60000)
end
return {grant, wait, math.floor(now / 10000)}
`;

/** Gives back tokens taken but not used: the per-second schedule and the hour bucket they came from. */
const GIVE_BACK = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = tonumber(ARGV[1])
local rps = tonumber(ARGV[2])
if rps > 0 then
  local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
  if tat > now then redis.call('SET', KEYS[1], tostring(math.max(now, tat - n * 1000 / rps)), 'PX', 60000) end
end
local used = tonumber(redis.call('HGET', KEYS[2], ARGV[3]) or '0')
if used > 0 then redis.call('HINCRBY', KEYS[2], ARGV[3], -math.min(n, used)) end
return 1
`;

export interface RateLimits {
  perSecond: number;
  perHour: number;
}

/** Tokens granted by `take`; `bucket` is the hour bucket they were counted in (for `giveBack`). */
export interface RateGrant {
  granted: number;
  waitMs: number;
  bucket: number;
}

type Scripts = {
  chorusSendRate: (...args: unknown[]) => Promise<[number, number, number]>;
  chorusSendRateGiveBack: (...args: unknown[]) => Promise<number>;
};

export class SendRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly limits: RateLimits,
  ) {
    redis.defineCommand('chorusSendRate', { numberOfKeys: 2, lua: SCRIPT });
    redis.defineCommand('chorusSendRateGiveBack', { numberOfKeys: 2, lua: GIVE_BACK });
  }

  get unlimited(): boolean {
    return this.limits.perSecond === 0 && this.limits.perHour === 0;
  }

  async take(wanted: number): Promise<RateGrant> {
    if (this.unlimited) return { granted: wanted, waitMs: 0, bucket: 0 };
    const [granted, waitMs, bucket] = await (this.redis as unknown as Scripts).chorusSendRate(
      'mail-rate:tat',
      'mail-rate:hour',
      wanted,
      this.limits.perSecond,
      this.limits.perHour,
    );
    return { granted, waitMs, bucket };
  }

  /**
   * Returns `unused` tokens of `grant` (a lane took a batch's worth and claimed fewer): without
   * this, lanes polling an almost finished mailing would spend the hourly budget sending nothing.
   */
  async giveBack(grant: RateGrant, unused: number): Promise<void> {
    if (this.unlimited || unused <= 0) return;
    await (this.redis as unknown as Scripts).chorusSendRateGiveBack(
      'mail-rate:tat',
      'mail-rate:hour',
      Math.min(unused, grant.granted),
      this.limits.perSecond,
      String(grant.bucket),
    );
  }
}
