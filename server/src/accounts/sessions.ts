import { and, eq, isNull } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { DbOrTx } from '../db/client.ts';
import { sessions, users } from '../db/schema.ts';
import { randomToken, sha256Hex } from '../shared/crypto.ts';
import type { UserRow } from './user-view.ts';

export type SessionMethod = (typeof sessions.$inferInsert)['method'];

export interface IssuedSession {
  token: string;
  sessionId: string;
  expiresAt: Date;
}

/** Opaque random token; only its SHA-256 is stored, so a database leak yields no usable session. */
export async function createSession(
  tx: DbOrTx,
  clock: Clock,
  config: Config,
  userId: string,
  deviceId: string | null,
  method: SessionMethod,
): Promise<IssuedSession> {
  const token = randomToken();
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + config.session.maxMs);
  const [row] = await tx
    .insert(sessions)
    .values({
      tokenHash: sha256Hex(token),
      userId,
      deviceId,
      method,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
    })
    .returning({ id: sessions.id });
  if (!row) throw new Error('session insert returned nothing');
  return { token, sessionId: row.id, expiresAt };
}

export interface Authenticated {
  sessionId: string;
  deviceId: string | null;
  user: UserRow;
}

const TOUCH_EVERY_MS = 60_000;

/** The session behind a token when it is live (not revoked, within idle and absolute expiry, user active). */
export async function authenticate(
  db: DbOrTx,
  clock: Clock,
  config: Config,
  token: string,
): Promise<Authenticated | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const now = clock.now();
  const [found] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sha256Hex(token)), isNull(sessions.revokedAt)))
    .limit(1);
  if (!found) return null;
  const { session, user } = found;
  if (session.expiresAt <= now || session.lastSeenAt.getTime() + config.session.idleMs <= now.getTime())
    return null;
  if (user.status !== 'active') return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, session.id));
  }
  return { sessionId: session.id, deviceId: session.deviceId, user };
}

export async function revokeSession(db: DbOrTx, clock: Clock, sessionId: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: clock.now() }).where(eq(sessions.id, sessionId));
}

export async function revokeUserSessions(db: DbOrTx, clock: Clock, userId: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: clock.now() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}
