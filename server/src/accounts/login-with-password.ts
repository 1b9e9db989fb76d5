import { randomInt } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { devices, otpChallenges, users } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { enqueue } from '../notifications/enqueue.ts';
import { withdrawActivityZone } from '../professionals/activity-zone.ts';
import { safeEqualHex, sha256Hex } from '../shared/crypto.ts';
import { AppError } from '../shared/errors.ts';
import { burnVerification, hashSecret, verifySecret } from './passwords.ts';
import { createSession, revokeUserSessions } from './sessions.ts';
import { phoneHint, type UserRow } from './user-view.ts';

export const MAX_FAILED_LOGINS = 5;
export const OTP_TTL_MS = 10 * 60_000;
export const OTP_MAX_ATTEMPTS = 5;

export type LoginResult =
  | { kind: 'session'; token: string; expiresAt: Date; user: UserRow; deviceId: string }
  | { kind: 'challenge'; challengeId: string; phoneHint: string };

export async function findByLoginIdentifier(db: DbOrTx, identifier: string): Promise<UserRow | undefined> {
  const value = identifier.trim();
  const where = value.includes('@')
    ? eq(users.email, value.toLowerCase())
    : /^\d{11}$/.test(value)
      ? and(eq(users.identifierType, 'rpps'), eq(users.identifier, value))
      : /^\d{9}$/.test(value)
        ? and(eq(users.identifierType, 'adeli'), eq(users.identifier, value))
        : undefined;
  if (!where) return undefined;
  const [row] = await db.select().from(users).where(where).limit(1);
  return row;
}

/** The trusted device behind (deviceId, deviceSecret) when both are given and match this user. */
export async function trustedDevice(db: DbOrTx, userId: string, deviceId?: string, deviceSecret?: string) {
  if (!deviceId || !deviceSecret || !/^[0-9a-f-]{36}$/i.test(deviceId)) return undefined;
  const [device] = await db
    .select()
    .from(devices)
    .where(and(eq(devices.id, deviceId), eq(devices.userId, userId)))
    .limit(1);
  return device && safeEqualHex(device.secretHash, sha256Hex(deviceSecret)) ? device : undefined;
}

function statusError(user: UserRow): AppError | null {
  switch (user.status) {
    case 'active':
      return null;
    case 'blocked':
      return new AppError('account_blocked', 'Compte bloqué : contactez le support pour le débloquer.');
    case 'pending':
      return new AppError(
        'account_pending',
        'Votre inscription est en attente de validation par le support.',
      );
    case 'rejected':
      return new AppError('account_rejected', 'Votre inscription a été refusée. Contactez le support.');
  }
}

/**
 * D3/D4: password login. From a trusted device the session opens at once; otherwise a 6-digit code goes by
 * SMS. The fifth wrong password in a row blocks the account until support unblocks it.
 */
