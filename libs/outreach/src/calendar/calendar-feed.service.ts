import { Inject, Injectable } from '@nestjs/common';
import ical, { ICalEventStatus } from 'ical-generator';
import { actorOf, AuthService } from '@chorus/auth';
import { CORE_CONFIG, CoreConfig, NotFoundError } from '@chorus/core';
import { PressReleasesService } from '@chorus/press';
import { OutreachService } from '../outreach.service';
import { OUTREACH_CONFIG, OutreachConfig } from '../outreach.config';
import { TaskKind, TaskStatus } from '../entities/outreach-task.entity';
import { offsetMinutes, vtimezone } from './vtimezone';

const DAY_MS = 86400_000;

/**
 * ical-generator prints a native Date with a TZID using the process's local clock fields; this
 * returns the Date whose local fields show `instant`'s wall-clock time in `zone`.
 */
export function wallClock(instant: Date, zone: string): Date {
  const wallMs = instant.getTime() + offsetMinutes(zone, instant.getTime()) * 60_000;
  const first = new Date(wallMs + new Date(wallMs).getTimezoneOffset() * 60_000);
  return new Date(wallMs + first.getTimezoneOffset() * 60_000);
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
    @Inject(CORE_CONFIG) private readonly core: CoreConfig,
    @Inject(OUTREACH_CONFIG) private readonly config: OutreachConfig,
  ) {}

  async feed(token: string, timeZone = this.config.OUTREACH_TIMEZONE): Promise<string> {
    const user = await this.auth.findByCalendarToken(token);
    if (!user) throw new NotFoundError('Calendar');
    const now = Date.now();
    const from = new Date(now - 90 * DAY_MS);
    const year = new Date(now).getUTCFullYear();
    const calendar = ical({
      // ical-generator writes the name as is: a line break in it would add lines to the feed.
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
      name: `Chorus – ${user.name.replace(/[\u0000-\u001f\u007f]+/g, ' ')}`,
      prodId: { company: 'Chorus', product: 'outreach', language: 'EN' },
      // No calendar-level zone name: with one, ical-generator writes DTSTAMP as a floating local
      // time; RFC 5545 wants UTC. Events carry their TZID; the generator still adds their VTIMEZONE.
      timezone: { name: null, generator: (zone) => vtimezone(zone, year - 1, year + 2) },
      x: [{ key: 'X-WR-TIMEZONE', value: timeZone }],
      ttl: 15 * 60,
    });
    for (const task of await this.tasks.timedTasksOf(user.id, from)) {
      calendar.createEvent({
        id: `task-${task.id}@chorus`,
        start: wallClock(task.dueAt!, timeZone),
        end: wallClock(new Date(task.dueAt!.getTime() + (MINUTES[task.kind] ?? 30) * 60_000), timeZone),
        timezone: timeZone,
        summary: `${task.kind.replace('_', ' ').toLowerCase()}: ${task.title}`,
        description: task.outcome ? `Outcome: ${task.outcome}` : null,
        status: task.status === TaskStatus.DONE ? ICalEventStatus.CONFIRMED : ICalEventStatus.TENTATIVE,
        // Changes when the task does, so that calendar apps pick up the update.
        stamp: task.updatedAt,
        lastModified: task.updatedAt,
      });
    }
    for (const release of await this.releases.embargoesVisibleTo(actorOf(user), from, new Date(now + 400 * DAY_MS))) {
      calendar.createEvent({
        id: `embargo-${release.id}@chorus`,
        start: wallClock(release.embargoUntil!, timeZone),
        end: wallClock(new Date(release.embargoUntil!.getTime() + 15 * 60_000), timeZone),
        timezone: timeZone,
        summary: `Embargo lifts: ${release.title}`,
        url: `${this.core.PUBLIC_URL}/press-releases/${release.id}`,
        stamp: release.updatedAt,
        lastModified: release.updatedAt,
      });
    }
    return calendar.toString();
  }
}
