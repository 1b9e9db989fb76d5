import type { CareTeamMember, PatientFile } from '@relais/contracts';
import { type DbOrTx } from '../db/client.ts';
import type { DataCipher } from '../shared/crypto.ts';
import type { PatientRelation } from './access.ts';
import { type PatientRow } from './patient-records.ts';
export declare function careTeamOf(db: DbOrTx, patientId: string): Promise<CareTeamMember[]>;
/** The whole file, decrypted, for a viewer the access module let through. */
export declare function patientFile(db: DbOrTx, cipher: DataCipher, row: PatientRow, relation: PatientRelation): Promise<PatientFile>;
