import { offsetMinutes, transitions, vtimezone } from './vtimezone';

describe('vtimezone', () => {
  it('finds the 2026 DST changes of New York to the minute', () => {
    const changes = transitions('America/New_York', Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1)).map((t) =>
      new Date(t).toISOString(),
    );
    expect(changes).toEqual(['2026-03-08T07:00:00.000Z', '2026-11-01T06:00:00.000Z']);
    expect(offsetMinutes('America/New_York', Date.UTC(2026, 6, 1))).toBe(-240);
  });

  it('writes observances with local start times and offsets', () => {
    const block = vtimezone('America/New_York', 2026, 2026);
    expect(block).toContain('BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400');
    expect(block).toContain('BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500');
  });

  it('handles zones without daylight saving time', () => {
    expect(vtimezone('Asia/Kolkata', 2026, 2026)).toContain('TZOFFSETTO:+0530');
  });
});
