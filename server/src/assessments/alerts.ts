import { sql } from 'drizzle-orm';
import type { Alert } from '@relais/contracts';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import { rows } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { openIdentity } from '../patients/patient-records.ts';
import { notFound } from '../shared/errors.ts';
import type { IndicatorOutcome } from './indicators.ts';

type Actor = RequestContext & { actorId: string };

/** My alerts, newest first (the negative indicators and the patient, for a professional who cares for them). */
export async function listAlerts(deps: Deps, ctx: Actor, unreadOnly: boolean): Promise<Alert[]> {
  return deps.db.transaction(async (tx) => {
    const found = await rows<{
      id: string;
      patient_id: string;
      identity: Uint8Array;
      assessment_id: string;
      indicators: Uint8Array;
      author_id: string;
      first_name: string;
      last_name: string;
      created_at: Date | string;
      read_at: Date | string | null;
    }>(
      tx,
      sql`SELECT al.id, al.patient_id, p.identity, al.assessment_id, a.indicators, a.author_id, u.first_name, u.last_name,
                 al.created_at, al.read_at
          FROM alerts al JOIN patients p ON p.id = al.patient_id JOIN assessments a ON a.id = al.assessment_id
          JOIN users u ON u.id = a.author_id
          WHERE al.user_id = ${ctx.actorId} ${unreadOnly ? sql`AND al.read_at IS NULL` : sql``}
          ORDER BY al.created_at DESC LIMIT 100`,
    );
    const alerts = found.map((a): Alert => {
      const identity = openIdentity(deps.cipher, { id: a.patient_id, identity: Buffer.from(a.identity) });
      const indicators = deps.cipher.openJson<IndicatorOutcome[]>(
        Buffer.from(a.indicators),
        `assessment:${a.assessment_id}:indicators`,
      );
      return {
        id: a.id,
        kind: 'negative_indicator',
        patient: { id: a.patient_id, firstName: identity.firstName, lastName: identity.lastName },
        assessmentId: a.assessment_id,
        indicators: indicators
          .filter((i) => i.status === 'negative')
          .map(({ code, label }) => ({ code, label })),
        author: { id: a.author_id, firstName: a.first_name, lastName: a.last_name },
        createdAt: new Date(a.created_at).toISOString(),
        readAt: a.read_at ? new Date(a.read_at).toISOString() : null,
      };
    });
    for (const a of alerts)
      await appendAudit(tx, deps.clock, ctx, {
        action: 'alert.read',
        outcome: 'success',
        patientId: a.patient.id,
        targetId: a.id,
      });
    return alerts;
  });
}

export async function markAlertRead(deps: Deps, ctx: Actor, alertId: string): Promise<void> {
  const updated = await rows<{ id: string }>(
    deps.db,
    sql`UPDATE alerts SET read_at = coalesce(read_at, ${deps.clock.now().toISOString()})
        WHERE id = ${alertId} AND user_id = ${ctx.actorId} RETURNING id`,
  );
  if (!updated.length) throw notFound('Alerte introuvable.');
}

export async function unreadAlertCount(deps: Deps, userId: string): Promise<number> {
  const [r] = await rows<{ n: number }>(
    deps.db,
    sql`SELECT count(*)::int AS n FROM alerts WHERE user_id = ${userId} AND read_at IS NULL`,
  );
  return r?.n ?? 0;
}
