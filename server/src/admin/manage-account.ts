import { and, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { AccountSummary, ProfessionalFields } from '@relais/contracts';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import { insertProfessional } from '../accounts/insert-professional.ts';
import { hashSecret, temporaryPassword } from '../accounts/passwords.ts';
import { revokeUserSessions } from '../accounts/sessions.ts';
import { nameKey, type UserRow } from '../accounts/user-view.ts';
import type { Tx } from '../db/client.ts';
import { devices, users } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { enqueue } from '../notifications/enqueue.ts';
import { withdrawActivityZone } from '../professionals/activity-zone.ts';
import { AppError, notFound } from '../shared/errors.ts';

export function toAccountSummary(u: UserRow): AccountSummary {
  return {
    id: u.id,
    role: u.role,
    status: u.status,
    identifierType: u.identifierType,
    identifier: u.identifier,
    profession: u.profession as AccountSummary['profession'],
    firstName: u.firstName,
    lastName: u.lastName,
    email: u.email,
    mobilePhone: u.mobilePhone,
    failedLogins: u.failedLogins,
    mustChangePassword: u.mustChangePassword,
    createdAt: u.createdAt.toISOString(),
  };
}

export async function listAccounts(
  deps: Deps,
  query: { q?: string | undefined; status?: UserRow['status'] | undefined; limit: number; offset: number },
): Promise<{ items: AccountSummary[]; total: number }> {
  const filters: SQL[] = [];
  if (query.status) filters.push(eq(users.status, query.status));
  const q = query.q?.trim();
  if (q) {
    const key = nameKey(q);
    const byName = key ? sql`${users.nameKey} LIKE ${'%' + key.replace(/[%_\\]/g, '\\$&') + '%'}` : undefined;
    const alternatives = [ilike(users.email, `${q.replace(/[%_\\]/g, '\\$&')}%`), eq(users.identifier, q)];
    if (byName) alternatives.push(byName);
    const any = or(...alternatives);
    if (any) filters.push(any);
  }
  const where = filters.length ? and(...filters) : undefined;
  const [items, [count]] = await Promise.all([
    deps.db
      .select()
      .from(users)
      .where(where)
      .orderBy(desc(users.createdAt))
      .limit(query.limit)
      .offset(query.offset),
    deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(where),
  ]);
  return { items: items.map(toAccountSummary), total: count?.n ?? 0 };
}

async function lockAccount(tx: Tx, id: string): Promise<UserRow> {
  const [user] = await tx.select().from(users).where(eq(users.id, id)).for('update');
  if (!user) throw notFound('Compte introuvable.');
  return user;
}

export async function blockAccount(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  reason?: string,
): Promise<void> {
  if (id === ctx.actorId)
    throw new AppError('rule_violated', 'Vous ne pouvez pas bloquer votre propre compte.');
  await deps.db.transaction(async (tx) => {
    const user = await lockAccount(tx, id);
    if (user.status !== 'active')
      throw new AppError('state_conflict', 'Seul un compte actif peut être bloqué.', { status: user.status });
    await tx
      .update(users)
      .set({ status: 'blocked', blockedReason: reason ?? 'support', updatedAt: deps.clock.now() })
      .where(eq(users.id, id));
    await revokeUserSessions(tx, deps.clock, id);
    await withdrawActivityZone(tx, id);
    await appendAudit(tx, deps.clock, ctx, { action: 'account.block', outcome: 'success', targetId: id });
  });
}

/** D4: support unblocks; the failed-login count starts again from zero. */
export async function unblockAccount(deps: Deps, ctx: RequestContext, id: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const user = await lockAccount(tx, id);
    if (user.status !== 'blocked')
      throw new AppError('state_conflict', "Ce compte n'est pas bloqué.", { status: user.status });
    await tx
      .update(users)
      .set({ status: 'active', blockedReason: null, failedLogins: 0, updatedAt: deps.clock.now() })
      .where(eq(users.id, id));
    await appendAudit(tx, deps.clock, ctx, { action: 'account.unblock', outcome: 'success', targetId: id });
  });
}

async function issueTemporaryPassword(deps: Deps, tx: Tx, user: UserRow, kind: string, intro: string) {
  if (!user.mobilePhone) throw new AppError('rule_violated', "Ce compte n'a pas de téléphone mobile.");
  const password = temporaryPassword();
  await tx
    .update(users)
    .set({
      passwordHash: await hashSecret(password),
      mustChangePassword: true,
      failedLogins: 0,
      updatedAt: deps.clock.now(),
    })
    .where(eq(users.id, user.id));
  await enqueue(tx, deps.clock, deps.cipher, {
    channel: 'sms',
    recipient: user.mobilePhone,
    userId: user.id,
    kind,
    body: `Relais : ${intro} Mot de passe temporaire : ${password} — à changer à la connexion.`,
  });
}

/** D4: a forgotten password; a new temporary one goes by SMS, every session and schéma is closed. */
export async function resetPassword(deps: Deps, ctx: RequestContext, id: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const user = await lockAccount(tx, id);
    if (user.status === 'pending' || user.status === 'rejected')
      throw new AppError('state_conflict', "Ce compte n'est pas validé.", { status: user.status });
    await issueTemporaryPassword(deps, tx, user, 'password_reset', 'votre mot de passe a été réinitialisé.');
    await revokeUserSessions(tx, deps.clock, id);
    await tx
      .update(devices)
      .set({ patternHash: null, patternRevokedAt: deps.clock.now() })
      .where(eq(devices.userId, id));
    await appendAudit(tx, deps.clock, ctx, {
      action: 'account.password.reset',
      outcome: 'success',
      targetId: id,
    });
  });
}

/** Support onboards a professional directly (e.g. a CPTS's members): active at once, temporary password by SMS. */
export async function onboardProfessional(deps: Deps, ctx: RequestContext, fields: ProfessionalFields) {
  return deps.db.transaction(async (tx) => {
    const user = await insertProfessional(tx, deps.clock, fields, {
      status: 'active',
      passwordHash: await hashSecret(temporaryPassword()),
      mustChangePassword: true,
      ...(ctx.actorId ? { approvedBy: ctx.actorId } : {}),
    });
    await issueTemporaryPassword(deps, tx, user, 'account_onboarded', 'un compte a été créé pour vous.');
    await appendAudit(tx, deps.clock, ctx, {
      action: 'account.onboard',
      outcome: 'success',
      targetId: user.id,
      details: { profession: fields.profession },
    });
    return { id: user.id };
  });
}
