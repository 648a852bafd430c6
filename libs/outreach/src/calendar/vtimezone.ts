/**
 * VTIMEZONE blocks (RFC 5545 §3.6.5) computed from the platform's time zone data (Intl), so
 * that feeds can use TZID-local times without a time zone library: one STANDARD or DAYLIGHT
 * observance per offset change over the years the feed covers.
 */
const HOUR_MS = 3600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const blocks = new Map<string, string>();

/** Offset of `zone` from UTC at `at`, in minutes. */
export function offsetMinutes(zone: string, at: number): number {
  let formatter = formatters.get(zone);
  if (!formatter)
    formatters.set(
      zone,
      (formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })),
    );
  const name = formatter.formatToParts(at).find((p) => p.type === 'timeZoneName')!.value;
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0));
}

const formatOffset = (minutes: number) => {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
};

/** Local wall time of an instant as an iCalendar DATE-TIME without zone. */
const localStamp = (at: number, offset: number) =>
  new Date(at + offset * 60_000)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, '');

/** The instants (ms) in [from, to) where the zone's offset changes, to the minute. */
export function transitions(zone: string, from: number, to: number): number[] {
  const found: number[] = [];
  for (let t = from; t < to; t += 6 * HOUR_MS) {
    if (offsetMinutes(zone, t) === offsetMinutes(zone, t + 6 * HOUR_MS)) continue;
    let [lo, hi] = [t, t + 6 * HOUR_MS];
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 2 / 60_000) * 60_000;
      if (offsetMinutes(zone, mid) === offsetMinutes(zone, lo)) lo = mid;
      else hi = mid;
    }
    found.push(hi);
  }
  return found;
}

/** The VTIMEZONE block of `zone` covering the years given (computed once per zone and range). */
export function vtimezone(zone: string, fromYear: number, toYear: number): string {
  const key = `${zone}|${fromYear}|${toYear}`;
  let block = blocks.get(key);
  if (!block) blocks.set(key, (block = computeVtimezone(zone, fromYear, toYear)));
  return block;
}

function computeVtimezone(zone: string, fromYear: number, toYear: number): string {
  const from = Date.UTC(fromYear, 0, 1);
  const to = Date.UTC(toYear + 1, 0, 1);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  const changes = transitions(zone, from, to);
  const observance = (at: number, before: number, after: number, daylight: boolean) => [
    `BEGIN:${daylight ? 'DAYLIGHT' : 'STANDARD'}`,
    `DTSTART:${localStamp(at, before)}`,
    `TZOFFSETFROM:${formatOffset(before)}`,
    `TZOFFSETTO:${formatOffset(after)}`,
    `END:${daylight ? 'DAYLIGHT' : 'STANDARD'}`,
  ];
  if (changes.length === 0) {
    const offset = offsetMinutes(zone, from);
    lines.push(...observance(Date.UTC(1970, 0, 1), offset, offset, false));
  }
  for (const at of changes) {
    const before = offsetMinutes(zone, at - 60_000);
    const after = offsetMinutes(zone, at);
    lines.push(...observance(at, before, after, after > before));
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}
