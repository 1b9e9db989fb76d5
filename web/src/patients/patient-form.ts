import {
  CreatePatient,
  PatientPhone,
  type NationalDirectoryEntry,
  type PatientFile,
  type ProfessionalRef,
  type Sex,
  type UpdatePatient,
  type UserDirectoryEntry,
} from '@relais/contracts';
import { formatPhone } from '../i18n/fr.ts';
import { frPatients } from '../i18n/fr-patients.ts';
import { professionLabel } from '../professional/professional-form.ts';
import { issuesToFields, type FieldErrors } from '../ui/form-errors.ts';

const t = frPatients.form;

/** The médecin traitant as chosen on the form: a Relais user, or a doctor of the national directory. */
export type DoctorChoice =
  | { kind: 'user'; userId: string; name: string; detail: string | null }
  | { kind: 'directory'; identifier: string; name: string; detail: string | null; hasMailbox: boolean };

export interface UsualChoice {
  id: string;
  name: string;
  detail: string | null;
}

/** What the inputs hold, as typed. */
export interface PatientFormValues {
  lastName: string;
  firstName: string;
  /** JJ/MM/AAAA, as French clinicians write it. */
  birthDate: string;
  sex: Sex | '';
  line: string;
  postalCode: string;
  city: string;
  phone: string;
  doctor: DoctorChoice | null;
  usual: UsualChoice[];
}

export const EMPTY_PATIENT: PatientFormValues = {
  lastName: '',
  firstName: '',
  birthDate: '',
  sex: '',
  line: '',
  postalCode: '',
  city: '',
  phone: '',
  doctor: null,
  usual: [],
};

/** The field paths (as the server names them) that the form shows next to an input. */
export const PATIENT_FIELDS = [
  'lastName',
  'firstName',
  'birthDate',
  'sex',
  'address.line',
  'address.postalCode',
  'address.city',
  'phone',
  'treatingDoctor',
  'usualProfessionalIds',
] as const;

/** Server paths folded onto the input that shows them (`treatingDoctor.userId` → `treatingDoctor`). */
export function foldFields(fields: FieldErrors): FieldErrors {
  const folded: FieldErrors = {};
  for (const [key, message] of Object.entries(fields)) {
    const target = key.startsWith('treatingDoctor')
      ? 'treatingDoctor'
      : key.startsWith('usualProfessionalIds')
        ? 'usualProfessionalIds'
        : key === 'address'
          ? 'address.line'
          : key;
    folded[target] ??= message;
  }
  return folded;
}

/** `12/03/1941` → `1941-03-12`; null while incomplete. */
export function isoDate(typed: string): string | null {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(typed.trim());
  return match ? `${match[3]}-${match[2]}-${match[1]}` : null;
}

/** `1941-03-12` → `12/03/1941`. */
export function frenchDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : iso;
}

/** Keeps the digits typed and puts the slashes in: `1203194` → `12/03/194`. */
export function maskDate(typed: string): string {
  const digits = typed.replace(/\D/g, '').slice(0, 8);
  if (digits.length <= 2) return digits;
  if (digits.length <= 4) return `${digits.slice(0, 2)}/${digits.slice(2)}`;
  return `${digits.slice(0, 2)}/${digits.slice(2, 4)}/${digits.slice(4)}`;
}

/** Whole years between the birth date and today (Europe/Paris calendar). */
export function ageOf(birthIso: string, today = new Date()): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthIso);
  if (!match) return null;
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' })
    .format(today)
    .split('-')
    .map(Number);
  if (y === undefined || m === undefined || d === undefined) return null;
  const [by, bm, bd] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function personName(p: { firstName: string; lastName: string }): string {
  return `${p.firstName} ${p.lastName}`;
}

