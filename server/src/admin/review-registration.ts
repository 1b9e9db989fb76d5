import { and, desc, eq } from 'drizzle-orm';
import type { RegistrationSummary } from '@relais/contracts';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import { documents, users } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { enqueue } from '../notifications/enqueue.ts';
import { AppError, notFound } from '../shared/errors.ts';
import type { UserRow } from '../accounts/user-view.ts';

type Status = UserRow['status'];

export async function listRegistrations(deps: Deps, status: Status): Promise<RegistrationSummary[]> {
  const found = await deps.db
    .select({
      user: users,
      proofMime: documents.mimeType,
      proofSize: documents.size,
    })
    .from(users)
    .leftJoin(documents, and(eq(documents.ownerId, users.id), eq(documents.kind, 'proof')))
    .where(and(eq(users.role, 'professional'), eq(users.status, status)))
    .orderBy(status === 'pending' ? users.createdAt : desc(users.createdAt))
    .limit(500);
  return found.map(({ user: u, proofMime, proofSize }) => ({
    id: u.id,
    status: u.status,
    identifierType: u.identifierType ?? 'rpps',
    identifier: u.identifier ?? '',
    profession: u.profession as RegistrationSummary['profession'],
    specialty: u.specialty,
    firstName: u.firstName,
    lastName: u.lastName,
    email: u.email,
    mobilePhone: u.mobilePhone ?? '',
    officeAddress: {
      line: u.officeLine ?? '',
      postalCode: u.officePostalCode ?? '',
      city: u.officeCity ?? '',
    },
    network: u.network,
    createdAt: u.createdAt.toISOString(),
    proof: proofMime && proofSize !== null ? { mimeType: proofMime, size: proofSize } : null,
    rejectionReason: u.rejectionReason,
    directoryCheck: (u.directoryCheck as RegistrationSummary['directoryCheck']) ?? null,
  }));
}

/** The decrypted proof, for support's preview; every read is audited. */
export async function readProof(deps: Deps, ctx: RequestContext, userId: string) {
  const [doc] = await deps.db
    .select()
    .from(documents)
    .where(and(eq(documents.ownerId, userId), eq(documents.kind, 'proof')))
    .limit(1);
  await deps.db.transaction((tx) =>
    appendAudit(tx, deps.clock, ctx, {
      action: 'registration.proof.read',
      outcome: doc ? 'success' : 'failure',
      targetId: userId,
    }),
  );
  if (!doc) throw notFound('Aucun justificatif pour cette inscription.');
  return { mimeType: doc.mimeType, bytes: deps.cipher.decrypt(doc.content, `document:${doc.id}`) };
}

async function pendingProfessional(tx: Tx, id: string) {
  const [user] = await tx
    .select()
    .from(users)
    .where(and(eq(users.id, id), eq(users.role, 'professional')))
    .for('update');
  if (!user) throw notFound('Inscription introuvable.');
  if (user.status !== 'pending')
    throw new AppError('state_conflict', 'Cette inscription a déjà été traitée.', { status: user.status });
  return user;
}

/** Support approves a pending registration: the account becomes active and the professional is told. */
export async function approveRegistration(deps: Deps, ctx: RequestContext, id: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const user = await pendingProfessional(tx, id);
    const now = deps.clock.now();
    await tx
      .update(users)
      .set({ status: 'active', approvedAt: now, approvedBy: ctx.actorId, updatedAt: now })
      .where(eq(users.id, id));
    await notify(
      deps,
      tx,
      user,
      'registration_approved',
      'Votre compte Relais est validé',
      'Relais : votre compte est validé, vous pouvez vous connecter.',
      [
        `Bonjour ${user.firstName},`,
        'Votre inscription sur Relais a été validée par le support. Vous pouvez vous connecter.',
      ],
    );
    await appendAudit(tx, deps.clock, ctx, {
      action: 'registration.approve',
      outcome: 'success',
      targetId: id,
    });
  });
}

export async function rejectRegistration(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  reason: string,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const user = await pendingProfessional(tx, id);
    await tx
      .update(users)
      .set({ status: 'rejected', rejectionReason: reason, updatedAt: deps.clock.now() })
      .where(eq(users.id, id));
    await notify(
      deps,
      tx,
      user,
      'registration_rejected',
      'Votre inscription sur Relais',
      `Relais : votre inscription n'a pas été validée. Le motif vous a été envoyé par e-mail.`,
      [
        `Bonjour ${user.firstName},`,
        `Votre inscription sur Relais n'a pas pu être validée. Motif : ${reason}`,
        'Vous pouvez répondre à ce message ou contacter le support pour toute question.',
      ],
    );
    await appendAudit(tx, deps.clock, ctx, {
      action: 'registration.reject',
      outcome: 'success',
      targetId: id,
      details: { reasonLength: reason.length },
    });
  });
}

/** The decision goes by SMS (short) and by e-mail (the full text), both through the outbox. */
async function notify(
  deps: Deps,
  tx: Tx,
  user: UserRow,
  kind: string,
  subject: string,
  sms: string,
  paragraphs: string[],
) {
  if (user.mobilePhone)
    await enqueue(tx, deps.clock, deps.cipher, {
      channel: 'sms',
      recipient: user.mobilePhone,
      userId: user.id,
      kind,
      body: sms,
    });
  await enqueue(tx, deps.clock, deps.cipher, {
    channel: 'email',
    recipient: user.email,
    userId: user.id,
    kind,
    subject,
    body: paragraphs.join('\n\n') + '\n\n— Le support Relais',
  });
}
