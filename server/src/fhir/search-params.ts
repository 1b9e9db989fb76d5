import { identifierProblem, type IdentifierKind } from '@relais/contracts';
import { invalid } from './operation-outcome.ts';

/** FR Core 2.1 identifier systems of professionals. */
export const RPPS_SYSTEM = 'https://rpps.esante.gouv.fr';
export const IDNPS_SYSTEM = 'urn:oid:1.2.250.1.71.4.2.1';

/** A FHIR logical id: what a `[type]/[id]` may hold. */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string) => UUID.test(id);

export interface ProfessionalNumber {
  type: IdentifierKind;
  identifier: string;
}

/**
 * `identifier=<system>|<value>`: RPPS (`https://rpps.esante.gouv.fr|<11 digits>`) or IDNPS
 * (`urn:oid:1.2.250.1.71.4.2.1|8<RPPS>` or `0<ADELI>`), check digit verified; anything else is a 400.
 */
export function parsePractitionerIdentifier(token: string): ProfessionalNumber {
  const bar = token.indexOf('|');
  if (bar < 0)
    throw invalid(
      `Identifiant sans système : écrivez ${RPPS_SYSTEM}|<RPPS> ou ${IDNPS_SYSTEM}|<IDNPS> (8 + RPPS, ou 0 + ADELI).`,
    );
  const system = token.slice(0, bar);
  const value = token.slice(bar + 1);
  if (system === RPPS_SYSTEM) return checked('rpps', value);
  if (system === IDNPS_SYSTEM) {
    if (/^8\d{11}$/.test(value)) return checked('rpps', value.slice(1));
    if (/^0\d{9}$/.test(value)) return checked('adeli', value.slice(1));
    throw invalid(
      'IDNPS invalide : 8 suivi des 11 chiffres du RPPS, ou 0 suivi des 9 chiffres du numéro ADELI.',
    );
  }
  throw invalid(`Système d’identifiant non pris en charge : attendu ${RPPS_SYSTEM} ou ${IDNPS_SYSTEM}.`);
}

function checked(type: IdentifierKind, identifier: string): ProfessionalNumber {
  const problem = identifierProblem(type, identifier);
  if (problem) throw invalid(problem);
  return { type, identifier };
}

/**
 * A reference search value, `<Type>/<id>` or a bare `<id>`. A well-formed id that is not one of ours (ours are
 * UUIDs) matches nothing: null.
 */
export function parseReference(value: string, type: string, param: string): string | null {
  const id = value.startsWith(`${type}/`) ? value.slice(type.length + 1) : value;
  if (!FHIR_ID.test(id)) throw invalid(`Paramètre ${param} : référence attendue sous la forme ${type}/<id>.`);
  return isUuid(id) ? id.toLowerCase() : null;
}
