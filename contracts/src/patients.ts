import { z } from 'zod';
import { PostalCode, Profession } from './accounts.ts';
import { Instant, Uuid } from './common.ts';

const text = (max: number, label: string) =>
  z
    .string({ message: `${label} est obligatoire.` })
    .trim()
    .min(1, `${label} est obligatoire.`)
    .max(max, `${label} est trop long (${max} caractères au plus).`);

export const Sex = z.enum(['F', 'M', 'U'], { message: 'Le sexe doit être F, M ou U (non précisé).' });
export type Sex = z.infer<typeof Sex>;

/** A calendar date (YYYY-MM-DD), between 1900-01-01 and today. */
export const BirthDate = z
  .string({ message: 'La date de naissance est obligatoire.' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'La date de naissance doit être au format AAAA-MM-JJ.')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "Cette date n'existe pas.")
  .refine((s) => s >= '1900-01-01', 'La date de naissance ne peut pas être avant 1900.')
  .refine(
    (s) => s <= new Date().toISOString().slice(0, 10),
    'La date de naissance ne peut pas être dans le futur.',
  );

/** Any French phone (landline or mobile), normalised to E.164. */
export const PatientPhone = z
  .string()
  .transform((s) => s.replace(/[\s.\-()]/g, ''))
  .transform((s) => (s.startsWith('0033') ? '+33' + s.slice(4) : s.startsWith('0') ? '+33' + s.slice(1) : s))
  .refine((s) => /^\+33[1-9]\d{8}$/.test(s) || /^\+(262|269|508|590|594|596|687|689)\d{6,9}$/.test(s), {
    message: 'Le numéro de téléphone doit être un numéro français à 10 chiffres.',
  });

export const PatientAddress = z.strictObject({
  line: text(200, "L'adresse"),
  postalCode: PostalCode,
  city: text(100, 'La ville'),
});

export const TreatingDoctorInput = z.union(
  [
    z.strictObject({ userId: Uuid }),
    z.strictObject({
      identifier: z
        .string()
        .trim()
        .regex(/^\d{9,12}$/, 'Identifiant RPPS ou ADELI invalide.'),
    }),
  ],
  { message: 'Médecin traitant : un utilisateur (userId) ou un identifiant de l’annuaire (identifier).' },
);

export const CreatePatient = z.strictObject({
  firstName: text(100, 'Le prénom'),
  lastName: text(100, 'Le nom'),
  birthDate: BirthDate,
  sex: Sex,
  address: PatientAddress,
  phone: PatientPhone.optional(),
  treatingDoctor: TreatingDoctorInput.nullable().optional(),
  usualProfessionalIds: z.array(Uuid).max(30, 'Au plus 30 professionnels habituels.').optional(),
});
export type CreatePatient = z.infer<typeof CreatePatient>;

export const UpdatePatient = z
  .strictObject({
    firstName: text(100, 'Le prénom').optional(),
    lastName: text(100, 'Le nom').optional(),
    birthDate: BirthDate.optional(),
    sex: Sex.optional(),
    address: PatientAddress.optional(),
    phone: PatientPhone.nullable().optional(),
    treatingDoctor: TreatingDoctorInput.nullable().optional(),
    usualProfessionalIds: z.array(Uuid).max(30, 'Au plus 30 professionnels habituels.').optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Aucune modification.');
export type UpdatePatient = z.infer<typeof UpdatePatient>;

export const ProfessionalRef = z.object({
  id: Uuid,
  firstName: z.string(),
  lastName: z.string(),
  profession: Profession.nullable(),
  city: z.string().nullable(),
});
export type ProfessionalRef = z.infer<typeof ProfessionalRef>;

export const TreatingDoctor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), user: ProfessionalRef, nationalId: z.string().nullable() }),
  z.object({
    kind: z.literal('directory'),
    nationalId: z.string(),
    name: z.string(),
    city: z.string().nullable(),
    /** Whether the directory gives an MSSanté address (D15: the doctor is informed there). */
    hasSecureMailbox: z.boolean(),
  }),
]);
export type TreatingDoctor = z.infer<typeof TreatingDoctor>;

export const CareTeamReason = z.enum(['creator', 'usual', 'accepted', 'declencheur']);
export const CareTeamMember = ProfessionalRef.extend({ reasons: z.array(CareTeamReason) });
export type CareTeamMember = z.infer<typeof CareTeamMember>;

export const PatientFile = z.object({
  id: Uuid,
  firstName: z.string(),
  lastName: z.string(),
  birthDate: z.string(),
  sex: Sex,
  address: z.object({ line: z.string(), postalCode: z.string(), city: z.string() }),
  commune: z.object({ insee: z.string(), name: z.string() }),
  location: z.object({ lat: z.number(), lon: z.number() }),
  phone: z.string().nullable(),
  treatingDoctor: TreatingDoctor.nullable(),
  usualProfessionals: z.array(ProfessionalRef),
  careTeam: z.array(CareTeamMember),
  /** How the viewer reaches this file: care team member (may edit) or registered médecin traitant (reads). */
  myAccess: z.enum(['care_team', 'treating_doctor']),
  createdAt: Instant,
  updatedAt: Instant,
});
export type PatientFile = z.infer<typeof PatientFile>;

export const PatientSummary = z.object({
  id: Uuid,
  firstName: z.string(),
  lastName: z.string(),
  birthDate: z.string(),
  sex: Sex,
  communeName: z.string(),
  myAccess: z.enum(['care_team', 'treating_doctor']),
  updatedAt: Instant,
});
export type PatientSummary = z.infer<typeof PatientSummary>;

export const PatientListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
