import { z } from 'zod';

export const Uuid = z.uuid({ message: 'Identifiant invalide.' });
export const Instant = z.iso.datetime();

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Per-field problems in a 400 answer: `details.fields["officeAddress.postalCode"] = "…"`. */
export const FieldErrors = z.record(z.string(), z.string());

export const Ok = z.object({ ok: z.literal(true) });
