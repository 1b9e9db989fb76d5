import {
  IDENTIFIER_LENGTH,
  identifierProblem,
  PROFESSIONS,
  type IdentifierKind,
  type ProfessionCode,
} from '@relais/contracts';

import { fr } from '../i18n/fr.ts';
import { issuesToFields, type FieldErrors, type IssueList } from '../ui/form-errors.ts';

/** What the identity/contact inputs hold, as typed (strings), before the contracts' schemas judge them. */
export interface ProfessionalFormValues {
  identifierType: IdentifierKind;
  identifier: string;
  profession: string;
  specialty: string;
  firstName: string;
  lastName: string;
  addressLine: string;
  postalCode: string;
  city: string;
  mobilePhone: string;
  email: string;
  network: string;
}

export const EMPTY_PROFESSIONAL: ProfessionalFormValues = {
  identifierType: 'rpps',
  identifier: '',
  profession: '',
  specialty: '',
  firstName: '',
  lastName: '',
  addressLine: '',
  postalCode: '',
  city: '',
  mobilePhone: '',
  email: '',
  network: '',
};

/** The request shape of `ProfessionalFields` (contracts): optional fields left blank are omitted. */
export function toProfessionalInput(values: ProfessionalFormValues) {
  const specialty = values.specialty.trim();
  const network = values.network.trim();
  return {
    identifierType: values.identifierType,
    identifier: values.identifier.trim(),
    profession: values.profession,
    ...(specialty ? { specialty } : {}),
    firstName: values.firstName,
    lastName: values.lastName,
    email: values.email,
    mobilePhone: values.mobilePhone,
    officeAddress: { line: values.addressLine, postalCode: values.postalCode, city: values.city },
    ...(network ? { network } : {}),
  };
}

/** The field paths (as the server names them in `details.fields`) that the inputs display. */
export const PROFESSIONAL_FIELD_PATHS = [
  'identifierType',
  'identifier',
  'profession',
  'specialty',
  'firstName',
  'lastName',
  'officeAddress.line',
  'officeAddress.postalCode',
  'officeAddress.city',
  'mobilePhone',
  'email',
  'network',
] as const;

const ADDRESS_PATHS: Partial<Record<keyof ProfessionalFormValues, string>> = {
  addressLine: 'officeAddress.line',
  postalCode: 'officeAddress.postalCode',
  city: 'officeAddress.city',
};

/** The error paths an edit of these inputs makes stale. */
export function errorPathsOf(change: Partial<ProfessionalFormValues>): string[] {
  return (Object.keys(change) as (keyof ProfessionalFormValues)[]).flatMap((field) => {
    const path = ADDRESS_PATHS[field];
    return path ? [path, 'officeAddress'] : [field];
  });
}

/**
 * The contracts' messages, made friendlier where a field is merely empty ("Profession inconnue (code
 * TRE_G15 attendu)" says nothing to a nurse who has not chosen yet), and the identifier always judged.
 */
export function professionalProblems(
  values: ProfessionalFormValues,
  error: IssueList | undefined,
): FieldErrors {
  const problems = error ? issuesToFields(error) : {};
  const identifier = values.identifier.trim();
  const identifierMessage = identifier
    ? identifierProblem(values.identifierType, identifier)
    : fr.registration.identifierRequired[values.identifierType];
  if (identifierMessage) problems.identifier = identifierMessage;
  if (!values.profession) problems.profession = fr.registration.professionRequired;
  return problems;
}

export const PROFESSION_OPTIONS = (Object.entries(PROFESSIONS) as [ProfessionCode, string][])
  .map(([value, label]) => ({ value, label }))
  .sort((a, b) => a.label.localeCompare(b.label, 'fr'));

export function professionLabel(code: string | null): string | null {
  if (code === null) return null;
  return code in PROFESSIONS ? PROFESSIONS[code as ProfessionCode] : code;
}

export function identifierLength(type: IdentifierKind): number {
  return IDENTIFIER_LENGTH[type];
}
