import { sql } from 'drizzle-orm';
import type { PatientFile } from '@relais/contracts';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import { rows } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { publishEvent } from '../events/publish-event.ts';
import { enqueueMany } from '../notifications/enqueue.ts';
import { patientCheck, patientTransaction } from '../patients/access.ts';
import { informTreatingDoctorByMail } from './inform-treating-doctor.ts';
import { readPatient } from '../patients/read-patients.ts';
import { AppError } from '../shared/errors.ts';
import { loadRequestForViewer, type RequestRow, type ViewerRelation } from './care-request-views.ts';
import { openPool, PUSH_TEXT, queueFanout } from './dispatch.ts';

type Actor = RequestContext & { actorId: string };

function closedError(status: string): AppError {
  switch (status) {
    case 'accepted':
      return new AppError('state_conflict', 'Cette demande a déjà été acceptée par un autre professionnel.', {
        reason: 'already_accepted',
      });
    case 'expired':
      return new AppError('state_conflict', 'Cette demande a expiré.', { reason: 'expired' });
    case 'cancelled':
      return new AppError(
        'state_conflict',
        'Cette demande a été annulée par le professionnel qui l’a créée.',
        {
          reason: 'cancelled',
        },
      );
    default:
      return new AppError('state_conflict', 'Cette demande n’est plus ouverte.', { reason: status });
  }
}

/** Why this viewer may not accept this request (it was read after the deciding update found nothing to do). */
function whyNotAccepted(seen: RequestRow, relation: ViewerRelation, viewerId: string): AppError {
  if (relation === 'declencheur' || (relation === 'treating_doctor' && !seen.my_via))
    return new AppError(
      'rule_violated',
      'Vous ne pouvez pas accepter cette demande : vous n’en êtes pas destinataire.',
    );
  if (seen.my_response === 'accepted' || seen.accepted_by === viewerId)
    return new AppError('state_conflict', 'Vous avez déjà accepté cette demande.', {
      reason: 'already_accepted_by_you',
    });
  if (seen.my_response === 'declined')
    return new AppError('state_conflict', 'Vous avez décliné cette demande.', { reason: 'declined' });
  if (seen.status === 'open') return closedError('expired');
  return closedError(seen.status);
}

/**
 * D12 — first acceptance wins, exactly once: one conditional UPDATE decides, whatever the number of processes
 * and simultaneous tries. The winner joins the care team and gets the full file; every other recipient, the
 * déclencheur and the médecin traitant are told: the latter two in the same transaction as the audit, the
 * others through a fan-out row written in it and expanded right after the commit.
 */
export async function acceptCareRequest(deps: Deps, ctx: Actor, requestId: string): Promise<PatientFile> {
  // A quick look first, in one statement and no transaction: once someone has won, every later try is told so
  // at the cost of one round trip, instead of queueing for a connection behind the others.
  const seen = await patientCheck(deps, ctx, (db) =>
    loadRequestForViewer(db, requestId, ctx.actorId, 'care_request.accept'),
  );
  if (seen.request.status !== 'open' || seen.request.my_response || !seen.request.my_via)
    throw whyNotAccepted(seen.request, seen.relation, ctx.actorId);
  const patientId = await patientTransaction(deps, ctx, async (tx) => {
    const now = deps.clock.now();
    const at = now.toISOString();
    // One statement decides, records the answer and joins the care team: the row lock that makes the winner is
    // held for as few round trips as possible, since every simultaneous try waits on it.
    const won = await rows<{
      id: string;
      patient_id: string;
      declencheur_id: string;
      treating_doctor_user_id: string | null;
    }>(
      tx,
      sql`WITH won AS (
            UPDATE care_requests r SET status = 'accepted', accepted_by = ${ctx.actorId}, accepted_at = ${at}, closed_at = ${at}
            WHERE r.id = ${requestId} AND r.status = 'open' AND r.expires_at > ${at}
              AND EXISTS (SELECT 1 FROM care_request_recipients rr
                          WHERE rr.request_id = r.id AND rr.user_id = ${ctx.actorId} AND rr.response IS NULL)
            RETURNING r.id, r.patient_id, r.declencheur_id),
          answered AS (
            UPDATE care_request_recipients rr SET response = 'accepted', responded_at = ${at}
            FROM won WHERE rr.request_id = won.id AND rr.user_id = ${ctx.actorId} RETURNING rr.user_id),
          joined AS (
            INSERT INTO care_team (patient_id, user_id, reason, added_at)
            SELECT won.patient_id, ${ctx.actorId}, 'accepted', ${at} FROM won
            ON CONFLICT DO NOTHING RETURNING user_id)
          SELECT won.id, won.patient_id, won.declencheur_id, p.treating_doctor_user_id
          FROM won JOIN patients p ON p.id = won.patient_id`,
    );
    const request = won[0];
    if (!request) {
      const seen = await loadRequestForViewer(tx, requestId, ctx.actorId, 'care_request.accept');
      throw whyNotAccepted(seen.request, seen.relation, ctx.actorId);
    }
    const doctor = request.treating_doctor_user_id;
    // Every other recipient hears "déjà acceptée" through a fan-out expanded after the commit: the
    // transaction that decides stays as short for a pool of 8,000 as for one of 3.
    await queueFanout(tx, deps.clock, requestId, 'care_request.taken');
    await publishEvent(tx, deps.clock, [request.declencheur_id], 'care_request.accepted', { requestId });
    if (doctor && doctor !== request.declencheur_id && doctor !== ctx.actorId)
      await publishEvent(tx, deps.clock, [doctor], 'care_request.accepted', {
        requestId,
        patientId: request.patient_id,
      });
    await enqueueMany(tx, deps.clock, deps.cipher, [
      {
        channel: 'push' as const,
        recipient: request.declencheur_id,
        userId: request.declencheur_id,
        kind: 'care_request.accepted',
        body: PUSH_TEXT.accepted,
        idempotencyKey: `care_request.accepted:${requestId}`,
      },
    ]);
    await informTreatingDoctorByMail(tx, deps, request.patient_id, ctx.actorId);
    await appendAudit(tx, deps.clock, ctx, {
      action: 'care_request.accept',
      outcome: 'success',
      patientId: request.patient_id,
      targetId: requestId,
    });
    return request.patient_id;
  });
  // The row lock that decides the winner is released at the commit above; the file is read afterwards.
  return readPatient(deps, ctx, patientId);
}

