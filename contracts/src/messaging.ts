import { z } from 'zod';
import { Profession } from './accounts.ts';
import { Instant, Uuid } from './common.ts';

export const MESSAGE_MAX_LENGTH = 10_000;

export const CreateThread = z.strictObject({
  participantIds: z
    .array(Uuid)
    .min(1, 'Choisissez au moins un destinataire.')
    .max(50, 'Au plus 50 participants.'),
  subject: z.string().trim().max(200, 'Le sujet est trop long (200 caractères au plus).').optional(),
  patientId: Uuid.optional(),
});

export const SendMessage = z.strictObject({
  body: z
    .string({ message: 'Le message est obligatoire.' })
    .trim()
    .min(1, 'Le message est vide.')
    .max(MESSAGE_MAX_LENGTH, 'Le message est trop long (10 000 caractères au plus).'),
});

export const Participant = z.object({
  id: Uuid,
  firstName: z.string(),
  lastName: z.string(),
  profession: Profession.nullable(),
  left: z.boolean(),
});

export const ThreadSummary = z.object({
  id: Uuid,
  subject: z.string().nullable(),
  participants: z.array(Participant),
  lastMessage: z.object({ authorId: Uuid, body: z.string(), sentAt: Instant }).nullable(),
  unread: z.number(),
  updatedAt: Instant,
});
export type ThreadSummary = z.infer<typeof ThreadSummary>;

export const Message = z.object({
  id: Uuid,
  threadId: Uuid,
  authorId: Uuid,
  body: z.string(),
  sentAt: Instant,
  /** Participants (other than the author) who have read it. */
  readBy: z.array(Uuid),
});
export type Message = z.infer<typeof Message>;

export const MessagesQuery = z.strictObject({
  before: Instant.optional(),
  /** With `before`: the id of the oldest message already shown (same-instant messages are kept apart by id). */
  beforeId: Uuid.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
