import { createHash } from 'node:crypto';
import type {
  Bundle,
  CareTeam,
  CodeableConcept,
  Communication,
  Patient,
  Practitioner,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  Reference,
  Resource,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import {
  CARE_TYPES,
  PROFESSIONS,
  type Assessment,
  type CareRequestView,
  type CareTeamMember,
  type Message,
  type PatientFile,
  type Questionnaire,
} from '@relais/contracts';
import { IDNPS_SYSTEM, RPPS_SYSTEM } from './search-params.ts';

/** FR Core 2.1 and ANS terminologies. */
export const FR_CORE_IDENTIFIER_TYPE = 'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203';
export const TRE_G15 = 'https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante';
const EMAIL_TYPE_EXTENSION =
  'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type';
const TRE_R256 = 'https://mos.esante.gouv.fr/NOS/TRE_R256-TypeMessagerie/FHIR/TRE-R256-TypeMessagerie';
const DATA_ABSENT_REASON = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';

const PROFESSION_LABELS: Partial<Record<string, string>> = PROFESSIONS;

export function profession(code: string | null): CodeableConcept | undefined {
  if (!code) return undefined;
  const label = PROFESSION_LABELS[code] ?? code;
  return { coding: [{ system: TRE_G15, code, display: label }], text: label };
}

const practitionerRef = (p: {
  id: string;
  firstName: string;
  lastName: string;
}): Reference<Practitioner> => ({
  reference: `Practitioner/${p.id}`,
  display: `${p.firstName} ${p.lastName}`,
});

const patientRef = (p: { id: string; firstName: string; lastName: string }): Reference<Patient> => ({
  reference: `Patient/${p.id}`,
  display: `${p.firstName} ${p.lastName}`,
});

/** D10: the subject exists but this viewer may not know who it is. */
const MASKED: Reference<Patient> = { extension: [{ url: DATA_ABSENT_REASON, valueCode: 'masked' }] };

export interface ProfessionalRecord {
  id: string;
  identifierType: 'rpps' | 'adeli';
  identifier: string;
  firstName: string;
  lastName: string;
  profession: string | null;
  mssante: string[];
}

/** FR Core 2.1 practitioner: IDNPS (8 + RPPS, 0 + ADELI) and RPPS, TRE_G15 profession, MSSanté mailboxes. */
export function practitionerResource(p: ProfessionalRecord): Practitioner {
  const idnps = `${p.identifierType === 'rpps' ? '8' : '0'}${p.identifier}`;
  const identifierType = (code: string, display: string) => ({
    coding: [{ system: FR_CORE_IDENTIFIER_TYPE, code, display }],
  });
  const qualification = profession(p.profession);
  return {
    resourceType: 'Practitioner',
    id: p.id,
    identifier: [
      {
        use: 'official',
        type: identifierType('IDNPS', 'Identifiant National de Professionnel de Santé'),
        system: IDNPS_SYSTEM,
        value: idnps,
      },
      ...(p.identifierType === 'rpps'
        ? [
            {
              use: 'official' as const,
              type: identifierType('RPPS', 'N° RPPS'),
              system: RPPS_SYSTEM,
              value: p.identifier,
            },
          ]
        : []),
    ],
    active: true,
    name: [{ use: 'usual', family: p.lastName, given: [p.firstName] }],
    ...(p.mssante.length
      ? {
          telecom: p.mssante.map((address) => ({
            extension: [
              {
                url: EMAIL_TYPE_EXTENSION,
                valueCoding: { system: TRE_R256, code: 'MSSANTE', display: 'MSSANTE' },
              },
            ],
            system: 'email' as const,
            value: address,
            use: 'work' as const,
          })),
        }
      : {}),
    ...(qualification ? { qualification: [{ code: qualification }] } : {}),
  };
}

const GENDER = { F: 'female', M: 'male', U: 'unknown' } as const;

/** The administrative file, without INS: Relais does not qualify identities. */
export function patientResource(file: PatientFile): Patient {
  const doctor = file.treatingDoctor;
  return {
    resourceType: 'Patient',
    id: file.id,
    meta: { lastUpdated: file.updatedAt },
    name: [{ use: 'official', family: file.lastName, given: [file.firstName] }],
    gender: GENDER[file.sex],
    birthDate: file.birthDate,
    address: [
      {
        use: 'home',
        line: [file.address.line],
        postalCode: file.address.postalCode,
        city: file.address.city,
        country: 'FR',
      },
    ],
    ...(file.phone
      ? { telecom: [{ system: 'phone' as const, value: file.phone, use: 'home' as const }] }
      : {}),
    ...(doctor
      ? {
          generalPractitioner: [
            doctor.kind === 'user'
              ? practitionerRef(doctor.user)
              : {
                  identifier: { system: IDNPS_SYSTEM, value: doctor.nationalId },
                  display: doctor.name,
                },
          ],
        }
      : {}),
  };
}

/**
 * ServiceRequest statuses: an open or accepted care request is `active` (care is sought, then being given);
 * an expired or cancelled one is `revoked`. Who answered what is in the Tasks.
 */
const SERVICE_REQUEST_STATUS = {
  open: 'active',
  accepted: 'active',
  expired: 'revoked',
  cancelled: 'revoked',
} as const;

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** The care request as its viewer may see it (D10/D11): a pool view names no patient and no déclencheur. */
export function serviceRequestResource(view: CareRequestView): ServiceRequest {
  const careType = CARE_TYPES[view.careType];
  const place = view.homeVisit ? 'À domicile' : 'Au cabinet';
  const resource: ServiceRequest = {
    resourceType: 'ServiceRequest',
    id: view.id,
    status: SERVICE_REQUEST_STATUS[view.status],
    intent: 'order',
    code: { text: careType },
    subject: view.view === 'privileged' ? patientRef(view.patient) : MASKED,
    occurrenceTiming: {
      repeat: {
        boundsPeriod: {
          start: view.details.startDate,
          end: addDays(view.details.startDate, view.details.durationDays - 1),
        },
      },
      code: { text: view.details.frequency },
    },
    authoredOn: view.createdAt,
    performerType: profession(view.profession) ?? { text: view.profession },
    locationCode: [
      {
        ...(view.homeVisit
          ? {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
                  code: 'PTRES',
                  display: "Patient's Residence",
                },
              ],
            }
          : {}),
        text: `${place} — ${view.commune.name} (${view.commune.insee})`,
      },
    ],
  };
  if (view.view === 'privileged') {
    resource.requester = practitionerRef(view.declencheur);
    if (view.acceptedBy) resource.performer = [practitionerRef(view.acceptedBy)];
    resource.note = [{ text: view.description }];
  }
  return resource;
}

