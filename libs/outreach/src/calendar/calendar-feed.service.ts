import { Inject, Injectable } from '@nestjs/common';
import ical, { ICalEventStatus } from 'ical-generator';
import { actorOf, AuthService } from '@chorus/auth';
import { NotFoundError } from '@chorus/core';
import { PressReleasesService } from '@chorus/press';
import { OutreachService } from '../outreach.service';
import { OUTREACH_CONFIG, OutreachConfig } from '../outreach.config';
import { TaskKind, TaskStatus } from '../entities/outreach-task.entity';
import { offsetMinutes, vtimezone } from './vtimezone';

const DAY_MS = 86400_000;
/** Years ahead the feed's VTIMEZONE reaches at most. */
const COVERED_YEARS = 10;

/**
 * ical-generator prints a native Date with a TZID using the process's local clock fields; this
 * returns the Date whose local fields show `instant`'s wall-clock time in `zone`.
 */
export function wallClock(instant: Date, zone: string): Date {
  const wallMs = instant.getTime() + offsetMinutes(zone, instant.getTime()) * 60_000;
  const first = new Date(wallMs + new Date(wallMs).getTimezoneOffset() * 60_000);
  return new Date(wallMs + first.getTimezoneOffset() * 60_000);
}
/**
 * Whether `instant`'s wall-clock time in `zone`, written with a TZID, is read back as this same
 * instant. In the hour repeated when clocks go back a local time occurs twice, and RFC 5545 reads
 * it as the first occurrence: an instant in the second one must be written in UTC instead.
 */
export function localTimeIsExact(instant: Date, zone: string): boolean {
  const at = instant.getTime();
  const wall = at + offsetMinutes(zone, at) * 60_000;
  // The instants that show this wall time: at most one per offset in use around it.
  const offsets = new Set([-3, 0, 3].map((h) => offsetMinutes(zone, at + h * 3600_000)));
  const readings = [...offsets]
    .map((o) => wall - o * 60_000)
    .filter((u) => u + offsetMinutes(zone, u) * 60_000 === wall);
  return Math.min(...readings) === at;
}

/** How long a task blocks the calendar, by kind. */
const MINUTES: Partial<Record<TaskKind, number>> = { INTERVIEW: 60, BRIEFING: 60, MEETING: 60 };

/**
 * The per-user iCalendar feed: the user's tasks with a time and the embargo lifts of releases
 * they may see (the same visibility rule as the API: never a release they could not read).
 */
@Injectable()
export class CalendarFeedService {
  constructor(
    private readonly auth: AuthService,
    private readonly tasks: OutreachService,
    private readonly releases: PressReleasesService,
    @Inject(OUTREACH_CONFIG) private readonly config: OutreachConfig,
  ) {}

  async feed(token: string, timeZone = this.config.OUTREACH_TIMEZONE): Promise<string> {
    const user = await this.auth.findByCalendarToken(token);
    if (!user) throw new NotFoundError('Calendar');
    const now = Date.now();
    const from = new Date(now - 90 * DAY_MS);
    const tasks = await this.tasks.timedTasksOf(user.id, from);
    const releases = await this.releases.embargoesVisibleTo(actorOf(user), from, new Date(now + 400 * DAY_MS));
    // The VTIMEZONE covers every event of the feed (a meeting planned years ahead included), so
    // that a client that reads it rather than its own zone data places each one right; events
    // past COVERED_YEARS (computing far-off transitions costs) are written in UTC instead.
    const year = new Date(now).getUTCFullYear();
    const years = [now, ...tasks.map((t) => t.dueAt!.getTime()), ...releases.map((r) => r.embargoUntil!.getTime())].map(
      (at) => new Date(at).getUTCFullYear(),
    );
    const [firstYear, lastYear] = [Math.min(...years) - 1, Math.min(Math.max(...years) + 1, year + COVERED_YEARS)];
    const coveredUntil = Date.UTC(lastYear, 0, 1);
    const calendar = ical({
      // ical-generator writes the name as is: a line break in it would add lines to the feed.
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
      name: `Chorus – ${user.name.replace(/[\u0000-\u001f\u007f]+/g, ' ')}`,
      prodId: { company: 'Chorus', product: 'outreach', language: 'EN' },
      // No calendar-level zone name: with one, ical-generator writes DTSTAMP as a floating local
      // time; RFC 5545 wants UTC. Events carry their TZID; the generator still adds their VTIMEZONE.
      timezone: { name: null, generator: (zone) => vtimezone(zone, firstYear, lastYear) },
      x: [{ key: 'X-WR-TIMEZONE', value: timeZone }],
      ttl: 15 * 60,
    });
    for (const task of tasks) {
      calendar.createEvent({
        id: `task-${task.id}@chorus`,
        ...times(task.dueAt!, (MINUTES[task.kind] ?? 30) * 60_000, timeZone, coveredUntil),
        summary: `${task.kind.replace('_', ' ').toLowerCase()}: ${task.title}`,
        description: task.outcome ? `Outcome: ${task.outcome}` : null,
        status: task.status === TaskStatus.DONE ? ICalEventStatus.CONFIRMED : ICalEventStatus.TENTATIVE,
        // Changes when the task does, so that calendar apps pick up the update.
        stamp: task.updatedAt,
        lastModified: task.updatedAt,
        sequence: revision(task.updatedAt),
      });
    }
    for (const release of releases) {
      calendar.createEvent({
        id: `embargo-${release.id}@chorus`,
        ...times(release.embargoUntil!, 15 * 60_000, timeZone, coveredUntil),
        summary: `Embargo lifts: ${release.title}`,
        stamp: release.updatedAt,
        lastModified: release.updatedAt,
        sequence: revision(release.updatedAt),
      });
    }
    return calendar.toString();
  }
}

/**
 * An event's start and end: local times with the zone's TZID, or both in UTC when either local
 * time would be read as another instant (the repeated hour when clocks go back) or the feed's
 * VTIMEZONE does not reach the event (`coveredUntil`).
 */
function times(start: Date, durationMs: number, zone: string, coveredUntil: number) {
  const end = new Date(start.getTime() + durationMs);
  if (end.getTime() >= coveredUntil || !localTimeIsExact(start, zone) || !localTimeIsExact(end, zone))
    return { start, end, timezone: null };
  return { start: wallClock(start, zone), end: wallClock(end, zone), timezone: zone };
}

/**
 * RFC 5545's SEQUENCE, which must grow with each revision (a rescheduled meeting): the seconds of
 * the last change since 2020, growing with every change and far from the 32-bit limit.
 */
const revision = (updatedAt: Date) => Math.max(0, Math.floor((updatedAt.getTime() - Date.UTC(2020, 0, 1)) / 1000));
