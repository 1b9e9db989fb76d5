import { describe, expect, it } from 'vitest';
import {
  defaultNotificationSchedule,
  NotificationScheduleUpdate,
  type DaySchedule,
  type NotificationSchedule,
} from '@relais/contracts';
import { isNotifiable, nextNotifiableInstant, parisInstants } from './notification-schedule.ts';

const at = (iso: string) => new Date(iso);
const custom = (...ranges: [string, string][]): DaySchedule => ({
  mode: 'custom',
  ranges: ranges.map(([start, end]) => ({ start, end })),
});
const unavailable: DaySchedule = { mode: 'unavailable', ranges: [] };

function schedule(
  days: Partial<NotificationSchedule['days']>,
  rest: DaySchedule = unavailable,
): NotificationSchedule {
  const base = defaultNotificationSchedule();
  for (const d of Object.keys(base.days) as (keyof NotificationSchedule['days'])[])
    base.days[d] = days[d] ?? rest;
  return base;
}

describe('isNotifiable', () => {
  it('D6: by default every instant is notifiable', () => {
    const s = defaultNotificationSchedule();
    for (const iso of ['2026-03-29T01:30:00Z', '2026-10-25T01:15:00Z', '2026-12-31T23:59:59Z'])
      expect(isNotifiable(s, at(iso))).toBe(true);
  });

  it('D6: custom ranges hold from their start (included) to their end (excluded), in Paris time', () => {
    // Tuesday 2026-01-06, winter: Paris = UTC+1.
    const s = schedule({ tuesday: custom(['08:00', '12:30'], ['14:00', '18:00']) });
    expect(isNotifiable(s, at('2026-01-06T06:59:59Z'))).toBe(false);
    expect(isNotifiable(s, at('2026-01-06T07:00:00Z'))).toBe(true);
    expect(isNotifiable(s, at('2026-01-06T11:29:59Z'))).toBe(true);
    expect(isNotifiable(s, at('2026-01-06T11:30:00Z'))).toBe(false);
    expect(isNotifiable(s, at('2026-01-06T13:00:00Z'))).toBe(true);
    expect(isNotifiable(s, at('2026-01-06T17:00:00Z'))).toBe(false);
    // Same wall-clock hours in summer (UTC+2).
    expect(isNotifiable(s, at('2026-07-07T06:00:00Z'))).toBe(true);
    expect(isNotifiable(s, at('2026-07-07T05:59:00Z'))).toBe(false);
  });

  it('D6: an unavailable day is never notifiable; the weekday is Paris’s, not UTC’s', () => {
    const s = schedule({ monday: { mode: 'all_day', ranges: [] } });
    // Sunday 23:30 UTC is already Monday 00:30 in Paris.
    expect(isNotifiable(s, at('2026-01-04T23:30:00Z'))).toBe(true);
    expect(isNotifiable(s, at('2026-01-04T22:59:59Z'))).toBe(false);
    expect(isNotifiable(s, at('2026-01-05T22:59:59Z'))).toBe(true);
    expect(isNotifiable(s, at('2026-01-05T23:00:00Z'))).toBe(false);
  });

  it('D6: a range ending at 24:00 runs to midnight', () => {
    const s = schedule({ monday: custom(['22:00', '24:00']) });
    expect(isNotifiable(s, at('2026-01-05T22:59:59.999Z'))).toBe(true);
    expect(isNotifiable(s, at('2026-01-05T23:00:00Z'))).toBe(false);
  });

  describe('spring forward, Sunday 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00 UTC)', () => {
    it('D6: a range holding the skipped hour lasts one hour less of real time', () => {
      const s = schedule({ sunday: custom(['01:00', '04:00']) });
      expect(isNotifiable(s, at('2026-03-28T23:59:59Z'))).toBe(false); // 00:59:59 CET
      expect(isNotifiable(s, at('2026-03-29T00:00:00Z'))).toBe(true); // 01:00 CET
      expect(isNotifiable(s, at('2026-03-29T00:59:59Z'))).toBe(true); // 01:59:59 CET
      expect(isNotifiable(s, at('2026-03-29T01:00:00Z'))).toBe(true); // 03:00 CEST
      expect(isNotifiable(s, at('2026-03-29T01:59:59Z'))).toBe(true); // 03:59:59 CEST
      expect(isNotifiable(s, at('2026-03-29T02:00:00Z'))).toBe(false); // 04:00 CEST
    });

    it('D6: a range inside the skipped hour never occurs; one across it starts at the jump', () => {
      const inside = schedule({ sunday: custom(['02:15', '02:45']) });
      for (let t = Date.parse('2026-03-28T22:00:00Z'); t < Date.parse('2026-03-29T22:00:00Z'); t += 60_000)
        expect(isNotifiable(inside, new Date(t))).toBe(false);
      const across = schedule({ sunday: custom(['02:30', '03:30']) });
      expect(isNotifiable(across, at('2026-03-29T00:59:59Z'))).toBe(false); // 01:59:59 CET
      expect(isNotifiable(across, at('2026-03-29T01:00:00Z'))).toBe(true); // 03:00 CEST
      expect(isNotifiable(across, at('2026-03-29T01:29:59Z'))).toBe(true);
      expect(isNotifiable(across, at('2026-03-29T01:30:00Z'))).toBe(false);
    });

    it('D6: the same wall-clock hours on either side of the change are an hour apart in UTC', () => {
      const s = schedule({ saturday: custom(['08:00', '09:00']), sunday: custom(['08:00', '09:00']) });
      expect(isNotifiable(s, at('2026-03-28T07:00:00Z'))).toBe(true); // Saturday 08:00 CET
      expect(isNotifiable(s, at('2026-03-28T06:30:00Z'))).toBe(false);
      expect(isNotifiable(s, at('2026-03-29T06:00:00Z'))).toBe(true); // Sunday 08:00 CEST
      expect(isNotifiable(s, at('2026-03-29T07:00:00Z'))).toBe(false); // Sunday 09:00 CEST
    });
  });

  describe('fall back, Sunday 2026-10-25: 03:00 CEST returns to 02:00 CET (01:00 UTC)', () => {
    it('D6: a range inside the repeated hour holds twice', () => {
      const s = schedule({ sunday: custom(['02:00', '02:30']) });
      expect(isNotifiable(s, at('2026-10-24T23:59:59Z'))).toBe(false); // 01:59:59 CEST
      expect(isNotifiable(s, at('2026-10-25T00:00:00Z'))).toBe(true); // 02:00 CEST
      expect(isNotifiable(s, at('2026-10-25T00:29:59Z'))).toBe(true);
      expect(isNotifiable(s, at('2026-10-25T00:30:00Z'))).toBe(false); // 02:30 CEST
      expect(isNotifiable(s, at('2026-10-25T01:00:00Z'))).toBe(true); // 02:00 CET, again
      expect(isNotifiable(s, at('2026-10-25T01:30:00Z'))).toBe(false); // 02:30 CET
    });

    it('D6: a range holding the repeated hour lasts one hour more of real time', () => {
      const s = schedule({ sunday: custom(['01:00', '04:00']) });
      expect(isNotifiable(s, at('2026-10-24T22:59:59Z'))).toBe(false); // 00:59:59 CEST
      expect(isNotifiable(s, at('2026-10-24T23:00:00Z'))).toBe(true); // 01:00 CEST
      expect(isNotifiable(s, at('2026-10-25T01:30:00Z'))).toBe(true); // 02:30 CET
      expect(isNotifiable(s, at('2026-10-25T02:59:59Z'))).toBe(true); // 03:59:59 CET
      expect(isNotifiable(s, at('2026-10-25T03:00:00Z'))).toBe(false); // 04:00 CET
    });

    it('D6: the same wall-clock hours on either side of the change are an hour apart in UTC', () => {
      const s = schedule({ saturday: custom(['08:00', '09:00']), sunday: custom(['08:00', '09:00']) });
      expect(isNotifiable(s, at('2026-10-24T06:00:00Z'))).toBe(true); // Saturday 08:00 CEST
      expect(isNotifiable(s, at('2026-10-25T06:00:00Z'))).toBe(false); // Sunday 07:00 CET
      expect(isNotifiable(s, at('2026-10-25T07:00:00Z'))).toBe(true); // Sunday 08:00 CET
    });
  });

  it('D6: the server’s own time zone does not matter', () => {
    const s = schedule({ tuesday: custom(['08:00', '12:30']) });
    const previous = process.env.TZ;
    try {
      for (const tz of ['UTC', 'America/New_York', 'Pacific/Auckland']) {
        process.env.TZ = tz;
        expect(isNotifiable(s, at('2026-01-06T07:00:00Z'))).toBe(true);
        expect(isNotifiable(s, at('2026-01-06T06:59:00Z'))).toBe(false);
        expect(nextNotifiableInstant(s, at('2026-01-05T12:00:00Z'))?.toISOString()).toBe(
          '2026-01-06T07:00:00.000Z',
        );
      }
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  });
});

describe('nextNotifiableInstant', () => {
  it('D6: a notifiable instant is its own answer', () => {
    const now = at('2026-01-06T09:00:00Z');
    expect(nextNotifiableInstant(defaultNotificationSchedule(), now)).toBe(now);
  });

  it('D6: outside the hours, the start of the next range (over a weekend)', () => {
    const s = schedule({ monday: custom(['08:00', '12:00']), friday: custom(['08:00', '18:00']) });
    // Friday 2026-01-09 19:00 Paris → Monday 2026-01-12 08:00 Paris.
    expect(nextNotifiableInstant(s, at('2026-01-09T18:00:00Z'))?.toISOString()).toBe(
      '2026-01-12T07:00:00.000Z',
    );
    // Monday before the range → the same morning.
    expect(nextNotifiableInstant(s, at('2026-01-12T05:00:00Z'))?.toISOString()).toBe(
      '2026-01-12T07:00:00.000Z',
    );
    // A day available all day starts at Paris midnight.
    const allDayTuesday = schedule({ tuesday: { mode: 'all_day', ranges: [] } });
    expect(nextNotifiableInstant(allDayTuesday, at('2026-01-05T12:00:00Z'))?.toISOString()).toBe(
      '2026-01-05T23:00:00.000Z',
    );
  });

  it('D6: across spring forward, a range starting in the skipped hour opens at the jump', () => {
    const s = schedule({ sunday: custom(['02:30', '03:30']) });
    expect(nextNotifiableInstant(s, at('2026-03-29T00:45:00Z'))?.toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    // A range wholly inside the skipped hour: next week's.
    const inside = schedule({ sunday: custom(['02:15', '02:45']) });
    expect(nextNotifiableInstant(inside, at('2026-03-28T12:00:00Z'))?.toISOString()).toBe(
      '2026-04-05T00:15:00.000Z',
    );
    // Either side of the change: Saturday 08:00 CET, Sunday 08:00 CEST.
    const mornings = schedule({ saturday: custom(['08:00', '09:00']), sunday: custom(['08:00', '09:00']) });
    expect(nextNotifiableInstant(mornings, at('2026-03-28T00:00:00Z'))?.toISOString()).toBe(
      '2026-03-28T07:00:00.000Z',
    );
    expect(nextNotifiableInstant(mornings, at('2026-03-28T09:00:00Z'))?.toISOString()).toBe(
      '2026-03-29T06:00:00.000Z',
    );
  });

  it('D6: across fall back, a range in the repeated hour opens again at its second occurrence', () => {
    const s = schedule({ sunday: custom(['02:00', '02:30']) });
    expect(nextNotifiableInstant(s, at('2026-10-24T20:00:00Z'))?.toISOString()).toBe(
      '2026-10-25T00:00:00.000Z',
    );
    expect(nextNotifiableInstant(s, at('2026-10-25T00:30:00Z'))?.toISOString()).toBe(
      '2026-10-25T01:00:00.000Z',
    );
    const mornings = schedule({ saturday: custom(['08:00', '09:00']), sunday: custom(['08:00', '09:00']) });
    expect(nextNotifiableInstant(mornings, at('2026-10-24T07:00:00Z'))?.toISOString()).toBe(
      '2026-10-25T07:00:00.000Z',
    );
  });

  it('D6: a schedule that never notifies has no next instant', () => {
    expect(nextNotifiableInstant(schedule({}), at('2026-01-06T09:00:00Z'))).toBeNull();
  });

  it('D6: the answer is the first notifiable minute, checked minute by minute over the March change', () => {
    const s = schedule({
      monday: custom(['07:15', '07:45'], ['20:00', '24:00']),
      wednesday: { mode: 'all_day', ranges: [] },
      sunday: custom(['02:10', '02:20'], ['02:50', '03:05'], ['23:59', '24:00']),
    });
    const start = Date.parse('2026-03-23T00:00:00Z');
    const minutes = 16 * 24 * 60;
    const notifiable = Array.from({ length: minutes }, (_, i) =>
      isNotifiable(s, new Date(start + i * 60_000)),
    );
    for (let i = 0; i < 14 * 24 * 60; i += 13) {
      const expected = notifiable.indexOf(true, i);
      const next = nextNotifiableInstant(s, new Date(start + i * 60_000));
      expect(next?.getTime()).toBe(start + expected * 60_000);
    }
  });
});

describe('Paris wall clock', () => {
  it('D6: a skipped wall time has no instant, a repeated one has two', () => {
    expect(parisInstants(2026, 3, 29, 2 * 60 + 30)).toEqual([]);
    expect(parisInstants(2026, 10, 25, 2 * 60 + 30).map((t) => new Date(t).toISOString())).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:30:00.000Z',
    ]);
    expect(parisInstants(2026, 1, 6, 8 * 60).map((t) => new Date(t).toISOString())).toEqual([
      '2026-01-06T07:00:00.000Z',
    ]);
  });
});

