import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { CreateCareRequest } from '@relais/contracts';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import { rows, type DbOrTx } from '../db/client.ts';
import { careRequests } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { patientTransaction, requirePatient } from '../patients/access.ts';
import { AppError, idempotencyKeyReused } from '../shared/errors.ts';
import { priorityAudience } from './audience.ts';
import { addRecipients, openPool } from './dispatch.ts';

export interface CreatedCareRequest {
  id: string;
  status: 'open' | 'accepted' | 'expired' | 'cancelled';
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
  options: { relaunchedFrom?: { id: string; extraRadiusKm: number }; clientKey?: string | undefined } = {},
): Promise<CreatedCareRequest> {
  const relaunchedFrom = options.relaunchedFrom ?? null;
  const clientKey = options.clientKey ?? null;
  try {
    return await create();
  } catch (error) {
    // Two identical sends at the same instant: the unique index lets one commit; the other answers its request.
    if (!clientKey || uniqueViolation(error) !== 'care_requests_client_key_idx') throw error;
    const replay = await deps.db.transaction((tx) => replayOf(tx, ctx.actorId, clientKey, input.patientId));
    if (!replay) throw error;
    return replay;
  }

  async function create() {
    return patientTransaction(deps, ctx, async (tx): Promise<CreatedCareRequest> => {
      const { row: patient } = await requirePatient(tx, ctx, input.patientId, 'read', 'care_request.create');
      if (clientKey) {
        const replay = await replayOf(tx, ctx.actorId, clientKey, input.patientId);
        if (replay) return replay;
      }
      if (relaunchedFrom) {
        const [again] = await rows<{ id: string }>(
          tx,
          sql`SELECT id FROM care_requests WHERE relaunched_from = ${relaunchedFrom.id}`,
        );
        if (again)
          throw new AppError('state_conflict', 'Cette demande a déjà été relancée.', {
            reason: 'relaunched',
            relaunchId: again.id,
          });
      }
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
        poolOpenedAt: priority.length ? null : now,
        priorityUntil,
        expiresAt,
        relaunchedFrom: relaunchedFrom?.id ?? null,
        clientKey,
      });
      await tx.execute(sql`INSERT INTO care_team (patient_id, user_id, reason, added_at)
                         VALUES (${patient.id}, ${ctx.actorId}, 'declencheur', ${now.toISOString()})
                         ON CONFLICT DO NOTHING`);
      let recipients = priority.length;
      if (priority.length) await addRecipients(tx, deps, id, priority);
      else
        recipients = await openPool(
          tx,
          deps,
          {
            id,
            communeInsee: patient.communeInsee,
            extraRadiusKm: relaunchedFrom?.extraRadiusKm ?? 0,
            profession: input.profession,
            homeVisit: input.homeVisit,
            declencheurId: ctx.actorId,
          },
          { fresh: true },
        );
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
}

/** The request this déclencheur already created with this key, as its creation answered (a replay). */
async function replayOf(
  tx: DbOrTx,
  declencheurId: string,
  clientKey: string,
  patientId: string,
): Promise<CreatedCareRequest | null> {
  const [prior] = await rows<{
    id: string;
    patient_id: string;
    status: CreatedCareRequest['status'];
    phase: CreatedCareRequest['phase'];
    priority_until: Date | string;
    expires_at: Date | string;
    recipients: number;
  }>(
    tx,
    sql`SELECT r.id, r.patient_id, r.status, r.phase, r.priority_until, r.expires_at,
               (SELECT count(*)::int FROM care_request_recipients rr WHERE rr.request_id = r.id) AS recipients
        FROM care_requests r WHERE r.declencheur_id = ${declencheurId} AND r.client_key = ${clientKey}`,
  );
  if (!prior) return null;
  if (prior.patient_id !== patientId) throw idempotencyKeyReused('une autre demande');
  return {
    id: prior.id,
    status: prior.status,
    phase: prior.phase,
    priorityUntil: new Date(prior.priority_until).toISOString(),
    expiresAt: new Date(prior.expires_at).toISOString(),
    recipients: prior.recipients,
  };
}

/** The constraint a PostgreSQL unique violation names, through Drizzle's wrapping; null for anything else. */
function uniqueViolation(error: unknown): string | null {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const pgError = e as Error & { code?: string; constraint?: string };
    if (pgError.code === '23505') return pgError.constraint ?? null;
  }
  return null;
}
