import { sql } from 'drizzle-orm';
import type { CareRequestView, SentCareRequest } from '@relais/contracts';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import { rows } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { patientTransaction } from '../patients/access.ts';
import { openIdentity } from '../patients/patient-records.ts';
import { buildViews, loadRequestForViewer, selectRequests, type RequestRow } from './care-request-views.ts';

type Actor = RequestContext & { actorId: string };

/** One request, as my role allows (D10/D11); never visible to me → 404. The read is audited. */
export async function readCareRequest(deps: Deps, ctx: Actor, requestId: string): Promise<CareRequestView> {
  return patientTransaction(deps, ctx, async (tx) => {
    const { request } = await loadRequestForViewer(tx, requestId, ctx.actorId, 'care_request.read');
    const [view] = await buildViews(tx, deps.cipher, [request], ctx.actorId);
    if (!view) throw new Error('no view built');
    await appendAudit(tx, deps.clock, ctx, {
      action: 'care_request.read',
      outcome: 'success',
      patientId: request.patient_id,
      targetId: requestId,
      details: { view: view.view },
    });
    return view;
  });
}

const inboxWhere = (userId: string, now: string) => sql`
  WHERE rr.user_id = ${userId} AND rr.response IS NULL AND r.status = 'open' AND r.expires_at > ${now}`;

/** D14 — open requests visible to me that I have not answered, newest first. */
export async function inbox(deps: Deps, ctx: Actor, limit = 50): Promise<CareRequestView[]> {
  return deps.db.transaction(async (tx) => {
    const found = await rows<RequestRow>(
      tx,
      sql`${selectRequests(ctx.actorId)} ${inboxWhere(ctx.actorId, deps.clock.now().toISOString())}
          ORDER BY r.created_at DESC LIMIT ${limit}`,
    );
    const views = await buildViews(tx, deps.cipher, found, ctx.actorId);
    for (const v of views)
      await appendAudit(tx, deps.clock, ctx, {
        action: 'care_request.list',
        outcome: 'success',
        patientId: found.find((r) => r.id === v.id)?.patient_id ?? null,
        targetId: v.id,
        details: { view: v.view },
      });
    return views;
  });
}

export async function pendingCount(deps: Deps, userId: string): Promise<number> {
  const [r] = await rows<{ n: number }>(
    deps.db,
    sql`SELECT count(*)::int AS n FROM care_request_recipients rr JOIN care_requests r ON r.id = rr.request_id
        ${inboxWhere(userId, deps.clock.now().toISOString())}`,
  );
  return r?.n ?? 0;
}

/** "Envoyées": my requests as déclencheur, with phase, recipients, declines and who accepted. */
export async function sentRequests(deps: Deps, ctx: Actor, limit = 50): Promise<SentCareRequest[]> {
  return deps.db.transaction(async (tx) => {
    const found = await rows<{
      id: string;
      status: SentCareRequest['status'];
      phase: SentCareRequest['phase'];
      profession: string;
      care_type: string;
      patient_id: string;
      patient_identity: Uint8Array;
      created_at: Date | string;
      priority_until: Date | string;
      expires_at: Date | string;
      accepted_at: Date | string | null;
      recipients: number;
      declines: number;
      accepted_by: string | null;
      acc_first: string | null;
      acc_last: string | null;
      acc_profession: string | null;
    }>(
      tx,
      sql`SELECT r.id, r.status, r.phase, r.profession, r.care_type, r.patient_id, p.identity AS patient_identity,
                 r.created_at, r.priority_until, r.expires_at, r.accepted_at, r.accepted_by,
                 (SELECT count(*)::int FROM care_request_recipients rr WHERE rr.request_id = r.id) AS recipients,
                 (SELECT count(*)::int FROM care_request_recipients rr
                   WHERE rr.request_id = r.id AND rr.response = 'declined') AS declines,
                 a.first_name AS acc_first, a.last_name AS acc_last, a.profession AS acc_profession
          FROM care_requests r JOIN patients p ON p.id = r.patient_id LEFT JOIN users a ON a.id = r.accepted_by
          WHERE r.declencheur_id = ${ctx.actorId}
          ORDER BY r.created_at DESC LIMIT ${limit}`,
    );
    const iso = (v: Date | string) => new Date(v).toISOString();
    const result = found.map((r): SentCareRequest => {
      const identity = openIdentity(deps.cipher, {
        id: r.patient_id,
        identity: Buffer.from(r.patient_identity),
      });
      return {
        id: r.id,
        status: r.status,
        phase: r.phase,
        profession: r.profession as SentCareRequest['profession'],
        careType: r.care_type as SentCareRequest['careType'],
        patient: { id: r.patient_id, firstName: identity.firstName, lastName: identity.lastName },
        createdAt: iso(r.created_at),
        priorityUntil: iso(r.priority_until),
        expiresAt: iso(r.expires_at),
        recipients: r.recipients,
        declines: r.declines,
        acceptedBy:
          r.accepted_by && r.acc_first !== null && r.acc_last !== null
            ? {
                id: r.accepted_by,
                firstName: r.acc_first,
                lastName: r.acc_last,
                profession: r.acc_profession as SentCareRequest['profession'],
              }
            : null,
        acceptedAt: r.accepted_at ? iso(r.accepted_at) : null,
      };
    });
    for (const r of result)
      await appendAudit(tx, deps.clock, ctx, {
        action: 'care_request.sent.list',
        outcome: 'success',
        patientId: r.patient.id,
        targetId: r.id,
      });
    return result;
  });
}
