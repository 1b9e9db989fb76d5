import { sql } from 'drizzle-orm';
import { appendAudit, type AuditEntry, type RequestContext } from '../audit/append-audit.ts';
import { rows, type DbOrTx, type Tx } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../shared/errors.ts';
import type { PatientRow } from './patient-records.ts';

/**
 * D16 — the one place that decides who may see a patient. Care team members (creator, usual professionals,
 * those who accepted a request, déclencheurs) read and write; the registered médecin traitant reads.
 * Everyone else is told the patient does not exist.
 */
export type PatientRelation = 'care_team' | 'treating_doctor';
export type PatientNeed = 'read' | 'write';

export async function patientRelations(db: DbOrTx, userId: string, patientIds: readonly string[]) {
  const relations = new Map<string, PatientRelation>();
  if (patientIds.length === 0) return relations;
  const ids = sql.join(
    patientIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const found = await rows<{ id: string; team: boolean }>(
    db,
    sql`SELECT p.id,
               EXISTS (SELECT 1 FROM care_team ct WHERE ct.patient_id = p.id AND ct.user_id = ${userId}) AS team
        FROM patients p
        WHERE p.id IN (${ids})
          AND (p.treating_doctor_user_id = ${userId}
               OR EXISTS (SELECT 1 FROM care_team ct WHERE ct.patient_id = p.id AND ct.user_id = ${userId}))`,
  );
  for (const r of found) relations.set(r.id, r.team ? 'care_team' : 'treating_doctor');
  return relations;
}

const allows = (relation: PatientRelation | undefined, need: PatientNeed) =>
  relation === 'care_team' || (relation === 'treating_doctor' && need === 'read');

/** A refused access: a 404 for the client, and an audit record written once the transaction is over. */
export class PatientRefusal extends AppError {
  constructor(readonly entry: AuditEntry) {
    super('not_found', 'Patient introuvable.');
  }
}

/**
 * Runs a use case touching patient data in one transaction. A refusal rolls the transaction back, then is
 * audited in a transaction of its own, so that the rollback cannot erase the trace of the attempt.
 */
export async function patientTransaction<T>(
  deps: Deps,
  ctx: RequestContext,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  try {
    return await deps.db.transaction(work);
  } catch (error) {
    if (error instanceof PatientRefusal)
      await deps.db.transaction((tx) => appendAudit(tx, deps.clock, ctx, error.entry));
    throw error;
  }
}

/**
 * The patient row when the actor may `need` it, locked for writes; otherwise a PatientRefusal (404), which
 * `patientTransaction` audits.
 */
export async function requirePatient(
  db: DbOrTx,
  ctx: RequestContext,
  patientId: string,
  need: PatientNeed,
  action: string,
): Promise<{ row: PatientRow; relation: PatientRelation }> {
  const userId = ctx.actorId;
  const relation = userId ? (await patientRelations(db, userId, [patientId])).get(patientId) : undefined;
  if (!userId || !relation || !allows(relation, need))
    throw new PatientRefusal({ action, outcome: 'refused', patientId, details: { need } });
  const lock = need === 'write' ? sql` FOR UPDATE` : sql``;
  const [row] = await rows<Record<string, unknown>>(
    db,
    sql`SELECT * FROM patients WHERE id = ${patientId}${lock}`,
  );
  if (!row) throw notFound('Patient introuvable.');
  const patient = toPatientRow(row);
  if (need === 'write') {
    // D18: an archived file, or one whose series of care I ended, is read-only.
    if (patient.archivedAt)
      throw new AppError('state_conflict', 'Ce dossier est archivé : il ne peut plus être modifié.', {
        reason: 'archived',
      });
    const [ended] = await rows<{ ended_at: unknown }>(
      db,
      sql`SELECT ended_at FROM care_endings WHERE patient_id = ${patientId} AND user_id = ${userId}`,
    );
    if (ended)
      throw new AppError(
        'state_conflict',
        'Vous avez terminé votre série de soins : ce dossier est dans vos archives.',
        {
          reason: 'care_ended',
        },
      );
  }
  return { row: patient, relation };
}

/** Raw SQL rows (snake case) to the Drizzle shape. */
export function toPatientRow(r: Record<string, unknown>): PatientRow {
  const buf = (v: unknown) => Buffer.from(v as Uint8Array);
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string | Date));
  return {
    id: r.id as string,
    identity: buf(r.identity),
    contact: buf(r.contact),
    location: buf(r.location),
    communeInsee: r.commune_insee as string,
    cellId: r.cell_id as string,
    cellLat: Number(r.cell_lat),
    cellLon: Number(r.cell_lon),
    cellRadiusM: Number(r.cell_radius_m),
    treatingDoctorUserId: (r.treating_doctor_user_id as string | null) ?? null,
    treatingDoctorNationalId: (r.treating_doctor_national_id as string | null) ?? null,
    createdBy: r.created_by as string,
    createdAt: new Date(r.created_at as string | Date),
    updatedAt: new Date(r.updated_at as string | Date),
    archivedAt: date(r.archived_at),
  };
}
