import { sql } from 'drizzle-orm';
import {
  defaultNotificationSchedule,
  NotificationSchedule,
  WEEKDAYS,
  type DaySchedule,
  type NotificationScheduleUpdate,
} from '@relais/contracts';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import { rows, type DbOrTx } from '../db/client.ts';
import type { Deps } from '../deps.ts';

/** D6: a professional's notification hours; the default (available all day, every day) when never set. */
export async function loadNotificationSchedule(
  db: DbOrTx,
  professionalId: string,
): Promise<NotificationSchedule> {
  const [row] = await rows<{ days: unknown }>(
    db,
    sql`SELECT days FROM notification_schedules WHERE professional_id = ${professionalId}`,
  );
  if (!row) return defaultNotificationSchedule();
  const days: unknown = typeof row.days === 'string' ? JSON.parse(row.days) : row.days;
  const parsed = NotificationSchedule.safeParse({ days });
  return parsed.success ? parsed.data : defaultNotificationSchedule();
}

/** Ranges sorted by start, none kept for a day that is not custom. */
export function normaliseSchedule(input: NotificationScheduleUpdate): NotificationSchedule {
  const days = {} as Record<(typeof WEEKDAYS)[number], DaySchedule>;
  for (const weekday of WEEKDAYS) {
    const day = input.days[weekday];
    days[weekday] = {
      mode: day.mode,
      ranges:
        day.mode === 'custom'
          ? [...day.ranges]
              .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))
              .map((r) => ({ start: r.start, end: r.end }))
          : [],
    };
  }
  return { days };
}

/** D6: replaces the schedule (validated by the contract: ranges ordered, not overlapping), audited. */
export async function updateNotificationSchedule(
  deps: Deps,
  ctx: RequestContext,
  professionalId: string,
  input: NotificationScheduleUpdate,
): Promise<NotificationSchedule> {
  const schedule = normaliseSchedule(input);
  await deps.db.transaction(async (tx) => {
    await tx.execute(sql`
      INSERT INTO notification_schedules (professional_id, days, updated_at)
      VALUES (${professionalId}, ${JSON.stringify(schedule.days)}::jsonb, ${deps.clock.now().toISOString()})
      ON CONFLICT (professional_id) DO UPDATE SET days = excluded.days, updated_at = excluded.updated_at`);
    await appendAudit(tx, deps.clock, ctx, {
      action: 'professional.notification_schedule.update',
      outcome: 'success',
      targetId: professionalId,
      details: { days: schedule.days },
    });
  });
  return schedule;
}
