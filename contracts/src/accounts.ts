import { z } from 'zod';
import { identifierProblem } from './identifiers.ts';
import { PROFESSION_CODES } from './professions.ts';
import { Instant, Uuid } from './common.ts';

export const PASSWORD_MIN_LENGTH = 12;
export const PROOF_MAX_BYTES = 10 * 1024 * 1024;

const trimmed = (max: number, label: string) =>
  z
    .string({ message: `${label} est obligatoire.` })
    .trim()
    .min(1, `${label} est obligatoire.`)
    .max(max, `${label} est trop long (${max} caractères au plus).`);

export const Email = z
  .string({ message: "L'adresse e-mail est obligatoire." })
  .trim()
  .toLowerCase()
  .max(254, "L'adresse e-mail est trop longue.")
  .pipe(z.email({ message: "L'adresse e-mail n'est pas valide." }));

/** French mobile phone, normalised to E.164 (+336…/+337…); overseas mobiles accepted as +262/+590/… */
export const MobilePhone = z
  .string({ message: 'Le téléphone mobile est obligatoire.' })
  .transform((s) => s.replace(/[\s.\-()]/g, ''))
  .transform((s) => (s.startsWith('0033') ? '+33' + s.slice(4) : s.startsWith('0') ? '+33' + s.slice(1) : s))
  .refine((s) => /^\+33[67]\d{8}$/.test(s) || /^\+(262|269|508|590|594|596|687|689)\d{9}$/.test(s), {
    message: 'Le numéro de téléphone mobile doit être un mobile français (06 ou 07).',
  });

export const PostalCode = z
  .string({ message: 'Le code postal est obligatoire.' })
  .trim()
  .regex(/^\d{5}$/, 'Le code postal doit comporter 5 chiffres.');

export const OfficeAddress = z.strictObject({
  line: trimmed(200, "L'adresse"),
  postalCode: PostalCode,
  city: trimmed(100, 'La ville'),
});
export type OfficeAddress = z.infer<typeof OfficeAddress>;

export const IdentifierType = z.enum(['rpps', 'adeli'], {
  message: "Le type d'identifiant doit être RPPS ou ADELI.",
});
export const Profession = z.enum(PROFESSION_CODES, {
  message: 'Profession inconnue (code TRE_G15 attendu).',
});
export const Role = z.enum(['professional', 'support']);
export const AccountStatus = z.enum(['pending', 'active', 'blocked', 'rejected']);

const checkIdentifier = (
  v: { identifierType: 'rpps' | 'adeli'; identifier: string },
  ctx: z.RefinementCtx,
) => {
  const problem = identifierProblem(v.identifierType, v.identifier);
  if (problem) ctx.addIssue({ code: 'custom', path: ['identifier'], message: problem });
};

const professionalShape = z.strictObject({
  identifierType: IdentifierType,
  identifier: z
    .string({ message: "L'identifiant est obligatoire." })
    .trim()
    .min(1, "L'identifiant est obligatoire."),
  profession: Profession,
  specialty: trimmed(100, 'La spécialité').optional(),
  firstName: trimmed(100, 'Le prénom'),
  lastName: trimmed(100, 'Le nom'),
  email: Email,
  mobilePhone: MobilePhone,
  officeAddress: OfficeAddress,
  network: trimmed(150, 'Le réseau').optional(),
});

/** The professional's identity and contact, shared by self-registration and onboarding by support. */
export const ProfessionalFields = professionalShape.superRefine(checkIdentifier);
export type ProfessionalFields = z.infer<typeof ProfessionalFields>;

export const Password = z
  .string({ message: 'Le mot de passe est obligatoire.' })
  .min(PASSWORD_MIN_LENGTH, `Le mot de passe doit comporter au moins ${PASSWORD_MIN_LENGTH} caractères.`)
  .max(256, 'Le mot de passe est trop long.');

/** Registration: the multipart fields (the `proof` file travels beside them). */
export const RegistrationFields = professionalShape
  .extend({ password: Password })
  .superRefine(checkIdentifier);
export type RegistrationFields = z.infer<typeof RegistrationFields>;

export const RegistrationCreated = z.object({ id: Uuid, status: z.literal('pending') });

export const User = z.object({
  id: Uuid,
  role: Role,
  status: AccountStatus,
  identifierType: IdentifierType.nullable(),
  identifier: z.string().nullable(),
  profession: Profession.nullable(),
  specialty: z.string().nullable(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  mobilePhone: z.string().nullable(),
  officeAddress: z.object({ line: z.string(), postalCode: z.string(), city: z.string() }).nullable(),
  network: z.string().nullable(),
});
export type User = z.infer<typeof User>;

export const DeviceId = Uuid;
export const DeviceSecret = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "Secret d'appareil invalide.");

export const LoginRequest = z.strictObject({
  identifier: z.string().trim().min(1, "L'identifiant est obligatoire.").max(254),
  password: z.string().min(1, 'Le mot de passe est obligatoire.').max(256),
  deviceId: DeviceId.optional(),
  deviceSecret: DeviceSecret.optional(),
});

export const Session = z.object({
  token: z.string(),
  user: User,
  mustChangePassword: z.boolean(),
  expiresAt: Instant,
});

export const LoginReply = z.union([
  Session,
  z.object({ challengeId: Uuid, channel: z.literal('sms'), phoneHint: z.string() }),
]);
export type LoginReply = z.infer<typeof LoginReply>;

export const OtpRequest = z.strictObject({
  challengeId: Uuid,
  code: z.string().regex(/^\d{6}$/, 'Le code doit comporter 6 chiffres.'),
});
export const OtpReply = Session.extend({ deviceId: DeviceId, deviceSecret: z.string() });
export type OtpReply = z.infer<typeof OtpReply>;

/** A schéma: 4 to 9 distinct dots of the 3×3 grid, numbered 0–8 row by row, in drawing order. */
export const Pattern = z
  .array(z.number().int().min(0).max(8), { message: 'Le schéma doit être une suite de points.' })
  .min(4, 'Le schéma doit relier au moins 4 points.')
  .max(9, 'Le schéma relie au plus 9 points.')
  .refine((p) => new Set(p).size === p.length, 'Un point ne peut servir qu’une fois dans le schéma.');

export const SetPatternRequest = z.strictObject({ deviceId: DeviceId, pattern: Pattern });
export const PatternLoginRequest = z.strictObject({
  deviceId: DeviceId,
  deviceSecret: DeviceSecret.optional(),
  pattern: Pattern,
});
export const PatternLoginReply = Session;

export const ChangePasswordRequest = z.strictObject({
  current: z.string().min(1, 'Le mot de passe actuel est obligatoire.').max(256),
  next: Password,
});

export const MeReply = z.object({ user: User, mustChangePassword: z.boolean() });
export type MeReply = z.infer<typeof MeReply>;

export const DeviceStatus = z.object({
  deviceId: DeviceId,
  hasPattern: z.boolean(),
  userFirstName: z.string(),
});