/** One recipient of a care request and their answer. */
export interface RecipientRecord {
  userId: string;
  firstName: string;
  lastName: string;
  addedAt: string;
  response: 'accepted' | 'declined' | null;
  respondedAt: string | null;
}

/**
 * Task statuses (FHIR R4 task-status), one Task per solicited professional:
 * - not answered while the request is open: `requested`;
 * - the professional who accepted (D12): `accepted`; one who declined (D13): `rejected`;
 * - not answered when the request closed: `cancelled` ("not completed, and will never be"), the reason in
 *   `statusReason`/`businessStatus`: taken by another professional, expired (deadline passed, even before the
 *   worker marks it), or cancelled by the déclencheur.
 */
export function taskStatus(
  view: Pick<CareRequestView, 'status' | 'expiresAt'>,
  recipient: Pick<RecipientRecord, 'response'>,
  now: Date,
): { status: Task['status']; reason?: string } {
  if (recipient.response === 'accepted') return { status: 'accepted' };
  if (recipient.response === 'declined') return { status: 'rejected', reason: 'Déclinée' };
  if (view.status === 'open' && Date.parse(view.expiresAt) > now.getTime()) return { status: 'requested' };
  if (view.status === 'accepted')
    return { status: 'cancelled', reason: 'Acceptée par un autre professionnel' };
  if (view.status === 'cancelled')
    return { status: 'cancelled', reason: 'Annulée par le professionnel qui l’a créée' };
  return { status: 'cancelled', reason: 'Délai de réponse dépassé' };
}

/** A stable id per (request, recipient): both UUIDs do not fit in a FHIR id (64 characters). */
export function taskId(requestId: string, userId: string): string {
  const h = createHash('sha256').update(`task:${requestId}:${userId}`).digest('hex');
  const variant = (8 | (parseInt(h.charAt(16), 16) & 3)).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function taskResource(
  view: CareRequestView,
  recipient: RecipientRecord,
  closedAt: string | null,
  now: Date,
): Task {
  const { status, reason } = taskStatus(view, recipient, now);
  const focus = { reference: `ServiceRequest/${view.id}` };
  const lastModified =
    recipient.respondedAt ?? (status === 'requested' ? recipient.addedAt : (closedAt ?? view.expiresAt));
  return {
    resourceType: 'Task',
    id: taskId(view.id, recipient.userId),
    status,
    ...(reason ? { statusReason: { text: reason }, businessStatus: { text: reason } } : {}),
    intent: 'order',
    code: {
      coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }],
      text: 'Demande de prise en charge',
    },
    basedOn: [focus],
    focus,
    ...(view.view === 'privileged'
      ? { for: patientRef(view.patient), requester: practitionerRef(view.declencheur) }
      : {}),
    authoredOn: recipient.addedAt,
    lastModified,
    performerType: [profession(view.profession) ?? { text: view.profession }],
    owner: practitionerRef({
      id: recipient.userId,
      firstName: recipient.firstName,
      lastName: recipient.lastName,
    }),
  };
}

