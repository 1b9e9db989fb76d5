import { and, eq, isNull, ne } from 'drizzle-orm';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import { sessions, users } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { AppError, invalidFields } from '../shared/errors.ts';
import { hashSecret, passwordProblem, verifySecret } from './passwords.ts';
import type { UserRow } from './user-view.ts';

/** Changes the password (a temporary one must be changed at next login, D4); other sessions are closed. */
export async function changePassword(
  deps: Deps,
  ctx: RequestContext,
  actor: { user: UserRow; sessionId: string },
  input: { current: string; next: string },
): Promise<void> {
  const { user } = actor;
  if (!user.passwordHash || !(await verifySecret(user.passwordHash, input.current))) {
    await deps.db.transaction((tx) =>
      appendAudit(tx, deps.clock, ctx, {
        action: 'account.password.change',
        outcome: 'failure',
        targetId: user.id,
      }),
    );
    throw new AppError('validation_failed', 'Le mot de passe actuel est incorrect.', {
      fields: { current: 'Le mot de passe actuel est incorrect.' },
    });
  }
  if (input.next === input.current)
    throw invalidFields({ next: 'Le nouveau mot de passe doit être différent de l’actuel.' });
  const weak = await passwordProblem(input.next, [
    user.firstName,
    user.lastName,
    user.email,
    user.identifier ?? '',
  ]);
  if (weak) throw invalidFields({ next: weak });
  const passwordHash = await hashSecret(input.next);
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, updatedAt: now })
      .where(eq(users.id, user.id));
    await tx
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.userId, user.id), ne(sessions.id, actor.sessionId), isNull(sessions.revokedAt)));
    await appendAudit(tx, deps.clock, ctx, {
      action: 'account.password.change',
      outcome: 'success',
      targetId: user.id,
    });
  });
}
