import type { NationalDirectoryEntry } from '@relais/contracts';
import { type DbOrTx } from '../db/client.ts';
export interface NationalSearch {
    q?: string | undefined;
    identifier?: string | undefined;
    limit: number;
}
/**
 * Finds persons of the national directory by identifier (RPPS, ADELI or IDNPS, exact, inactive persons too) or
 * by name (active persons only). A name query is read as the beginning of "last first", "first last" or "last
 * first" without the particles ("fontaine" finds "de La Fontaine"); when that finds too little, each word is
 * also corrected to the directory's words within its typo allowance (one edit, two for long words).
 */
export declare function searchNationalDirectory(db: DbOrTx, search: NationalSearch): Promise<NationalDirectoryEntry[]>;
