import { WEEKDAYS, type NotificationSchedule, type Weekday } from '@relais/contracts';

/** D6: wall-clock hours are Europe/Paris, whatever the server's own time zone. */
export const SCHEDULE_TIME_ZONE = 'Europe/Paris';

const parisParts = new Intl.DateTimeFormat('en-US', {
  timeZone: SCHEDULE_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The Europe/Paris calendar date and time of an instant. */
export function parisWallClock(instant: Date): WallClock {
  const parts: Record<string, number> = {};
  for (const p of parisParts.formatToParts(instant))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Monday…Sunday of a calendar date (no time zone involved: the date is already Paris's). */
function weekdayOf(year: number, month: number, day: number): Weekday {
  const sundayFirst = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return WEEKDAYS[(sundayFirst + 6) % 7] ?? 'monday';
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * D6: may push, e-mail or SMS reach the professional at this instant? Read on the Paris wall clock: a range
 * holds from its start (included) to its end (excluded). Across daylight-saving changes the wall clock decides:
 * on the spring-forward night a range inside 02:00–03:00 never occurs, and on the fall-back night a range inside
 * 02:00–03:00 holds twice, as a Paris clock shows it twice.
 */
export function isNotifiable(schedule: NotificationSchedule, instant: Date): boolean {
  const wall = parisWallClock(instant);
  const day = schedule.days[weekdayOf(wall.year, wall.month, wall.day)];
  switch (day.mode) {
    case 'all_day':
      return true;
    case 'unavailable':
      return false;
    case 'custom': {
      const now = wall.hour * 60 + wall.minute + wall.second / 60;
      return day.ranges.some((r) => minutesOf(r.start) <= now && now < minutesOf(r.end));
    }
  }
}

const DAY_MS = 86_400_000;

/**
 * The first instant from `instant` on that is notifiable (the instant itself when it is), to the millisecond;
 * null when the schedule never notifies. Where a notifiable span begins is either a range's start (00:00 for a
 * day available all day) read on the Paris clock, or a daylight-saving change that jumps into a range: the
 * candidates are those, over the coming eight days, and `isNotifiable` decides among them.
 */
export function nextNotifiableInstant(schedule: NotificationSchedule, instant: Date): Date | null {
  if (isNotifiable(schedule, instant)) return instant;
  const from = instant.getTime();
  const until = from + 8 * DAY_MS;
  const candidates: number[] = [];
  const today = parisWallClock(instant);
  for (let offset = 0; offset <= 8; offset++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    const day = schedule.days[weekdayOf(y, m, d)];
    const starts =
      day.mode === 'all_day' ? ['00:00'] : day.mode === 'custom' ? day.ranges.map((r) => r.start) : [];
    for (const start of starts) candidates.push(...parisInstants(y, m, d, minutesOf(start)));
  }
  candidates.push(...offsetChanges(from, until));
  const next = candidates
    .filter((t) => t > from && t <= until)
    .sort((a, b) => a - b)
    .find((t) => isNotifiable(schedule, new Date(t)));
  return next === undefined ? null : new Date(next);
}

/** Paris's offset from UTC at an instant, minutes. */
function parisOffsetMinutes(t: number): number {
  const w = parisWallClock(new Date(t));
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(t / 1000) * 1000) / 60_000);
}

/** The instants at which the Paris clock reads this date and minute: none (skipped), one, or two (repeated). */
export function parisInstants(year: number, month: number, day: number, minuteOfDay: number): number[] {
  const wallAsUtc = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  const found = new Set<number>();
  for (const offset of [60, 120, 0, 180]) {
    const t = wallAsUtc - offset * 60_000;
    if (parisOffsetMinutes(t) === offset) found.add(t);
  }
  return [...found].sort((a, b) => a - b);
}

/** The instants in (from, until] at which Paris's offset changes (at most one a day): sampled daily, bisected. */
function offsetChanges(from: number, until: number): number[] {
  const changes: number[] = [];
  let low = from;
  let lowOffset = parisOffsetMinutes(from);
  while (low < until) {
    let high = Math.min(low + DAY_MS, until);
    const highOffset = parisOffsetMinutes(high);
    if (highOffset !== lowOffset) {
      let before = low;
      while (high - before > 1) {
        const middle = Math.floor((before + high) / 2);
        if (parisOffsetMinutes(middle) === lowOffset) before = middle;
        else high = middle;
      }
      changes.push(high);
    }
    low = high;
    lowOffset = highOffset;
  }
  return changes;
}
