import { z } from 'zod';
import { AccountStatus, IdentifierType, Profession, Role } from './accounts.ts';
import { Instant, Uuid } from './common.ts';

export const RegistrationSummary = z.object({
  id: Uuid,
  status: AccountStatus,
  identifierType: IdentifierType,
  identifier: z.string(),
  profession: Profession,
  specialty: z.string().nullable(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  mobilePhone: z.string(),
  officeAddress: z.object({ line: z.string(), postalCode: z.string(), city: z.string() }),
  network: z.string().nullable(),
  createdAt: Instant,
  proof: z.object({ mimeType: z.string(), size: z.number() }).nullable(),
  rejectionReason: z.string().nullable(),
  /** What the national directory says of this identifier, when it knows it. */
  directoryCheck: z
    .object({
      found: z.boolean(),
      mismatches: z.array(z.string()),
      directoryName: z.string().nullable(),
      directoryProfession: z.string().nullable(),
    })
    .nullable(),
});
export type RegistrationSummary = z.infer<typeof RegistrationSummary>;

export const RegistrationListQuery = z.strictObject({
  status: AccountStatus.default('pending'),
});

export const RejectRequest = z.strictObject({
  reason: z
    .string({ message: 'Le motif est obligatoire.' })
    .trim()
    .min(3, 'Le motif est obligatoire.')
    .max(500, 'Le motif est trop long.'),
});

export const BlockRequest = z.strictObject({ reason: z.string().trim().max(500).optional() });

export const AccountSummary = z.object({
  id: Uuid,
  role: Role,
  status: AccountStatus,
  identifierType: IdentifierType.nullable(),
  identifier: z.string().nullable(),
  profession: Profession.nullable(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  mobilePhone: z.string().nullable(),
  failedLogins: z.number(),
  mustChangePassword: z.boolean(),
  createdAt: Instant,
});
export type AccountSummary = z.infer<typeof AccountSummary>;

export const AccountList = z.object({ items: z.array(AccountSummary), total: z.number() });
export type AccountList = z.infer<typeof AccountList>;

export const AccountListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  status: AccountStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const Created = z.object({ id: Uuid });

export const AuditRecord = z.object({
  seq: z.number(),
  at: Instant,
  actorId: Uuid.nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  outcome: z.enum(['success', 'failure', 'refused']),
  patientId: Uuid.nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  hash: z.string(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

export const AuditQuery = z.strictObject({
  actorId: Uuid.optional(),
  patientId: Uuid.optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  action: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const AuditVerifyReply = z.object({
  ok: z.boolean(),
  records: z.number(),
  firstBrokenSeq: z.number().nullable(),
});
