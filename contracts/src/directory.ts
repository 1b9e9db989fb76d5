import { z } from 'zod';
import { IdentifierType, Profession } from './accounts.ts';
import { Instant, Uuid } from './common.ts';

// ---------------------------------------------------------------------------------------------------------------
// National directory (Annuaire Santé): search by anyone logged in.

const SearchText = z
  .string()
  .trim()
  .min(2, 'Saisissez au moins 2 caractères.')
  .max(100, 'Recherche trop longue.');

/** `q`: a name (any order, accents and case ignored, one typo per word tolerated); `identifier`: RPPS, ADELI or IDNPS. */
export const NationalDirectoryQuery = z
  .strictObject({
    q: SearchText.optional(),
    identifier: z
      .string()
      .trim()
      .regex(/^\d{9,12}$/, 'Identifiant RPPS (11 chiffres), ADELI (9 chiffres) ou IDNPS attendu.')
      .optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .refine((v) => v.q !== undefined || v.identifier !== undefined, {
    message: 'Saisissez un nom ou un identifiant.',
    path: ['q'],
  });
export type NationalDirectoryQuery = z.infer<typeof NationalDirectoryQuery>;

export const DirectoryActivityPlace = z.object({
  postalCode: z.string().nullable(),
  communeCode: z.string().nullable(),
  communeName: z.string().nullable(),
});

export const NationalDirectoryEntry = z.object({
  /** IDNPS: the identifier type digit (8 RPPS, 0 ADELI) followed by the identifier. */
  nationalId: z.string(),
  identifierType: IdentifierType,
  identifier: z.string(),
  /** Civility of practice (`DR`, `PR`) when there is one, else the civility (`M`, `MME`). */
  civility: z.string().nullable(),
  firstName: z.string(),
  lastName: z.string(),
  profession: z.object({ code: z.string(), label: z.string().nullable() }),
  /** Savoir-faire (specialty), e.g. `SM53` Spécialiste en Médecine Générale. */
  specialty: z.object({ code: z.string(), label: z.string().nullable() }).nullable(),
  activities: z.array(DirectoryActivityPlace),
  mssante: z.array(z.string()),
  /** False when the person has left the directory since (found by identifier only). */
  active: z.boolean(),
});
export type NationalDirectoryEntry = z.infer<typeof NationalDirectoryEntry>;

export const NationalDirectoryReply = z.object({ items: z.array(NationalDirectoryEntry) });
export type NationalDirectoryReply = z.infer<typeof NationalDirectoryReply>;

// ---------------------------------------------------------------------------------------------------------------
// Directory of Relais users (messaging recipients, colleagues): never an e-mail or a phone.

export const UserDirectoryQuery = z.strictObject({
  q: SearchText,
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type UserDirectoryQuery = z.infer<typeof UserDirectoryQuery>;

export const UserDirectoryEntry = z.object({
  id: Uuid,
  firstName: z.string(),
  lastName: z.string(),
  profession: Profession,
  specialty: z.string().nullable(),
  officeCity: z.string().nullable(),
});
export type UserDirectoryEntry = z.infer<typeof UserDirectoryEntry>;

export const UserDirectoryReply = z.object({ items: z.array(UserDirectoryEntry) });
export type UserDirectoryReply = z.infer<typeof UserDirectoryReply>;

// ---------------------------------------------------------------------------------------------------------------
// Import (support): `POST /api/admin/directory/import` takes either a multipart form with the two files (fields
// `persons` = PS_LibreAcces_Personne_activite_*.txt and `mssante` = Extraction_Correspondance_MSSante_*.txt),
// or this JSON naming a folder inside the server's data directory, whose newest pair of files is imported.

export const DirectoryImportRequest = z.strictObject({
  folder: z.string().trim().min(1, 'Dossier attendu.').max(500),
  /** Import even when the new file holds less than half the persons active today (a truncated file?). */
  force: z.boolean().optional(),
});
export type DirectoryImportRequest = z.infer<typeof DirectoryImportRequest>;

export const ImportStarted = z.object({ jobId: Uuid });

export const JobState = z.enum(['queued', 'running', 'succeeded', 'failed']);
export type JobState = z.infer<typeof JobState>;

export const JobLineError = z.object({
  /** Which file (its name), when the job read several. */
  file: z.string().optional(),
  line: z.number(),
  reason: z.string(),
});
export type JobLineError = z.infer<typeof JobLineError>;

export const DirectoryImportResult = z.object({
  persons: z.number(),
  added: z.number(),
  changed: z.number(),
  reactivated: z.number(),
  deactivated: z.number(),
  unchanged: z.number(),
  mailboxes: z.number(),
  duplicates: z.number(),
  encoding: z.object({ persons: z.string(), mssante: z.string() }),
  files: z.object({ persons: z.string(), mssante: z.string() }),
});
export type DirectoryImportResult = z.infer<typeof DirectoryImportResult>;

export const JobReply = z.object({
  id: Uuid,
  kind: z.string(),
  state: JobState,
  progress: z.object({
    /** Data lines read, both files together. */
    rows: z.number(),
    persons: z.number(),
    malformed: z.number(),
    mailboxes: z.number().optional(),
    /** What the job is doing now: `reading`, `indexing`, `switching`… */
    step: z.string().optional(),
  }),
  /** The first 100 malformed lines. */
  errors: z.array(JobLineError),
  /** Why the job failed, in French. */
  failure: z.string().nullable(),
  result: DirectoryImportResult.nullable(),
  createdAt: Instant,
  startedAt: Instant.nullable(),
  finishedAt: Instant.nullable(),
});
export type JobReply = z.infer<typeof JobReply>;
