import { and, eq } from 'drizzle-orm';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import { devices, users } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { safeEqualHex, sha256Hex } from '../shared/crypto.ts';
import { AppError } from '../shared/errors.ts';
import { hashSecret, verifySecret } from './passwords.ts';
import { createSession } from './sessions.ts';
import type { UserRow } from './user-view.ts';

export const MAX_PATTERN_FAILURES = 5;

/** The pattern is hashed bound to its device: the same drawing on two devices gives unrelated hashes. */
const patternSecret = (deviceId: string, pattern: number[]) => `${deviceId}:${pattern.join('-')}`;

/** D3: the schéma of this device (only the device the current session was opened on). */
export async function setDevicePattern(
  deps: Deps,
  ctx: RequestContext,
  actor: { userId: string; sessionDeviceId: string | null },
  input: { deviceId: string; pattern: number[] },
): Promise<void> {
  if (actor.sessionDeviceId !== input.deviceId)
    throw new AppError(
      'not_found',
      'Appareil inconnu : reconnectez-vous sur cet appareil pour créer votre schéma.',
    );
  const patternHash = await hashSecret(patternSecret(input.deviceId, input.pattern));
  await deps.db.transaction(async (tx) => {
    const updated = await tx
      .update(devices)
      .set({ patternHash, patternFailures: 0, patternRevokedAt: null })
      .where(and(eq(devices.id, input.deviceId), eq(devices.userId, actor.userId)))
      .returning({ id: devices.id });
    if (!updated.length) throw new AppError('not_found', 'Appareil inconnu.');
    await appendAudit(tx, deps.clock, ctx, {
      action: 'device.pattern.set',
      outcome: 'success',
      targetId: input.deviceId,
    });
  });
}

type Outcome =
  { ok: true; value: { token: string; expiresAt: Date; user: UserRow } } | { ok: false; error: AppError };

/**
 * D3: login with the device's schéma. The device secret proves the device; 5 wrong schémas in a row revoke the
 * schéma (410): the user must log in with credentials and the SMS code again.
 */
export async function loginWithPattern(
  deps: Deps,
  ctx: RequestContext,
  input: { deviceId: string; deviceSecret: string | undefined; pattern: number[] },
) {
  const [found] = await deps.db
    .select({ device: devices, user: users })
    .from(devices)
    .innerJoin(users, eq(users.id, devices.userId))
    .where(eq(devices.id, input.deviceId))
    .limit(1);
  const deviceOk =
    found && input.deviceSecret && safeEqualHex(found.device.secretHash, sha256Hex(input.deviceSecret));
  const patternMatches =
    deviceOk && found.device.patternHash && !found.device.patternRevokedAt
      ? await verifySecret(found.device.patternHash, patternSecret(input.deviceId, input.pattern))
      : false;
  const outcome = await deps.db.transaction(async (tx): Promise<Outcome> => {
    const audit = (outcome: 'success' | 'failure' | 'refused', details: Record<string, unknown>) =>
      appendAudit(tx, deps.clock, ctx, {
        action: 'login.pattern',
        outcome,
        actorId: deviceOk ? found.user.id : null,
        targetId: input.deviceId,
        details,
      });
    if (!deviceOk) {
      await audit('failure', { reason: 'unknown_device' });
      return {
        ok: false,
        error: new AppError(
          'invalid_credentials',
          'Appareil non reconnu : connectez-vous avec vos identifiants.',
        ),
      };
    }
    const { device, user } = found;
    if (user.status !== 'active') {
      await audit('refused', { reason: `account_${user.status}` });
      return { ok: false, error: new AppError('account_blocked', 'Compte bloqué : contactez le support.') };
    }
    if (!device.patternHash || device.patternRevokedAt) {
      await audit('refused', { reason: 'pattern_revoked' });
      return {
        ok: false,
        error: new AppError('pattern_revoked', 'Schéma désactivé : connectez-vous avec vos identifiants.'),
      };
    }
    if (!patternMatches) {
      const failures = device.patternFailures + 1;
      const revoke = failures >= MAX_PATTERN_FAILURES;
      await tx
        .update(devices)
        .set({
          patternFailures: failures,
          ...(revoke ? { patternHash: null, patternRevokedAt: deps.clock.now() } : {}),
        })
        .where(eq(devices.id, device.id));
      await audit('failure', { reason: 'wrong_pattern', failures, revoked: revoke });
      return {
        ok: false,
        error: revoke
          ? new AppError(
              'pattern_revoked',
              'Schéma incorrect 5 fois : il est désactivé. Connectez-vous avec vos identifiants.',
            )
          : new AppError(
              'wrong_pattern',
              `Schéma incorrect. Il vous reste ${MAX_PATTERN_FAILURES - failures} essai(s).`,
              {
                remaining: MAX_PATTERN_FAILURES - failures,
              },
            ),
      };
    }
    await tx
      .update(devices)
      .set({ patternFailures: 0, lastUsedAt: deps.clock.now() })
      .where(eq(devices.id, device.id));
    const session = await createSession(tx, deps.clock, deps.config, user.id, device.id, 'pattern');
    await audit('success', {});
    return { ok: true, value: { token: session.token, expiresAt: session.expiresAt, user } };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
