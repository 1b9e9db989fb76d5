import type { RegistrationSummary } from '@relais/contracts';
import { type DbOrTx } from '../db/client.ts';
export type DirectoryCheck = NonNullable<RegistrationSummary['directoryCheck']>;
export interface IdentityToCheck {
    identifierType: 'rpps' | 'adeli';
    identifier: string;
    firstName: string;
    lastName: string;
    /** TRE_G15 code. */
    profession: string;
}
/** IDNPS: the identifier prefixed with its type (8 RPPS, 0 ADELI). */
export declare const nationalIdOf: (type: "rpps" | "adeli", identifier: string) => string;
/**
 * D1: what the national directory says of registrations, in order: found or not, and which of last name, first
 * name, profession differ (`inactive` when the person has left the directory). `null` for each when no
 * directory has been imported yet, since nothing can be said then.
 */
export declare function checkDirectoryIdentities(db: DbOrTx, list: readonly IdentityToCheck[]): Promise<(DirectoryCheck | null)[]>;
export declare function checkDirectoryIdentity(db: DbOrTx, who: IdentityToCheck): Promise<DirectoryCheck | null>;
/** After an import: the pending registrations are checked again against the new directory. */
export declare function recheckPendingRegistrations(tx: DbOrTx): Promise<number>;
