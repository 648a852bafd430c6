import { LookupRateLimit } from './lookup-rate-limit';

describe('LookupRateLimit', () => {
  let now = 1_000_000;
  const clock = () => now;

  it('allows the limit per address per window, then says how many seconds to wait', () => {
    const limit = new LookupRateLimit(3, 60, clock);
    expect([limit.take('a'), limit.take('a'), limit.take('a')]).toEqual([0, 0, 0]);
    expect(limit.take('b')).toBe(0);
    now += 10_500;
    expect(limit.take('a')).toBe(50);
    now += 49_000;
    expect(limit.take('a')).toBe(1);
    now += 500;
    expect(limit.take('a')).toBe(0);
  });

  it('forgets addresses whose window ended', () => {
    const limit = new LookupRateLimit(1, 1, clock);
    for (let i = 0; i < 100; i++) limit.take(`10.0.0.${i}`);
    expect(limit.size).toBe(100);
    now += 1000;
    limit.take('10.0.1.1');
    expect(limit.size).toBe(1);
  });
});
