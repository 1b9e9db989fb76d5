import { sql } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import { rows, type DbOrTx } from '../db/client.ts';

export const EVENT_RETENTION_MS = 7 * 24 * 3600_000;
const BATCH = 5000;

/**
 * Drops live events older than seven days: a client offline longer refetches its state (its hello says
 * `resync`). Ids grow with time, so the oldest rows come first by primary key; when the oldest row is recent
 * the check is one index probe, cheap enough for every worker pass. Returns how many rows went.
 */
export async function purgeOldEvents(db: DbOrTx, clock: Clock): Promise<number> {
  const cutoff = new Date(clock.now().getTime() - EVENT_RETENTION_MS).toISOString();
  let total = 0;
  for (;;) {
    const [oldest] = await rows<{ old: boolean }>(
      db,
      sql`SELECT created_at < ${cutoff} AS old FROM user_events ORDER BY id LIMIT 1`,
    );
    if (!oldest?.old) return total;
    const [deleted] = await rows<{ n: string | number }>(
      db,
      sql`WITH gone AS (
            DELETE FROM user_events
            WHERE id IN (SELECT id FROM user_events ORDER BY id LIMIT ${BATCH}) AND created_at < ${cutoff}
            RETURNING 1)
          SELECT count(*) AS n FROM gone`,
    );
    const n = Number(deleted?.n ?? 0);
    total += n;
    if (n === 0) return total;
  }
}
