import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { DbOrTx } from '../db/client.ts';
import { sessions, users } from '../db/schema.ts';

const CHUNK = 1000;

/**
 * Which of these sessions are still live, by the same rules as `authenticate` (not revoked, within idle and
 * absolute expiry, user active) but without touching `last_seen_at`: an open socket is not activity, or an
 * idle phone with the app open would never reach the idle expiry (D21).
 */
export async function liveSessionIds(
  db: DbOrTx,
  clock: Clock,
  config: Config,
  sessionIds: readonly string[],
): Promise<Set<string>> {
  const now = clock.now();
  const idleSince = new Date(now.getTime() - config.session.idleMs);
  const live = new Set<string>();
  for (let i = 0; i < sessionIds.length; i += CHUNK) {
    const found = await db
      .select({ id: sessions.id })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          inArray(sessions.id, sessionIds.slice(i, i + CHUNK)),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, now),
          gt(sessions.lastSeenAt, idleSince),
          eq(users.status, 'active'),
        ),
      );
    for (const row of found) live.add(row.id);
  }
  return live;
}
