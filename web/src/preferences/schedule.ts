import {
  WEEKDAYS,
  type DayMode,
  type NotificationSchedule,
  type NotificationScheduleUpdate,
  type Weekday,
} from '@relais/contracts';
import { frPreferences } from '../i18n/fr-preferences.ts';
import type { FieldErrors } from '../ui/form-errors.ts';

const t = frPreferences.schedule;

export interface Range {
  /** Stable key for React while ranges are added and removed. */
  key: number;
  start: string;
  /** As the time input shows it: midnight at the end of the day is `00:00` (the API's `24:00`). */
  end: string;
}

export interface DayDraft {
  mode: DayMode;
  /** Kept while the day cycles through the other modes, so that hours typed are not lost by a tap too many. */
  ranges: Range[];
}

export type WeekDraft = Record<Weekday, DayDraft>;

/** The FAQ's cycle: one tap → custom hours, two → unavailable, three → back to available all day. */
export const NEXT_MODE: Record<DayMode, DayMode> = {
  all_day: 'custom',
  custom: 'unavailable',
  unavailable: 'all_day',
};

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
let nextKey = 1;

export function newRange(start: string, end: string): Range {
  return { key: nextKey++, start, end };
}

/** The hours a day starts with when it first becomes custom. */
export const DEFAULT_RANGE = { start: '08:00', end: '19:00' };

export function toDraft(schedule: NotificationSchedule): WeekDraft {
  const entries = WEEKDAYS.map((day): [Weekday, DayDraft] => {
    const stored = schedule.days[day];
    return [
      day,
      {
        mode: stored.mode,
        ranges: stored.ranges.map((r) => newRange(r.start, r.end === '24:00' ? '00:00' : r.end)),
      },
    ];
  });
  return Object.fromEntries(entries) as WeekDraft;
}

/** End times compare as minutes, `00:00` standing for the midnight that ends the day. */
function endMinutes(end: string): number {
  return end === '00:00' ? 24 * 60 : minutes(end);
}

function minutes(time: string): number {
  const [h = '0', m = '0'] = time.split(':');
  return Number(h) * 60 + Number(m);
}

function apiEnd(end: string): string {
  return end === '00:00' ? '24:00' : end;
}

export function toUpdate(week: WeekDraft): NotificationScheduleUpdate {
  const entries = WEEKDAYS.map((day) => {
    const draft = week[day];
    const ranges =
      draft.mode === 'custom' ? draft.ranges.map((r) => ({ start: r.start, end: apiEnd(r.end) })) : [];
    return [day, { mode: draft.mode, ranges }];
  });
  return { days: Object.fromEntries(entries) as NotificationScheduleUpdate['days'] };
}

export function rangeLabel(range: { start: string; end: string }): string {
  return t.rangeSummary(range.start, range.end);
}

/**
 * The problems the server would report, with the same keys (`days.monday.ranges.0.end`, `days.monday.ranges`),
 * so that the page shows its own and the server's messages in the same places.
 */
export function scheduleProblems(week: WeekDraft): FieldErrors {
  const problems: FieldErrors = {};
  for (const day of WEEKDAYS) {
    const draft = week[day];
    if (draft.mode !== 'custom') continue;
    const base = `days.${day}.ranges`;
    if (draft.ranges.length === 0) {
      problems[base] = t.noRange;
      continue;
    }
    draft.ranges.forEach((r, i) => {
      if (!TIME.test(r.start)) problems[`${base}.${i}.start`] = t.timeInvalid;
      if (!TIME.test(r.end)) problems[`${base}.${i}.end`] = t.timeInvalid;
      else if (TIME.test(r.start) && endMinutes(r.end) <= minutes(r.start))
        problems[`${base}.${i}.end`] = t.endBeforeStart;
    });
    const valid = draft.ranges
      .filter((r) => TIME.test(r.start) && TIME.test(r.end) && endMinutes(r.end) > minutes(r.start))
      .sort((a, b) => minutes(a.start) - minutes(b.start));
    for (let i = 1; i < valid.length; i++) {
      const previous = valid[i - 1];
      const current = valid[i];
      if (previous && current && minutes(current.start) < endMinutes(previous.end)) {
        problems[base] = t.overlap(rangeLabel(previous), rangeLabel(current));
        break;
      }
    }
  }
  return problems;
}

/** A new range after the day's last one (two hours, up to midnight), or null when the day is full. */
export function rangeAfter(ranges: readonly Range[]): Range | null {
  const last = ranges.at(-1);
  if (!last) return newRange(DEFAULT_RANGE.start, DEFAULT_RANGE.end);
  if (!TIME.test(last.end)) return newRange('', '');
  const start = endMinutes(last.end);
  if (start >= 24 * 60) return null;
  const end = Math.min(start + 120, 24 * 60);
  return newRange(clock(start), end === 24 * 60 ? '00:00' : clock(end));
}

function clock(total: number): string {
  const h = Math.floor(total / 60);
  const m = total % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
