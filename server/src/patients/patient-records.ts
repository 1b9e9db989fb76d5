import type { Sex } from '@relais/contracts';
import type { patients } from '../db/schema.ts';
import type { DataCipher } from '../shared/crypto.ts';
import { nameKey } from '../accounts/user-view.ts';

export type PatientRow = typeof patients.$inferSelect;

export interface PatientIdentity {
  firstName: string;
  lastName: string;
  birthDate: string;
  sex: Sex;
}
export interface PatientContact {
  address: { line: string; postalCode: string; city: string };
  phone: string | null;
}
export interface PatientLocation {
  lat: number;
  lon: number;
}

/** Each sealed column is bound to its patient and field: a ciphertext moved to another row fails to open. */
const aad = (id: string, field: 'identity' | 'contact' | 'location') => `patient:${id}:${field}`;

export function sealPatient(
  cipher: DataCipher,
  id: string,
  v: { identity: PatientIdentity; contact: PatientContact; location: PatientLocation },
) {
  return {
    identity: cipher.sealJson(v.identity, aad(id, 'identity')),
    contact: cipher.sealJson(v.contact, aad(id, 'contact')),
    location: cipher.sealJson(v.location, aad(id, 'location')),
  };
}

export function openPatient(
  cipher: DataCipher,
  row: Pick<PatientRow, 'id' | 'identity' | 'contact' | 'location'>,
) {
  return {
    identity: cipher.openJson<PatientIdentity>(row.identity, aad(row.id, 'identity')),
    contact: cipher.openJson<PatientContact>(row.contact, aad(row.id, 'contact')),
    location: cipher.openJson<PatientLocation>(row.location, aad(row.id, 'location')),
  };
}

export const openIdentity = (cipher: DataCipher, row: Pick<PatientRow, 'id' | 'identity'>) =>
  cipher.openJson<PatientIdentity>(row.identity, aad(row.id, 'identity'));

const INDEX_PURPOSE = 'patient-name-index';
const MIN_PREFIX = 2;

/** Blind-index terms of a patient's names: every prefix (from 2 letters) of every normalised word. */
export function nameIndexTerms(
  cipher: DataCipher,
  identity: Pick<PatientIdentity, 'firstName' | 'lastName'>,
): Buffer[] {
  const terms = new Set<string>();
  for (const word of nameKey(identity.lastName, identity.firstName).split(' ')) {
    for (let n = Math.min(MIN_PREFIX, word.length); n <= word.length; n++) terms.add(word.slice(0, n));
  }
  return [...terms].map((t) => cipher.blindIndex(INDEX_PURPOSE, t));
}

/** The terms a search query must all meet: one per query word (its whole text, a prefix of a name word). */
export function queryTerms(cipher: DataCipher, q: string): Buffer[] {
  return nameKey(q)
    .split(' ')
    .filter(Boolean)
    .map((word) => cipher.blindIndex(INDEX_PURPOSE, word));
}
