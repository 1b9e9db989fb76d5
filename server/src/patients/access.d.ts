import { type AuditEntry, type RequestContext } from '../audit/append-audit.ts';
import { type DbOrTx, type Tx } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../shared/errors.ts';
import type { PatientRow } from './patient-records.ts';
/**
 * D16 — the one place that decides who may see a patient. Care team members (creator, usual professionals,
 * those who accepted a request, déclencheurs) read and write; the registered médecin traitant reads.
 * Everyone else is told the patient does not exist.
 */
export type PatientRelation = 'care_team' | 'treating_doctor';
export type PatientNeed = 'read' | 'write';
export declare function patientRelations(db: DbOrTx, userId: string, patientIds: readonly string[]): Promise<Map<string, PatientRelation>>;
/** A refused access: a 404 for the client, and an audit record written once the transaction is over. */
export declare class PatientRefusal extends AppError {
    readonly entry: AuditEntry;
    constructor(entry: AuditEntry);
}
/**
 * Runs a use case touching patient data in one transaction. A refusal rolls the transaction back, then is
 * audited in a transaction of its own, so that the rollback cannot erase the trace of the attempt.
 */
export declare function patientTransaction<T>(deps: Deps, ctx: RequestContext, work: (tx: Tx) => Promise<T>): Promise<T>;
/**
 * The patient row when the actor may `need` it, locked for writes; otherwise a PatientRefusal (404), which
 * `patientTransaction` audits.
 */
export declare function requirePatient(db: DbOrTx, ctx: RequestContext, patientId: string, need: PatientNeed, action: string): Promise<{
    row: PatientRow;
    relation: PatientRelation;
}>;
/** Raw SQL rows (snake case) to the Drizzle shape. */
export declare function toPatientRow(r: Record<string, unknown>): PatientRow;
