import { parseDateTime } from './date-time.scalar';

describe('DateTime scalar', () => {
  it('accepts full date-times with Z or an offset', () => {
    expect(parseDateTime('2026-03-10T09:00:00-05:00').toISOString()).toBe('2026-03-10T14:00:00.000Z');
    expect(parseDateTime('2026-03-10T09:00:00+01:00').toISOString()).toBe('2026-03-10T08:00:00.000Z');
    expect(parseDateTime('2026-03-10T09:00:00.123Z').toISOString()).toBe('2026-03-10T09:00:00.123Z');
  });

  it.each([
    '2026-03-10T09:00:00',
    '2026-03-10',
    '2026-03-10T09:00Z',
    '2026-02-30T09:00:00Z',
    '2026-03-10T24:00:00Z',
    '2026-03-10T09:00:00+25:00',
    'tomorrow',
    1773133200000,
  ])('refuses %p', (value) => {
    expect(() => parseDateTime(value)).toThrow('must be an ISO-8601 date-time');
  });
});
