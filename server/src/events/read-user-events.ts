import { sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../db/client.ts';
import type { EventPayload } from './publish-event.ts';

export interface StoredEvent {
  id: number;
  userId: string;
  type: string;
  payload: EventPayload;
}

interface EventRow {
  id: string | number;
  user_id: string;
  type: string;
  payload: EventPayload;
}

const toEvent = (r: EventRow): StoredEvent => ({
  id: Number(r.id),
  userId: r.user_id,
  type: r.type,
  payload: r.payload,
});

const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

/** One user's events in (after, upTo], oldest first: the catch-up of one socket, a page at a time. */
export async function readUserEvents(
  db: DbOrTx,
  userId: string,
  after: number,
  upTo: number,
  limit: number,
): Promise<StoredEvent[]> {
  const found = await rows<EventRow>(
    db,
    sql`SELECT id, user_id, type, payload FROM user_events
        WHERE user_id = ${userId} AND id > ${after} AND id <= ${upTo}
        ORDER BY id LIMIT ${limit}`,
  );
  return found.map(toEvent);
}

/** The events of the connected users in (after, upTo], oldest first: one query per wake-up of a process. */
export async function readEventsForUsers(
  db: DbOrTx,
  userIds: readonly string[],
  after: number,
  upTo: number,
): Promise<StoredEvent[]> {
  if (userIds.length === 0) return [];
  const found = await rows<EventRow>(
    db,
    sql`SELECT id, user_id, type, payload FROM user_events
        WHERE id > ${after} AND id <= ${upTo} AND user_id = ANY(${uuidArray(userIds)}::uuid[])
        ORDER BY id`,
  );
  return found.map(toEvent);
}

/** Where a reconnecting client's cursor stands against what the table still holds. */
export async function eventBounds(db: DbOrTx): Promise<{ oldest: number | null; last: number }> {
  const [found] = await rows<{ oldest: string | number | null; last: string | number | null }>(
    db,
    sql`SELECT (SELECT min(id) FROM user_events) AS oldest,
               pg_sequence_last_value('user_events_id_seq'::regclass) AS last`,
  );
  return {
    oldest: found?.oldest == null ? null : Number(found.oldest),
    last: Number(found?.last ?? 0),
  };
}
