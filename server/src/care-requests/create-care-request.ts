import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { CreateCareRequest } from '@relais/contracts';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import { careRequests } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { patientTransaction, requirePatient } from '../patients/access.ts';
import { priorityAudience } from './audience.ts';
import { addRecipients, openPool } from './dispatch.ts';

export interface CreatedCareRequest {
  id: string;
  status: 'open';
  phase: 'priority' | 'pool';
  priorityUntil: string;
  expiresAt: string;
  recipients: number;
}

/**
 * D7 — a professional of the patient's care team (or the registered médecin traitant) asks for care. D8: the
 * usual professionals of that profession have it alone for half the deadline; without any, the pool opens at
 * once (D9). Request, recipients, events, push rows and audit: one transaction.
 */
export async function createCareRequest(
  deps: Deps,
  ctx: RequestContext & { actorId: string },
  input: CreateCareRequest,
  relaunchedFrom: { id: string; extraRadiusKm: number } | null = null,
): Promise<CreatedCareRequest> {
  return patientTransaction(deps, ctx, async (tx) => {
    const { row: patient } = await requirePatient(tx, ctx, input.patientId, 'read', 'care_request.create');
    const id = randomUUID();
    const now = deps.clock.now();
    const deadlineMs = input.responseMinutes * 60_000;
    const priority = await priorityAudience(tx, patient.id, input.profession, ctx.actorId);
    const priorityUntil = new Date(now.getTime() + (priority.length ? deadlineMs / 2 : 0));
    const expiresAt = new Date(now.getTime() + deadlineMs);
    await tx.insert(careRequests).values({
      id,
      patientId: patient.id,
      declencheurId: ctx.actorId,
      profession: input.profession,
      careType: input.careType,
      details: input.details,
      description: deps.cipher.encrypt(input.description, `care_request:${id}:description`),
      homeVisit: input.homeVisit,
      responseMinutes: input.responseMinutes,
      communeInsee: patient.communeInsee,
      extraRadiusKm: relaunchedFrom?.extraRadiusKm ?? 0,
      status: 'open',
      phase: priority.length ? 'priority' : 'pool',
      createdAt: now,
      priorityUntil,
      expiresAt,
      relaunchedFrom: relaunchedFrom?.id ?? null,
    });
    await tx.execute(sql`INSERT INTO care_team (patient_id, user_id, reason, added_at)
                         VALUES (${patient.id}, ${ctx.actorId}, 'declencheur', ${now.toISOString()})
                         ON CONFLICT DO NOTHING`);
    let recipients = priority.length;
    if (priority.length) await addRecipients(tx, deps, id, priority);
    else
      recipients = await openPool(tx, deps, {
        id,
        communeInsee: patient.communeInsee,
        extraRadiusKm: relaunchedFrom?.extraRadiusKm ?? 0,
        profession: input.profession,
        homeVisit: input.homeVisit,
        declencheurId: ctx.actorId,
      });
    await appendAudit(tx, deps.clock, ctx, {
      action: 'care_request.create',
      outcome: 'success',
      patientId: patient.id,
      targetId: id,
      details: {
        profession: input.profession,
        careType: input.careType,
        phase: priority.length ? 'priority' : 'pool',
        recipients,
        ...(relaunchedFrom ? { relaunchedFrom: relaunchedFrom.id } : {}),
      },
    });
    return {
      id,
      status: 'open',
      phase: priority.length ? 'priority' : 'pool',
      priorityUntil: priorityUntil.toISOString(),
      expiresAt: expiresAt.toISOString(),
      recipients,
    };
  });
}