const REASON_LABELS: Record<CareTeamMember['reasons'][number], string> = {
  creator: 'A créé le dossier',
  usual: 'Professionnel de santé habituel',
  accepted: 'A accepté une demande de prise en charge',
  declencheur: 'Déclencheur d’une demande',
};

/** The patient's care team (D16), one CareTeam per patient (its id is the patient's). */
export function careTeamResource(patientId: string, members: CareTeamMember[]): CareTeam {
  return {
    resourceType: 'CareTeam',
    id: patientId,
    status: 'active',
    name: 'Équipe de soins',
    subject: { reference: `Patient/${patientId}` },
    ...(members.length
      ? {
          participant: members.map((m) => ({
            role: m.reasons.map((r) => ({ text: REASON_LABELS[r] })),
            member: practitionerRef(m),
          })),
        }
      : {}),
  };
}

/** A bilan or follow-up questionnaire response (D17), its answers typed by the questionnaire's items. */
export function questionnaireResponseResource(
  base: string,
  patientId: string,
  a: Assessment,
  questionnaire: Questionnaire | undefined,
): QuestionnaireResponse {
  const items = new Map(questionnaire?.items.map((i) => [i.code, i]));
  const answers: QuestionnaireResponseItem[] = [];
  for (const [code, value] of Object.entries(a.answers)) {
    if (value === null) continue;
    const item = items.get(code);
    const label = item?.label;
    let answer: NonNullable<QuestionnaireResponseItem['answer']>[number];
    if (typeof value === 'boolean') answer = { valueBoolean: value };
    else if (typeof value === 'number') answer = { valueDecimal: value };
    else if (item?.type === 'choice') {
      const option = item.options.find((o) => o.value === value);
      answer = { valueCoding: { code: value, ...(option ? { display: option.label } : {}) } };
    } else answer = { valueString: value };
    answers.push({ linkId: code, ...(label ? { text: label } : {}), answer: [answer] });
  }
  return {
    resourceType: 'QuestionnaireResponse',
    id: a.id,
    questionnaire: `${base}/Questionnaire/${a.questionnaireId}|${a.questionnaireVersion}`,
    status: 'completed',
    subject: { reference: `Patient/${patientId}` },
    authored: a.createdAt,
    author: practitionerRef(a.author),
    ...(a.careRequestId ? { basedOn: [{ reference: `ServiceRequest/${a.careRequestId}` }] } : {}),
    ...(answers.length ? { item: answers } : {}),
  };
}

export interface ThreadRecord {
  id: string;
  subject: string | null;
  participants: { id: string; firstName: string; lastName: string }[];
}

/** A message of a thread about the patient (D19). */
export function communicationResource(patientId: string, thread: ThreadRecord, m: Message): Communication {
  const author = thread.participants.find((p) => p.id === m.authorId);
  const recipients = thread.participants.filter((p) => p.id !== m.authorId);
  return {
    resourceType: 'Communication',
    id: m.id,
    status: 'completed',
    subject: { reference: `Patient/${patientId}` },
    topic: { text: thread.subject ?? 'Conversation' },
    sent: m.sentAt,
    sender: author
      ? practitionerRef(author)
      : ({ reference: `Practitioner/${m.authorId}` } satisfies Reference<Practitioner>),
    ...(recipients.length ? { recipient: recipients.map(practitionerRef) } : {}),
    payload: [{ contentString: m.body }],
  };
}

/** A search answer: every match with its absolute URL. */
export function searchset<T extends Resource & { id?: string }>(
  base: string,
  selfUrl: string,
  resources: T[],
  now: Date,
): Bundle<T> {
  return {
    resourceType: 'Bundle',
    meta: { lastUpdated: now.toISOString() },
    type: 'searchset',
    total: resources.length,
    link: [{ relation: 'self', url: selfUrl }],
    ...(resources.length
      ? {
          entry: resources.map((resource) => ({
            fullUrl: `${base}/${resource.resourceType}/${resource.id ?? ''}`,
            resource,
            search: { mode: 'match' as const },
          })),
        }
      : {}),
  };
}
