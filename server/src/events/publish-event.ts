import { sql, type SQL } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import type { DbOrTx } from '../db/client.ts';

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
  const events = eventsInStatement(
    'published',
    sql`SELECT u, ${type}, ${JSON.stringify(payload)}::jsonb FROM unnest(${`{${recipients.join(',')}}`}::uuid[]) AS u`,
    clock.now().toISOString(),
  );
  await tx.execute(sql`WITH published AS (${events.insert}) SELECT ${events.notify}`);
}

/**
 * The same as `publishEvent`, as two parts of one statement, for a use case that writes its change and its
 * events in one round trip: `insert` is the body of a CTE named `name`, built from `source`, a SELECT of
 * (user_id, type, payload) rows; `notify` is a scalar expression that notifies every process of the rows
 * inserted (nothing when there is none).
 */
export function eventsInStatement(name: string, source: SQL, now: string) {
  return {
    insert: sql`INSERT INTO user_events (user_id, type, payload, created_at)
                SELECT e.user_id, e.type, e.payload, ${now} FROM (${source}) AS e(user_id, type, payload)
                RETURNING id`,
    notify: sql`(SELECT pg_notify(${EVENTS_CHANNEL}, min(id) || '-' || max(id)) FROM ${sql.identifier(name)}
                 HAVING count(*) > 0)`,
  };
}