describe('schedule validation', () => {
  const week = (overrides: Record<string, unknown>) => ({
    days: {
      monday: { mode: 'all_day' },
      tuesday: { mode: 'all_day' },
      wednesday: { mode: 'all_day' },
      thursday: { mode: 'all_day' },
      friday: { mode: 'all_day' },
      saturday: { mode: 'all_day' },
      sunday: { mode: 'all_day' },
      ...overrides,
    },
  });
  const problems = (input: unknown) => {
    const parsed = NotificationScheduleUpdate.safeParse(input);
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('D6: ranges must be HH:MM, start before end, without overlap, only on custom days, at least one', () => {
    expect(
      problems(
        week({
          tuesday: {
            mode: 'custom',
            ranges: [
              { start: '14:00', end: '18:00' },
              { start: '08:00', end: '12:30' },
            ],
          },
        }),
      ),
    ).toEqual([]);
    expect(
      problems(week({ tuesday: { mode: 'custom', ranges: [{ start: '08:00', end: '24:00' }] } })),
    ).toEqual([]);
    expect(
      problems(
        week({
          tuesday: {
            mode: 'custom',
            ranges: [
              { start: '08:00', end: '12:00' },
              { start: '11:00', end: '13:00' },
            ],
          },
        }),
      ).join(),
    ).toMatch(/chevauchent/);
    expect(
      problems(week({ tuesday: { mode: 'custom', ranges: [{ start: '12:00', end: '08:00' }] } })).join(),
    ).toMatch(/fin doit suivre/);
    expect(
      problems(week({ tuesday: { mode: 'custom', ranges: [{ start: '8:00', end: '12:00' }] } })).join(),
    ).toMatch(/début invalide/);
    expect(
      problems(week({ tuesday: { mode: 'custom', ranges: [{ start: '24:00', end: '24:00' }] } })),
    ).not.toEqual([]);
    expect(problems(week({ tuesday: { mode: 'custom', ranges: [] } })).join()).toMatch(/au moins une plage/);
    expect(
      problems(week({ tuesday: { mode: 'unavailable', ranges: [{ start: '08:00', end: '12:00' }] } })).join(),
    ).toMatch(/personnalisés/);
    expect(problems(week({ tuesday: { mode: 'sometimes' } })).join()).toMatch(/Mode attendu/);
    const sixDays = week({});
    delete (sixDays.days as Record<string, unknown>).sunday;
    expect(problems(sixDays)).not.toEqual([]);
  });
});
