import { sql } from 'drizzle-orm';
import type { PatientFile } from '@relais/contracts';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import { rows } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { eventsInStatement } from '../events/publish-event.ts';
import { sealForOutbox } from '../notifications/enqueue.ts';
import { PatientRefusal, patientTransaction, toPatientRow } from '../patients/access.ts';
import { patientFile } from '../patients/patient-file.ts';
import { informTreatingDoctorByMail } from './inform-treating-doctor.ts';
import { AppError } from '../shared/errors.ts';
import {
  loadRequestForViewer,
  relationOf,
  type RequestRow,
  type ViewerRelation,
} from './care-request-views.ts';
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

/** What deciding who may accept needs of a request, as one viewer sees it. */
type AcceptLook = Pick<
  RequestRow,
  | 'id'
  | 'patient_id'
  | 'declencheur_id'
  | 'status'
  | 'expires_at'
  | 'accepted_by'
  | 'treating_doctor_user_id'
  | 'my_via'
  | 'my_response'
>;

const alreadyYours = () =>
  new AppError('state_conflict', 'Vous avez déjà accepté cette demande.', {
    reason: 'already_accepted_by_you',
  });

/** Why this viewer may not accept this request. */
function whyNotAccepted(seen: AcceptLook, relation: ViewerRelation, viewerId: string): AppError {
  if (relation === 'declencheur' || (relation === 'treating_doctor' && !seen.my_via))
    return new AppError(
      'rule_violated',
      'Vous ne pouvez pas accepter cette demande : vous n’en êtes pas destinataire.',
    );
  if (seen.my_response === 'accepted' || seen.accepted_by === viewerId) return alreadyYours();
  if (seen.my_response === 'declined')
    return new AppError('state_conflict', 'Vous avez décliné cette demande.', { reason: 'declined' });
  if (seen.status === 'open') return closedError('expired');
  return closedError(seen.status);
}

/**
 * One look, in one statement, at the request as each of these viewers sees it (no lock: the deciding update
 * checks again). A viewer the request was never visible to is missing from the map.
 */
async function lookForViewers(deps: Deps, requestId: string, viewerIds: readonly string[]) {
  const found = await rows<AcceptLook & { viewer_id: string }>(
    deps.db,
    sql`SELECT r.id, r.patient_id, r.declencheur_id, r.status, r.expires_at, r.accepted_by,
               p.treating_doctor_user_id, v.viewer_id, rr.via AS my_via, rr.response AS my_response
        FROM unnest(${`{${[...new Set(viewerIds)].join(',')}}`}::uuid[]) AS v(viewer_id)
        JOIN care_requests r ON r.id = ${requestId}
        JOIN patients p ON p.id = r.patient_id
        -- One primary-key probe per viewer, whatever the size of the pool (LIMIT keeps it a probe).
        LEFT JOIN LATERAL (SELECT via, response FROM care_request_recipients x
                           WHERE x.request_id = r.id AND x.user_id = v.viewer_id LIMIT 1) rr ON true`,
  );
  return new Map(found.map((r) => [r.viewer_id, r]));
}

interface AcceptTry {
  ctx: Actor;
  resolve: (file: PatientFile) => void;
  reject: (error: unknown) => void;
}

/** The tries waiting in this process, per request; one batch at a time goes to the database. */
const acceptQueues = new WeakMap<Deps, Map<string, AcceptTry[]>>();

/**
 * D12 — first acceptance wins, exactly once: one conditional UPDATE decides, whatever the number of processes
 * and simultaneous tries. The winner joins the care team and gets the full file; every other recipient, the
 * déclencheur and the médecin traitant are told: the latter two in the same transaction as the audit, the
 * others through a fan-out row written in it and expanded right after the commit.
 *
 * Simultaneous tries on one request in this process are settled together: one statement looks at the request
 * for all of them, then one try at a time goes for the row lock. Once one wins, the others are told so at once,
 * instead of each holding a connection while queueing on the lock of a request that is already taken. Between
 * processes the row lock still decides.
 */
export function acceptCareRequest(deps: Deps, ctx: Actor, requestId: string): Promise<PatientFile> {
  return new Promise<PatientFile>((resolve, reject) => {
    let queues = acceptQueues.get(deps);
    if (!queues) acceptQueues.set(deps, (queues = new Map<string, AcceptTry[]>()));
    const queue = queues.get(requestId);
    if (queue) {
      queue.push({ ctx, resolve, reject });
      return;
    }
    const fresh: AcceptTry[] = [{ ctx, resolve, reject }];
    queues.set(requestId, fresh);
    // Tries arriving while a batch is settled wait for the next one, in arrival order. The first batch starts
    // once the tries that arrived at the same instant (the same turn of the event loop) have joined it.
    void (async () => {
      await new Promise((resolveTurn) => setImmediate(resolveTurn));
      while (fresh.length > 0) {
        const batch = fresh.splice(0);
        try {
          await settleAccepts(deps, requestId, batch);
        } catch (error) {
          for (const t of batch) t.reject(error);
        }
      }
      queues.delete(requestId);
    })();
  });
}

