import type { ProfessionalRef, TreatingDoctor } from '@relais/contracts';
import { type DbOrTx } from '../db/client.ts';
export declare function toProfessionalRef(u: {
    id: string;
    firstName: string;
    lastName: string;
    profession: string | null;
    officeCity: string | null;
}): ProfessionalRef;
export declare function professionalRefs(db: DbOrTx, ids: readonly string[]): Promise<Map<string, ProfessionalRef>>;
/** Usual professionals must be active professionals (any profession); 400 naming the field otherwise. */
export declare function checkUsualProfessionals(db: DbOrTx, ids: readonly string[]): Promise<string[]>;
export interface ResolvedDoctor {
    userId: string | null;
    nationalId: string | null;
}
/**
 * The médecin traitant: a registered doctor (by user id), or a doctor of the national directory (by RPPS/ADELI
 * or IDNPS) — who is linked to their Relais account when they have one.
 */
export declare function resolveTreatingDoctor(db: DbOrTx, input: {
    userId: string;
} | {
    identifier: string;
} | null | undefined): Promise<ResolvedDoctor>;
export declare function describeTreatingDoctor(db: DbOrTx, doctor: ResolvedDoctor): Promise<TreatingDoctor | null>;