/** "Médecin · Évry-Courcouronnes" */
export function professionalDetail(profession: string | null, city: string | null): string | null {
  const parts = [professionLabel(profession), city].filter((x): x is string => Boolean(x));
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** The directory writes names in capitals: `ANNE-SOPHIE` → `Anne-Sophie`. */
export function titleCase(text: string): string {
  return text
    .toLocaleLowerCase('fr-FR')
    .replace(/(^|[\s'’-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toLocaleUpperCase('fr-FR'));
}

export function userDoctor(u: UserDirectoryEntry): DoctorChoice {
  return {
    kind: 'user',
    userId: u.id,
    name: personName(u),
    detail: professionalDetail(u.profession, u.officeCity),
  };
}

export function nationalDoctor(e: NationalDirectoryEntry): DoctorChoice {
  const places = [...new Set(e.activities.map((a) => a.communeName).filter((c): c is string => Boolean(c)))];
  const what = e.specialty?.label ?? e.profession.label ?? professionLabel(e.profession.code);
  const detail = [what, places.join(', ')].filter(Boolean).join(' · ');
  return {
    kind: 'directory',
    identifier: e.nationalId,
    name: titleCase(`${e.firstName} ${e.lastName}`),
    detail: detail || null,
    hasMailbox: e.mssante.length > 0,
  };
}

export function usualChoice(p: UserDirectoryEntry | ProfessionalRef): UsualChoice {
  const city = 'officeCity' in p ? p.officeCity : p.city;
  return { id: p.id, name: personName(p), detail: professionalDetail(p.profession, city) };
}

export function valuesOf(file: PatientFile): PatientFormValues {
  const doctor = file.treatingDoctor;
  return {
    lastName: file.lastName,
    firstName: file.firstName,
    birthDate: frenchDate(file.birthDate),
    sex: file.sex,
    line: file.address.line,
    postalCode: file.address.postalCode,
    city: file.address.city,
    phone: file.phone ? formatPhone(file.phone) : '',
    doctor:
      doctor === null
        ? null
        : doctor.kind === 'user'
          ? {
              kind: 'user',
              userId: doctor.user.id,
              name: personName(doctor.user),
              detail: professionalDetail(doctor.user.profession, doctor.user.city),
            }
          : {
              kind: 'directory',
              identifier: doctor.nationalId,
              name: titleCase(doctor.name),
              detail: doctor.city,
              hasMailbox: doctor.hasSecureMailbox,
            },
    usual: file.usualProfessionals.map(usualChoice),
  };
}

function doctorInput(doctor: DoctorChoice | null) {
  if (!doctor) return undefined;
  return doctor.kind === 'user' ? { userId: doctor.userId } : { identifier: doctor.identifier };
}

/** The request body of `POST /api/patients`; optional fields left blank are omitted. */
export function toCreateInput(values: PatientFormValues): CreatePatient {
  const phone = values.phone.trim();
  const doctor = doctorInput(values.doctor);
  return {
    firstName: values.firstName,
    lastName: values.lastName,
    birthDate: isoDate(values.birthDate) ?? values.birthDate,
    sex: values.sex as Sex,
    address: { line: values.line, postalCode: values.postalCode, city: values.city },
    ...(phone ? { phone } : {}),
    ...(doctor ? { treatingDoctor: doctor } : {}),
    ...(values.usual.length > 0 ? { usualProfessionalIds: values.usual.map((u) => u.id) } : {}),
  };
}

/** The contracts' judgement of the form, with plainer words where a field is merely empty. */
export function patientProblems(values: PatientFormValues): FieldErrors {
  const parsed = CreatePatient.safeParse(toCreateInput(values));
  const problems = parsed.success ? {} : foldFields(issuesToFields(parsed.error));
  if (values.birthDate.trim() && !isoDate(values.birthDate)) problems.birthDate = t.birthDateIncomplete;
  if (!values.sex) problems.sex = t.sexRequired;
  return problems;
}

function sameDoctor(file: PatientFile, doctor: DoctorChoice | null): boolean {
  const current = file.treatingDoctor;
  if (!current || !doctor) return !current && !doctor;
  if (doctor.kind === 'user') return current.kind === 'user' && current.user.id === doctor.userId;
  return current.nationalId === doctor.identifier;
}

/** `PATCH` sends only what changed: the audit trail then records exactly which fields were edited. */
export function toUpdateInput(file: PatientFile, values: PatientFormValues): UpdatePatient {
  const input = toCreateInput(values);
  const body: UpdatePatient = {};
  if (input.firstName.trim() !== file.firstName) body.firstName = input.firstName;
  if (input.lastName.trim() !== file.lastName) body.lastName = input.lastName;
  if (input.birthDate !== file.birthDate) body.birthDate = input.birthDate;
  if (input.sex !== file.sex) body.sex = input.sex;
  const address = input.address;
  if (
    address.line.trim() !== file.address.line ||
    address.postalCode.trim() !== file.address.postalCode ||
    address.city.trim() !== file.address.city
  )
    body.address = address;
  const phone = values.phone.trim();
  const normalised = phone ? PatientPhone.safeParse(phone) : null;
  const newPhone = normalised === null ? null : normalised.success ? normalised.data : phone;
  if (newPhone !== file.phone) body.phone = phone ? phone : null;
  if (!sameDoctor(file, values.doctor)) body.treatingDoctor = doctorInput(values.doctor) ?? null;
  const before = file.usualProfessionals.map((u) => u.id).sort();
  const after = values.usual.map((u) => u.id).sort();
  if (before.join() !== after.join()) body.usualProfessionalIds = after;
  return body;
}
