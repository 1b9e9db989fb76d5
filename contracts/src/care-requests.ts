import { z } from 'zod';
import { Profession } from './accounts.ts';
import { Instant, Uuid } from './common.ts';

export const CARE_TYPES = {
  pansement: 'Pansement',
  injection: 'Injection',
  prise_de_sang: 'Prise de sang',
  soins_hygiene: "Soins d'hygiène",
  surveillance: 'Surveillance',
  perfusion: 'Perfusion',
  reeducation: 'Rééducation',
  consultation: 'Consultation',
  visite_domicile: 'Visite à domicile',
  suivi_covid: 'Suivi COVID-19 à domicile',
  autre: 'Autre soin',
} as const;
export type CareType = keyof typeof CARE_TYPES;
export const CareTypeCode = z.enum(Object.keys(CARE_TYPES) as [CareType, ...CareType[]], {
  message: 'Type de soin inconnu.',
});

export const RESPONSE_MINUTES_MIN = 30;
export const RESPONSE_MINUTES_MAX = 7 * 24 * 60;

export const CareDetails = z.strictObject({
  startDate: z
    .string({ message: 'La date de début est obligatoire.' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'La date de début doit être au format AAAA-MM-JJ.'),
  frequency: z
    .string({ message: 'La fréquence est obligatoire.' })
    .trim()
    .min(1, 'La fréquence est obligatoire.')
    .max(100, 'La fréquence est trop longue (100 caractères au plus).'),
  durationDays: z
    .number({ message: 'La durée doit être un nombre de jours.' })
    .int('La durée doit être un nombre entier de jours.')
    .min(1, 'La durée est d’au moins un jour.')
    .max(365, 'La durée est d’au plus 365 jours.'),
});
export type CareDetails = z.infer<typeof CareDetails>;

export const CreateCareRequest = z.strictObject({
  patientId: Uuid,
  profession: Profession,
  careType: CareTypeCode,
  details: CareDetails,
  description: z
    .string({ message: 'La description est obligatoire.' })
    .trim()
    .min(1, 'La description est obligatoire.')
    .max(2000, 'La description est trop longue (2 000 caractères au plus).'),
  homeVisit: z.boolean({ message: 'Indiquez s’il s’agit d’une visite à domicile.' }),
  responseMinutes: z
    .number({ message: 'Le délai de réponse est obligatoire.' })
    .int('Le délai de réponse est un nombre entier de minutes.')
    .min(RESPONSE_MINUTES_MIN, 'Le délai de réponse est d’au moins 30 minutes.')
    .max(RESPONSE_MINUTES_MAX, 'Le délai de réponse est d’au plus 7 jours.'),
});
export type CreateCareRequest = z.infer<typeof CreateCareRequest>;

export const CareRequestStatus = z.enum(['open', 'accepted', 'expired', 'cancelled']);
export const CareRequestPhase = z.enum(['priority', 'pool']);

export const CareRequestCreated = z.object({
  id: Uuid,
  status: CareRequestStatus,
  phase: CareRequestPhase,
  priorityUntil: Instant,
  expiresAt: Instant,
  recipients: z.number(),
});

/** D10: the approximate area, a fixed cell of ≥ 1 km: the only location a pool professional sees. */
export const ApproximateArea = z.object({
  cellId: z.string(),
  centre: z.object({ lat: z.number(), lon: z.number() }),
  radiusM: z.number(),
});

const common = {
  id: Uuid,
  status: CareRequestStatus,
  phase: CareRequestPhase,
  profession: Profession,
  careType: CareTypeCode,
  details: CareDetails,
  homeVisit: z.boolean(),
  createdAt: Instant,
  expiresAt: Instant,
  commune: z.object({ insee: z.string(), name: z.string() }),
  approximateArea: ApproximateArea,
  myResponse: z.enum(['accepted', 'declined']).nullable(),
  acceptedByMe: z.boolean(),
  /** True once someone accepted: the viewer is told it is "déjà acceptée". */
  taken: z.boolean(),
};

/**
 * D10 — what a pool professional sees before accepting. This schema is the response schema of every route
 * that may answer such a viewer: the patient's name, address, phone, exact coordinates and the free text have
 * no field here, so they cannot be sent.
 */
export const PoolView = z.object({ ...common, view: z.literal('pool') });
export type PoolView = z.infer<typeof PoolView>;

/** D11 — usual professional, registered médecin traitant, déclencheur, or the professional who accepted. */
export const PrivilegedView = z.object({
  ...common,
  view: z.literal('privileged'),
  patient: z.object({ id: Uuid, firstName: z.string(), lastName: z.string(), birthDate: z.string() }),
  description: z.string(),
  /** "Professionnel de santé habituel : <viewer's name>" for usual professionals and the médecin traitant. */
  note: z.string().nullable(),
  declencheur: z.object({
    id: Uuid,
    firstName: z.string(),
    lastName: z.string(),
    profession: Profession.nullable(),
  }),
  acceptedBy: z
    .object({ id: Uuid, firstName: z.string(), lastName: z.string(), profession: Profession.nullable() })
    .nullable(),
});
export type PrivilegedView = z.infer<typeof PrivilegedView>;

export const CareRequestView = z.discriminatedUnion('view', [PoolView, PrivilegedView]);
export type CareRequestView = z.infer<typeof CareRequestView>;

export const SentCareRequest = z.object({
  id: Uuid,
  status: CareRequestStatus,
  phase: CareRequestPhase,
  profession: Profession,
  careType: CareTypeCode,
  patient: z.object({ id: Uuid, firstName: z.string(), lastName: z.string() }),
  createdAt: Instant,
  priorityUntil: Instant,
  expiresAt: Instant,
  recipients: z.number(),
  declines: z.number(),
  acceptedBy: z
    .object({ id: Uuid, firstName: z.string(), lastName: z.string(), profession: Profession.nullable() })
    .nullable(),
  acceptedAt: Instant.nullable(),
});
export type SentCareRequest = z.infer<typeof SentCareRequest>;

export const DeclineRequest = z.strictObject({
  reason: z.string().trim().max(500, 'Le motif est trop long (500 caractères au plus).').optional(),
});

export const RelaunchRequest = z.strictObject({
  responseMinutes: z.number().int().min(RESPONSE_MINUTES_MIN).max(RESPONSE_MINUTES_MAX).optional(),
  /** Widen the pool by this many km beyond each professional's own zone (0–50). */
  extraRadiusKm: z.number().int().min(0).max(50).optional(),
});

export const Dashboard = z.object({
  pendingRequests: z.number(),
  unreadMessages: z.number(),
  unreadAlerts: z.number(),
});
