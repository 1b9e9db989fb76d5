import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { NotificationSchedule } from '@relais/contracts';
import { rows } from '../db/client.ts';
import {
  activeProfessional,
  bearer,
  createTestApp,
  supportSession,
  type LoggedIn,
  type TestApp,
} from '../../test/helpers.ts';
import { isNotifiable } from './notification-schedule.ts';
import { loadNotificationSchedule } from './notification-schedule-store.ts';

let t: TestApp;
let support: LoggedIn;
let nurse: LoggedIn & { id: string };
beforeAll(async () => {
  t = await createTestApp();
  support = await supportSession(t);
  nurse = await activeProfessional(t, support);
});
afterAll(() => t.close());

const get = (token = nurse.token) =>
  t.app.inject({ url: '/api/me/notification-schedule', headers: bearer(token) });
const put = (payload: unknown, token = nurse.token) =>
  t.app.inject({
    method: 'PUT',
    url: '/api/me/notification-schedule',
    headers: bearer(token),
    payload: payload as object,
  });
const allDay = { mode: 'all_day', ranges: [] };
const week = (overrides: Record<string, unknown> = {}) => ({
  days: {
    monday: allDay,
    tuesday: allDay,
    wednesday: allDay,
    thursday: allDay,
    friday: allDay,
    saturday: allDay,
    sunday: allDay,
    ...overrides,
  },
});
type ErrorReply = { error: { code: string; message: string; details: { fields: Record<string, string> } } };

describe('Pref. Notifs', () => {
  it('D6: every day is available all day by default', async () => {
    const res = await get();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(week());
  });

  it('D6: Tuesday custom hours and Sunday unavailable are saved, ranges sorted, and govern isNotifiable', async () => {
    const res = await put(
      week({
        tuesday: {
          mode: 'custom',
          ranges: [
            { start: '14:00', end: '18:00' },
            { start: '08:00', end: '12:30' },
          ],
        },
        sunday: { mode: 'unavailable' },
      }),
    );
    expect(res.statusCode).toBe(200);
    const expected = week({
      tuesday: {
        mode: 'custom',
        ranges: [
          { start: '08:00', end: '12:30' },
          { start: '14:00', end: '18:00' },
        ],
      },
      sunday: { mode: 'unavailable', ranges: [] },
    });
    expect(res.json()).toEqual(expected);
    expect((await get()).json()).toEqual(expected);
    const stored = await loadNotificationSchedule(t.deps.db, nurse.id);
    expect(isNotifiable(stored, new Date('2026-01-06T07:30:00Z'))).toBe(true); // Tuesday 08:30 Paris
    expect(isNotifiable(stored, new Date('2026-01-06T12:00:00Z'))).toBe(false); // Tuesday 13:00 Paris
    expect(isNotifiable(stored, new Date('2026-01-11T12:00:00Z'))).toBe(false); // Sunday
    expect(isNotifiable(stored, new Date('2026-01-12T12:00:00Z'))).toBe(true); // Monday
  });

  it('D6: overlapping ranges, bad times and ranges on other days are refused in French; nothing changes', async () => {
    const before = (await get()).json<NotificationSchedule>();
    const cases: [unknown, string, RegExp][] = [
      [
        week({
          tuesday: {
            mode: 'custom',
            ranges: [
              { start: '08:00', end: '12:00' },
              { start: '11:30', end: '13:00' },
            ],
          },
        }),
        'days.tuesday.ranges',
        /chevauchent/,
      ],
      [
        week({ monday: { mode: 'custom', ranges: [{ start: '18:00', end: '08:00' }] } }),
        'days.monday.ranges.0.end',
        /fin doit suivre/,
      ],
      [
        week({ monday: { mode: 'custom', ranges: [{ start: '25:00', end: '26:00' }] } }),
        'days.monday.ranges.0.start',
        /début invalide/,
      ],
      [week({ friday: { mode: 'custom', ranges: [] } }), 'days.friday.ranges', /au moins une plage/],
      [
        week({ friday: { mode: 'unavailable', ranges: [{ start: '08:00', end: '09:00' }] } }),
        'days.friday.ranges',
        /personnalisés/,
      ],
      [week({ friday: { mode: 'parfois' } }), 'days.friday.mode', /Mode attendu/],
      [{ days: { monday: allDay } }, 'days.tuesday', /./],
    ];
    for (const [payload, field, message] of cases) {
      const res = await put(payload);
      expect(res.statusCode).toBe(400);
      const fields = res.json<ErrorReply>().error.details.fields;
      expect(fields[field] ?? JSON.stringify(fields)).toMatch(message);
    }
    expect((await get()).json()).toEqual(before);
  });

  it('D6: changes are audited; support gets 403', async () => {
    const audit = await rows<{ actor_id: string }>(
      t.deps.db,
      sql`SELECT actor_id FROM audit_log WHERE action = 'professional.notification_schedule.update'`,
    );
    expect(audit.map((a) => a.actor_id)).toEqual([nurse.id]);
    expect((await get(support.token)).statusCode).toBe(403);
    expect((await put(week(), support.token)).statusCode).toBe(403);
  });

  it('D6: a week with no hours at all is accepted: the app still shows everything, nothing rings', async () => {
    const none = { mode: 'unavailable', ranges: [] };
    const res = await put(
      week({
        monday: none,
        tuesday: none,
        wednesday: none,
        thursday: none,
        friday: none,
        saturday: none,
        sunday: none,
      }),
    );
    expect(res.statusCode).toBe(200);
  });
});
