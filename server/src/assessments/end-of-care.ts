import { sql } from 'drizzle-orm';
import type { PatientSummary } from '@relais/contracts';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import { rows } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { patientTransaction, requirePatient, toPatientRow } from '../patients/access.ts';
import { openIdentity } from '../patients/patient-records.ts';
import { AppError } from '../shared/errors.ts';

type Actor = RequestContext & { actorId: string };

/**
 * D18 — "Fin série de soins": once I accepted a request for this patient and filled a bilan, my series ends and
 * the file is read-only for me ("Mes archives"). When every professional who took the patient over has ended,
 * the file is archived: any write answers 409.
 */
export async function endCare(deps: Deps, ctx: Actor, patientId: string): Promise<{ archived: boolean }> {
  return patientTransaction(deps, ctx, async (tx) => {
    await requirePatient(tx, ctx, patientId, 'write', 'patient.end_of_care');
    const [state] = await rows<{ accepted: boolean; bilan: boolean }>(
      tx,
      sql`SELECT EXISTS (SELECT 1 FROM care_team WHERE patient_id = ${patientId} AND user_id = ${ctx.actorId}
                           AND reason = 'accepted') AS accepted,
                 EXISTS (SELECT 1 FROM assessments WHERE patient_id = ${patientId} AND author_id = ${ctx.actorId}
                           AND kind = 'bilan') AS bilan`,
    );
    if (!state?.accepted)
      throw new AppError(
        'state_conflict',
        'Vous n’avez pas de série de soins en cours pour ce patient : acceptez d’abord une demande.',
        {
          reason: 'no_series',
        },
      );
    if (!state.bilan)
      throw new AppError(
        'state_conflict',
        'Remplissez le bilan de fin de prise en charge avant de terminer la série de soins.',
        {
          reason: 'bilan_missing',
        },
      );
    const now = deps.clock.now().toISOString();
    await tx.execute(
      sql`INSERT INTO care_endings (patient_id, user_id, ended_at) VALUES (${patientId}, ${ctx.actorId}, ${now})`,
    );
    const [open] = await rows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n FROM care_team ct
          WHERE ct.patient_id = ${patientId} AND ct.reason = 'accepted'
            AND NOT EXISTS (SELECT 1 FROM care_endings e WHERE e.patient_id = ct.patient_id AND e.user_id = ct.user_id)`,
    );
    const archived = (open?.n ?? 0) === 0;
    if (archived) await tx.execute(sql`UPDATE patients SET archived_at = ${now} WHERE id = ${patientId}`);
    await appendAudit(tx, deps.clock, ctx, {
      action: 'patient.end_of_care',
      outcome: 'success',
      patientId,
      details: { archived },
    });
    return { archived };
  });
}

/** "Mes archives": the files whose series of care I ended, newest first. */
export async function listArchives(
  deps: Deps,
  ctx: Actor,
): Promise<(PatientSummary & { endedAt: string; archived: boolean })[]> {
  return deps.db.transaction(async (tx) => {
    const found = await rows<
      Record<string, unknown> & { ended_at: Date | string; commune_name: string | null }
    >(
      tx,
      sql`SELECT p.*, e.ended_at, c.name AS commune_name FROM care_endings e JOIN patients p ON p.id = e.patient_id
          LEFT JOIN communes c ON c.insee = p.commune_insee
          WHERE e.user_id = ${ctx.actorId} ORDER BY e.ended_at DESC LIMIT 200`,
    );
    const result = found.map((r) => {
      const row = toPatientRow(r);
      return {
        id: row.id,
        ...openIdentity(deps.cipher, row),
        communeName: r.commune_name ?? row.communeInsee,
        myAccess: 'care_team' as const,
        updatedAt: row.updatedAt.toISOString(),
        endedAt: new Date(r.ended_at).toISOString(),
        archived: row.archivedAt !== null,
      };
    });
    for (const p of result)
      await appendAudit(tx, deps.clock, ctx, {
        action: 'patient.archives.list',
        outcome: 'success',
        patientId: p.id,
      });
    return result;
  });
}