export async function loginWithPassword(
  deps: Deps,
  ctx: RequestContext,
  input: { identifier: string; password: string; deviceId?: string; deviceSecret?: string },
): Promise<LoginResult> {
  const user = await findByLoginIdentifier(deps.db, input.identifier);
  if (!user?.passwordHash) {
    await burnVerification(input.password);
    await deps.db.transaction((tx) =>
      appendAudit(tx, deps.clock, ctx, {
        action: 'login.password',
        outcome: 'failure',
        details: { reason: 'unknown_account' },
      }),
    );
    throw new AppError('invalid_credentials', 'Identifiant ou mot de passe incorrect.');
  }
  if (user.status === 'blocked') {
    await deps.db.transaction((tx) =>
      appendAudit(tx, deps.clock, ctx, {
        action: 'login.password',
        outcome: 'refused',
        actorId: user.id,
        details: { reason: 'account_blocked' },
      }),
    );
    throw statusError(user) ?? new Error('unreachable');
  }
  const passwordOk = await verifySecret(user.passwordHash, input.password);
  if (!passwordOk) {
    const failed = await deps.db.transaction(async (tx) => {
      const [row] = await tx
        .update(users)
        .set({ failedLogins: sql`${users.failedLogins} + 1`, updatedAt: deps.clock.now() })
        .where(eq(users.id, user.id))
        .returning({ failedLogins: users.failedLogins });
      const count = row?.failedLogins ?? MAX_FAILED_LOGINS;
      await appendAudit(tx, deps.clock, ctx, {
        action: 'login.password',
        outcome: 'failure',
        actorId: user.id,
        details: { reason: 'wrong_password', failedLogins: count },
      });
      if (count >= MAX_FAILED_LOGINS && user.status === 'active') {
        await tx
          .update(users)
          .set({ status: 'blocked', blockedReason: 'too_many_failed_logins' })
          .where(eq(users.id, user.id));
        await revokeUserSessions(tx, deps.clock, user.id);
        await withdrawActivityZone(tx, user.id);
        await appendAudit(tx, deps.clock, ctx, {
          action: 'account.block',
          outcome: 'success',
          actorId: user.id,
          targetId: user.id,
          details: { reason: 'too_many_failed_logins' },
        });
      }
      return count;
    });
    if (failed >= MAX_FAILED_LOGINS && user.status === 'active')
      throw new AppError(
        'account_blocked',
        'Trop de tentatives : votre compte est bloqué. Contactez le support pour le débloquer.',
      );
    throw new AppError('invalid_credentials', 'Identifiant ou mot de passe incorrect.', {
      remaining: Math.max(0, MAX_FAILED_LOGINS - failed),
    });
  }
  const refused = statusError(user);
  if (refused) {
    await deps.db.transaction((tx) =>
      appendAudit(tx, deps.clock, ctx, {
        action: 'login.password',
        outcome: 'refused',
        actorId: user.id,
        details: { reason: refused.code },
      }),
    );
    throw refused;
  }
  const device = await trustedDevice(deps.db, user.id, input.deviceId, input.deviceSecret);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const codeHash = device ? '' : await hashSecret(code);
  return deps.db.transaction(async (tx): Promise<LoginResult> => {
    const now = deps.clock.now();
    await tx.update(users).set({ failedLogins: 0 }).where(eq(users.id, user.id));
    if (device) {
      await tx.update(devices).set({ lastUsedAt: now }).where(eq(devices.id, device.id));
      const session = await createSession(
        tx,
        deps.clock,
        deps.config,
        user.id,
        device.id,
        'password_trusted_device',
      );
      await appendAudit(tx, deps.clock, ctx, {
        action: 'login.password',
        outcome: 'success',
        actorId: user.id,
        details: { deviceId: device.id, secondFactor: 'trusted_device' },
      });
      return {
        kind: 'session',
        token: session.token,
        expiresAt: session.expiresAt,
        user,
        deviceId: device.id,
      };
    }
    if (!user.mobilePhone)
      throw new AppError('rule_violated', 'Aucun téléphone mobile : contactez le support.');
    // A new code replaces any earlier one still open.
    await tx
      .update(otpChallenges)
      .set({ consumedAt: now })
      .where(and(eq(otpChallenges.userId, user.id), isNull(otpChallenges.consumedAt)));
    const [challenge] = await tx
      .insert(otpChallenges)
      .values({ userId: user.id, codeHash, expiresAt: new Date(now.getTime() + OTP_TTL_MS), createdAt: now })
      .returning({ id: otpChallenges.id });
    if (!challenge) throw new Error('challenge insert returned nothing');
    await enqueue(tx, deps.clock, deps.cipher, {
      channel: 'sms',
      recipient: user.mobilePhone,
      userId: user.id,
      kind: 'login_code',
      body: `Relais : votre code de connexion est ${code}. Il expire dans 10 minutes. Ne le communiquez à personne.`,
      idempotencyKey: `login_code:${challenge.id}`,
    });
    await appendAudit(tx, deps.clock, ctx, {
      action: 'login.password',
      outcome: 'success',
      actorId: user.id,
      details: { secondFactor: 'sms_code_sent', challengeId: challenge.id },
    });
    return { kind: 'challenge', challengeId: challenge.id, phoneHint: phoneHint(user.mobilePhone) };
  });
}