/** D13 — declining is recorded (optional reason, encrypted) and, in the priority phase, may open the pool (D8). */
export async function declineCareRequest(
  deps: Deps,
  ctx: Actor,
  requestId: string,
  reason: string | undefined,
) {
  await patientTransaction(deps, ctx, async (tx) => {
    const { request } = await loadRequestForViewer(tx, requestId, ctx.actorId, 'care_request.decline', true);
    if (!request.my_via)
      throw new AppError('rule_violated', 'Vous n’êtes pas destinataire de cette demande.');
    if (request.my_response === 'accepted')
      throw new AppError('state_conflict', 'Vous avez déjà accepté cette demande.', {
        reason: 'already_accepted_by_you',
      });
    if (request.my_response === 'declined')
      throw new AppError('state_conflict', 'Vous avez déjà décliné cette demande.', { reason: 'declined' });
    if (request.status !== 'open') throw closedError(request.status);
    const now = deps.clock.now();
    await tx.execute(sql`UPDATE care_request_recipients SET response = 'declined', responded_at = ${now.toISOString()},
                           decline_reason = ${reason ? deps.cipher.encrypt(reason, `care_request:${requestId}:decline:${ctx.actorId}`) : null}
                         WHERE request_id = ${requestId} AND user_id = ${ctx.actorId}`);
    await appendAudit(tx, deps.clock, ctx, {
      action: 'care_request.decline',
      outcome: 'success',
      patientId: request.patient_id,
      targetId: requestId,
      details: { withReason: Boolean(reason) },
    });
    if (request.phase === 'priority') {
      const [pending] = await rows<{ n: number }>(
        tx,
        sql`SELECT count(*)::int AS n FROM care_request_recipients
            WHERE request_id = ${requestId} AND via <> 'pool' AND response IS NULL`,
      );
      if ((pending?.n ?? 0) === 0) {
        await tx.execute(
          sql`UPDATE care_requests SET priority_until = ${now.toISOString()} WHERE id = ${requestId}`,
        );
        await openPool(tx, deps, {
          id: requestId,
          communeInsee: request.commune_insee,
          extraRadiusKm: request.extra_radius_km,
          profession: request.profession,
          homeVisit: request.home_visit,
          declencheurId: request.declencheur_id,
        });
      }
    }
  });
}

/** D13 — the déclencheur cancels an open request; recipients are told. */
export async function cancelCareRequest(deps: Deps, ctx: Actor, requestId: string) {
  await patientTransaction(deps, ctx, async (tx) => {
    const { request, relation } = await loadRequestForViewer(
      tx,
      requestId,
      ctx.actorId,
      'care_request.cancel',
      true,
    );
    if (relation !== 'declencheur')
      throw new AppError('forbidden', 'Seul le professionnel qui a créé la demande peut l’annuler.');
    if (request.status !== 'open') throw closedError(request.status);
    const now = deps.clock.now().toISOString();
    await tx.execute(
      sql`UPDATE care_requests SET status = 'cancelled', closed_at = ${now} WHERE id = ${requestId}`,
    );
    await queueFanout(tx, deps.clock, requestId, 'care_request.cancelled');
    await appendAudit(tx, deps.clock, ctx, {
      action: 'care_request.cancel',
      outcome: 'success',
      patientId: request.patient_id,
      targetId: requestId,
    });
  });
}
