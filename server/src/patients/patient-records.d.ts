import type { Sex } from '@relais/contracts';
import type { patients } from '../db/schema.ts';
import type { DataCipher } from '../shared/crypto.ts';
export type PatientRow = typeof patients.$inferSelect;
export interface PatientIdentity {
    firstName: string;
    lastName: string;
    birthDate: string;
    sex: Sex;
}
export interface PatientContact {
    address: {
        line: string;
        postalCode: string;
        city: string;
    };
    phone: string | null;
}
export interface PatientLocation {
    lat: number;
    lon: number;
}
export declare function sealPatient(cipher: DataCipher, id: string, v: {
    identity: PatientIdentity;
    contact: PatientContact;
    location: PatientLocation;
}): {
    identity: Buffer<ArrayBufferLike>;
    contact: Buffer<ArrayBufferLike>;
    location: Buffer<ArrayBufferLike>;
};
export declare function openPatient(cipher: DataCipher, row: Pick<PatientRow, 'id' | 'identity' | 'contact' | 'location'>): {
    identity: PatientIdentity;
    contact: PatientContact;
    location: PatientLocation;
};
export declare const openIdentity: (cipher: DataCipher, row: Pick<PatientRow, "id" | "identity">) => PatientIdentity;
/** Blind-index terms of a patient's names: every prefix (from 2 letters) of every normalised word. */
export declare function nameIndexTerms(cipher: DataCipher, identity: Pick<PatientIdentity, 'firstName' | 'lastName'>): Buffer[];
/** The terms a search query must all meet: one per query word (its whole text, a prefix of a name word). */
export declare function queryTerms(cipher: DataCipher, q: string): Buffer[];
