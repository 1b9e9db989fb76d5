import { sql } from 'drizzle-orm';
import type { CareTeamMember, PatientFile, PatientSummary } from '@relais/contracts';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import { rows } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { patientTransaction, requirePatient, toPatientRow } from './access.ts';
import { careTeamOf, patientFile } from './patient-file.ts';
import { openIdentity, queryTerms } from './patient-records.ts';

/** Reads one file; the read is audited in the same transaction (D20). */
export async function readPatient(deps: Deps, ctx: RequestContext, patientId: string): Promise<PatientFile> {
  return patientTransaction(deps, ctx, async (tx) => {
    const { row, relation } = await requirePatient(tx, ctx, patientId, 'read', 'patient.read');
    const file = await patientFile(tx, deps.cipher, row, relation);
    await appendAudit(tx, deps.clock, ctx, { action: 'patient.read', outcome: 'success', patientId });
    return file;
  });
}

export async function readCareTeam(
  deps: Deps,
  ctx: RequestContext,
  patientId: string,
): Promise<CareTeamMember[]> {
  return patientTransaction(deps, ctx, async (tx) => {
    await requirePatient(tx, ctx, patientId, 'read', 'patient.care_team.read');
    const team = await careTeamOf(tx, patientId);
    await appendAudit(tx, deps.clock, ctx, {
      action: 'patient.care_team.read',
      outcome: 'success',
      patientId,
    });
    return team;
  });
}

/**
 * "Patients en coordination": the files where I am in the care team or the médecin traitant, newest first,
 * optionally searched by name through the blind index (no row is decrypted to search). Each listed patient's
 * read is audited.
 */
export async function listPatients(
  deps: Deps,
  ctx: RequestContext & { actorId: string },
  query: { q?: string | undefined; limit: number },
): Promise<PatientSummary[]> {
  const terms = query.q ? queryTerms(deps.cipher, query.q) : [];
  if (query.q && terms.length === 0) return [];
  const nameFilter = terms.length
    ? sql`AND p.id IN (SELECT patient_id FROM patient_name_index WHERE term IN (${sql.join(
        terms.map((t) => sql`${t}`),
        sql`, `,
      )}) GROUP BY patient_id HAVING count(DISTINCT term) = ${new Set(terms.map((t) => t.toString('hex'))).size})`
    : sql``;
  return deps.db.transaction(async (tx) => {
    const found = await rows<Record<string, unknown> & { team: boolean; commune_name: string | null }>(
      tx,
      sql`SELECT p.*, c.name AS commune_name,
                 EXISTS (SELECT 1 FROM care_team ct WHERE ct.patient_id = p.id AND ct.user_id = ${ctx.actorId}) AS team
          FROM patients p LEFT JOIN communes c ON c.insee = p.commune_insee
          WHERE (p.treating_doctor_user_id = ${ctx.actorId}
                 OR EXISTS (SELECT 1 FROM care_team ct WHERE ct.patient_id = p.id AND ct.user_id = ${ctx.actorId}))
            AND NOT EXISTS (SELECT 1 FROM care_endings e WHERE e.patient_id = p.id AND e.user_id = ${ctx.actorId})
            ${nameFilter}
          ORDER BY p.updated_at DESC LIMIT ${query.limit}`,
    );
    const summaries = found.map((r): PatientSummary => {
      const row = toPatientRow(r);
      return {
        id: row.id,
        ...openIdentity(deps.cipher, row),
        communeName: r.commune_name ?? row.communeInsee,
        myAccess: r.team ? 'care_team' : 'treating_doctor',
        updatedAt: row.updatedAt.toISOString(),
      };
    });
    for (const s of summaries)
      await appendAudit(tx, deps.clock, ctx, { action: 'patient.list', outcome: 'success', patientId: s.id });
    return summaries;
  });
}
