import { identifierProblem, PROFESSIONS, type PscErrorCode } from '@relais/contracts';

/** The professional as PSC's userinfo describes them, in Relais's terms. */
export interface PscProfile {
  /** SubjectNameID: '8' + RPPS (or '0' + ADELI). */
  nationalId: string;
  identifierType: 'rpps' | 'adeli';
  identifier: string;
  firstName: string;
  lastName: string;
  /** TRE_G15 code of the exercice kept (codeProfession). */
  profession: string;
  professionSupported: boolean;
  /** codeSavoirFaire of that exercice, when there is one. */
  specialty: string | null;
  officeAddress: { line: string; postalCode: string; city: string } | null;
  /** codeCommune (INSEE) of the practice address. */
  communeInsee: string | null;
}

export type ProfileResult =
  { ok: true; profile: PscProfile } | { ok: false; code: PscErrorCode; reason: string };

const STREET_TYPES: Record<string, string> = {
  R: 'rue',
  AV: 'avenue',
  BD: 'boulevard',
  PL: 'place',
  ALL: 'allée',
  CHE: 'chemin',
  IMP: 'impasse',
  QUA: 'quai',
  RTE: 'route',
  CRS: 'cours',
  SQ: 'square',
  PAS: 'passage',
  RPT: 'rond-point',
  SEN: 'sentier',
  VOIE: 'voie',
  FG: 'faubourg',
  PROM: 'promenade',
  ESP: 'esplanade',
};

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.map(record) : []);

/** "12 Rue de la Paix" from PSC's split address (numeroVoie, indice, type de voie, libellé). */
function addressOf(activity: Record<string, unknown>): PscProfile['officeAddress'] {
  const postalCode = text(activity.codePostal);
  const street = text(activity.libelleVoie);
  if (!/^\d{5}$/.test(postalCode) || !street) return null;
  const typeCode = text(activity.codeTypeDeVoie).toUpperCase();
  const type = text(activity.libelleTypeDeVoie) || STREET_TYPES[typeCode] || '';
  const number = [text(activity.numeroVoie), text(activity.indiceRepetitionVoie)].filter(Boolean).join(' ');
  const line = [number, type, street].filter(Boolean).join(' ').replace(/\s+/g, ' ').slice(0, 200);
  const city =
    text(activity.libelleCommune) ||
    text(activity.bureauCedex)
      .replace(/^\d{5}\s*/, '')
      .replace(/\s+CEDEX.*$/i, '');
  if (!city) return null;
  return { line, postalCode, city: city.slice(0, 100) };
}

/** Reads SubjectNameID, names, profession and practice address out of PSC's userinfo claims. */
export function profileFromClaims(claims: Record<string, unknown>): ProfileResult {
  const nationalId = text(claims.SubjectNameID);
  if (!nationalId) return { ok: false, code: 'psc_identity', reason: 'subject_name_id_missing' };
  let identifierType: 'rpps' | 'adeli';
  if (/^8\d{11}$/.test(nationalId)) identifierType = 'rpps';
  else if (/^0\d{9}$/.test(nationalId)) identifierType = 'adeli';
  else return { ok: false, code: 'psc_identity', reason: 'subject_name_id_malformed' };
  const identifier = nationalId.slice(1);
  if (identifierProblem(identifierType, identifier))
    return { ok: false, code: 'psc_identity', reason: 'identifier_invalid' };

  const exercices = list(record(claims.SubjectRefPro).exercices);
  const exercice = exercices.find((e) => text(e.codeProfession) in PROFESSIONS) ?? exercices[0] ?? {};
  const profession = text(exercice.codeProfession);
  if (!profession) return { ok: false, code: 'psc_identity', reason: 'profession_missing' };
  const firstName = text(claims.given_name) || text(exercice.prenomDexercice);
  const lastName = text(claims.family_name) || text(exercice.nomDexercice);
  if (!firstName || !lastName) return { ok: false, code: 'psc_identity', reason: 'name_missing' };
  const activities = list(exercice.activities);
  const activity = activities.find((a) => addressOf(a) !== null) ?? activities[0] ?? {};
  const communeInsee = text(activity.codeCommune);
  return {
    ok: true,
    profile: {
      nationalId,
      identifierType,
      identifier,
      firstName: firstName.slice(0, 100),
      lastName: lastName.slice(0, 100),
      profession,
      professionSupported: profession in PROFESSIONS,
      specialty: text(exercice.codeSavoirFaire) || null,
      officeAddress: addressOf(activity),
      communeInsee: /^\d[\dAB]\d{3}$/.test(communeInsee) ? communeInsee : null,
    },
  };
}