async function settleAccepts(deps: Deps, requestId: string, tries: AcceptTry[]) {
  let pending = tries;
  const attempted = new Set<AcceptTry>();
  while (pending.length > 0) {
    const looks = await lookForViewers(
      deps,
      requestId,
      pending.map((t) => t.ctx.actorId),
    );
    const now = deps.clock.now().getTime();
    const eligible: AcceptTry[] = [];
    for (const t of pending) {
      const seen = looks.get(t.ctx.actorId);
      const relation = seen ? relationOf(seen, t.ctx.actorId) : null;
      if (!seen || !relation) {
        // Never visible to this viewer: a 404, audited like any refused access to a patient.
        const refusal = new PatientRefusal({
          action: 'care_request.accept',
          outcome: 'refused',
          patientId: seen?.patient_id ?? null,
          targetId: requestId,
        });
        await deps.db.transaction((tx) => appendAudit(tx, deps.clock, t.ctx, refusal.entry));
        t.reject(refusal);
      } else if (
        seen.status === 'open' &&
        !seen.my_response &&
        seen.my_via &&
        new Date(seen.expires_at).getTime() > now &&
        !attempted.has(t)
      )
        eligible.push(t);
      else t.reject(whyNotAccepted(seen, relation, t.ctx.actorId));
    }
    const leader = eligible.shift();
    if (!leader) return;
    attempted.add(leader);
    const file = await decideAccept(deps, leader.ctx, requestId);
    if (file) {
      leader.resolve(file);
      for (const t of eligible)
        t.reject(t.ctx.actorId === leader.ctx.actorId ? alreadyYours() : closedError('accepted'));
      return;
    }
    // Most often someone else won: one primary-key read tells them all. Otherwise (the request is still open:
    // it expired meanwhile, or the leader's own answer changed) look again for each of them.
    pending = [leader, ...eligible];
    const [current] = await rows<{ status: RequestRow['status']; accepted_by: string | null }>(
      deps.db,
      sql`SELECT status, accepted_by FROM care_requests WHERE id = ${requestId}`,
    );
    if (current && current.status !== 'open') {
      for (const t of pending)
        t.reject(current.accepted_by === t.ctx.actorId ? alreadyYours() : closedError(current.status));
      return;
    }
  }
}

/**
 * The deciding transaction for one try: the whole file when it won, null when the request was not its to take.
 * Every simultaneous try from another process waits on the row lock it takes first, so it is a few round trips:
 * one statement decides, records the answer, joins the care team, queues the "déjà acceptée" fan-out, writes the
 * déclencheur's and the médecin traitant's events and the déclencheur's push, and returns the patient's row; the
 * file is read and both the acceptance and that read are audited before the commit.
 */
async function decideAccept(deps: Deps, ctx: Actor, requestId: string): Promise<PatientFile | null> {
  return patientTransaction(deps, ctx, async (tx) => {
    const at = deps.clock.now().toISOString();
    const push = sealForOutbox(deps.cipher, PUSH_TEXT.accepted);
    const events = eventsInStatement(
      'told',
      sql`SELECT w.declencheur_id, 'care_request.accepted', jsonb_build_object('requestId', w.id) FROM won w
          UNION ALL
          SELECT p.treating_doctor_user_id, 'care_request.accepted',
                 jsonb_build_object('requestId', w.id, 'patientId', w.patient_id)
          FROM won w JOIN patients p ON p.id = w.patient_id
          WHERE p.treating_doctor_user_id IS NOT NULL AND p.treating_doctor_user_id <> w.declencheur_id
            AND p.treating_doctor_user_id <> ${ctx.actorId}`,
      at,
    );
    const [won] = await rows<Record<string, unknown> & { commune_name: string | null }>(
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
            ON CONFLICT DO NOTHING RETURNING user_id),
          fanout AS (
            -- Every other recipient hears "déjà acceptée" through a fan-out expanded after the commit: the
            -- transaction that decides stays as short for a pool of 8,000 as for one of 3.
            INSERT INTO care_request_fanouts (request_id, kind, via, created_at)
            SELECT won.id, 'care_request.taken', '{}', ${at} FROM won RETURNING id),
          told AS (${events.insert}),
          pushed AS (
            INSERT INTO outbox (id, channel, recipient, user_id, kind, body, state, next_attempt_at, idempotency_key, created_at)
            SELECT ${push.id}::uuid, 'push', won.declencheur_id::text, won.declencheur_id, 'care_request.accepted',
                   decode(${push.bodyHex}, 'hex'), 'pending', ${at}, 'care_request.accepted:' || won.id, ${at}
            FROM won ON CONFLICT (idempotency_key) DO NOTHING RETURNING id)
          SELECT p.*, c.name AS commune_name, ${events.notify} AS told
          FROM won JOIN patients p ON p.id = won.patient_id LEFT JOIN communes c ON c.insee = p.commune_insee`,
    );
    if (!won) return null;
    const patient = toPatientRow(won);
    if (patient.treatingDoctorNationalId && !patient.treatingDoctorUserId)
      await informTreatingDoctorByMail(tx, deps, patient.id, ctx.actorId);
    // The row lock is still held: the winner's file comes in this transaction, the others are told at its commit.
    const file = await patientFile(tx, deps.cipher, patient, 'care_team', won.commune_name);
    await appendAudit(
      tx,
      deps.clock,
      ctx,
      { action: 'care_request.accept', outcome: 'success', patientId: patient.id, targetId: requestId },
      { action: 'patient.read', outcome: 'success', patientId: patient.id },
    );
    return file;
  });
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
    if (request.my_response === 'accepted') throw alreadyYours();
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
