import { sql } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import { rows, type DbOrTx } from '../db/client.ts';

export const EVENTS_CHANNEL = 'relais_events';

export type LiveEventType =
  | 'care_request.new'
  | 'care_request.taken'
  | 'care_request.accepted'
  | 'care_request.expired'
  | 'care_request.cancelled'
  | 'care_request.pool_opened'
  | 'message.new'
  | 'thread.read'
  | 'thread.left'
  | 'alert.negative_indicator'
  | 'notification.new';

/** Ids and codes only: the app reads the rest through the API, which applies the viewer's rights. */
export type EventPayload = Record<string, string | number | boolean | null>;

/**
 * Records one event per recipient in the caller's transaction and notifies every server process on commit
 * (NOTIFY is transactional). The notification carries the new ids only (payloads stay in the table).
 */
export async function publishEvent(
  tx: DbOrTx,
  clock: Clock,
  userIds: readonly string[],
  type: LiveEventType,
  payload: EventPayload,
): Promise<void> {
  const recipients = [...new Set(userIds)];
  if (recipients.length === 0) return;
  const now = clock.now().toISOString();
  const inserted = await rows<{ id: string | number }>(
    tx,
    sql`INSERT INTO user_events (user_id, type, payload, created_at)
        SELECT u, ${type}, ${JSON.stringify(payload)}::jsonb, ${now}
        FROM unnest(${`{${recipients.join(',')}}`}::uuid[]) AS u
        RETURNING id`,
  );
  const ids = inserted.map((r) => Number(r.id));
  const first = Math.min(...ids);
  const last = Math.max(...ids);
  await tx.execute(sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${`${first}-${last}`})`);
}
