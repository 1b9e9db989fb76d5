import { eq, sql } from 'drizzle-orm';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import { rows } from '../db/client.ts';
import { devices, otpChallenges, users } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { randomToken, sha256Hex } from '../shared/crypto.ts';
import { AppError } from '../shared/errors.ts';
import { OTP_MAX_ATTEMPTS } from './login-with-password.ts';
import { verifySecret } from './passwords.ts';
import { createSession } from './sessions.ts';
import type { UserRow } from './user-view.ts';

export interface CodeVerified {
  token: string;
  expiresAt: Date;
  user: UserRow;
  deviceId: string;
  deviceSecret: string;
}

type Outcome = { ok: true; value: CodeVerified } | { ok: false; error: AppError };

/**
 * D3: the SMS code proves the second factor (10 minutes, 5 tries). Success makes this device trusted: it gets a
 * random secret (only its hash is stored) that later proves it, for password logins and for the schéma.
 */
export async function verifyLoginCode(
  deps: Deps,
  ctx: RequestContext,
  input: { challengeId: string; code: string; userAgent: string | null },
): Promise<CodeVerified> {
  const outcome = await deps.db.transaction(async (tx): Promise<Outcome> => {
    const [challenge] = await rows<{
      id: string;
      user_id: string;
      code_hash: string;
      attempts: number;
      expires_at: Date | string;
      consumed_at: Date | string | null;
    }>(tx, sql`SELECT * FROM otp_challenges WHERE id = ${input.challengeId} FOR UPDATE`);
    const now = deps.clock.now();
    const audit = (outcome: 'success' | 'failure', details: Record<string, unknown>) =>
      appendAudit(tx, deps.clock, ctx, {
        action: 'login.sms_code',
        outcome,
        actorId: challenge?.user_id ?? null,
        details: { challengeId: input.challengeId, ...details },
      });
    if (
      !challenge ||
      challenge.consumed_at !== null ||
      new Date(challenge.expires_at) <= now ||
      challenge.attempts >= OTP_MAX_ATTEMPTS
    ) {
      await audit('failure', { reason: 'challenge_unusable' });
      return {
        ok: false,
        error: new AppError(
          'challenge_expired',
          'Ce code a expiré ou a déjà servi : reconnectez-vous pour en recevoir un nouveau.',
        ),
      };
    }
    if (!(await verifySecret(challenge.code_hash, input.code))) {
      const attempts = challenge.attempts + 1;
      await tx.update(otpChallenges).set({ attempts }).where(eq(otpChallenges.id, challenge.id));
      await audit('failure', { reason: 'wrong_code', attempts });
      const remaining = OTP_MAX_ATTEMPTS - attempts;
      return {
        ok: false,
        error:
          remaining > 0
            ? new AppError('invalid_code', `Code incorrect. Il vous reste ${remaining} essai(s).`, {
                remaining,
              })
            : new AppError(
                'challenge_expired',
                'Code incorrect 5 fois : reconnectez-vous pour en recevoir un nouveau.',
              ),
      };
    }
    const [user] = await tx.select().from(users).where(eq(users.id, challenge.user_id));
    if (user?.status !== 'active') {
      await audit('failure', { reason: 'account_not_active' });
      return { ok: false, error: new AppError('account_blocked', 'Compte bloqué : contactez le support.') };
    }
    await tx.update(otpChallenges).set({ consumedAt: now }).where(eq(otpChallenges.id, challenge.id));
    const deviceSecret = randomToken();
    const [device] = await tx
      .insert(devices)
      .values({
        userId: user.id,
        secretHash: sha256Hex(deviceSecret),
        userAgent: input.userAgent?.slice(0, 300) ?? null,
        createdAt: now,
        lastUsedAt: now,
      })
      .returning({ id: devices.id });
    if (!device) throw new Error('device insert returned nothing');
    const session = await createSession(tx, deps.clock, deps.config, user.id, device.id, 'password_otp');
    await audit('success', { deviceId: device.id });
    return {
      ok: true,
      value: { token: session.token, expiresAt: session.expiresAt, user, deviceId: device.id, deviceSecret },
    };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
