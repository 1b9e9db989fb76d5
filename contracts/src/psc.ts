import { z } from 'zod';
import { Email, MobilePhone, OfficeAddress } from './accounts.ts';

/**
 * Pro Santé Connect (D2). The callback ends in a browser redirect, so a refusal reaches the web app as
 * `/connexion?psc_error=<code>`; these are the French messages shown for each code.
 */
export const PSC_ERROR_MESSAGES = {
  psc_unavailable:
    'La connexion e-CPS n’est pas disponible pour le moment. Réessayez plus tard ou connectez-vous avec votre mot de passe.',
  psc_cancelled: 'Connexion e-CPS annulée.',
  psc_state: 'Cette connexion e-CPS a expiré ou a déjà servi. Recommencez avec « Se connecter avec e-CPS ».',
  psc_token: 'Pro Santé Connect n’a pas validé la connexion. Recommencez avec « Se connecter avec e-CPS ».',
  psc_acr:
    'Niveau d’authentification insuffisant : Pro Santé Connect doit confirmer votre identité avec votre e-CPS.',
  psc_identity:
    'Pro Santé Connect n’a pas transmis votre identifiant national (RPPS) : connexion impossible. Contactez le support.',
  psc_profession: 'Votre profession n’est pas encore prise en charge par Relais. Contactez le support.',
  psc_blocked: 'Compte bloqué : contactez le support.',
  psc_rejected: 'Votre inscription a été refusée : contactez le support.',
} as const;
export type PscErrorCode = keyof typeof PSC_ERROR_MESSAGES;

export function pscErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  return code in PSC_ERROR_MESSAGES ? PSC_ERROR_MESSAGES[code as PscErrorCode] : PSC_ERROR_MESSAGES.psc_token;
}

/** What PSC told us about a professional without an account, shown on the "complete your profile" screen. */
export const PscSignupView = z.object({
  firstName: z.string(),
  lastName: z.string(),
  profession: z.string(),
  specialty: z.string().nullable(),
  identifierType: z.enum(['rpps', 'adeli']),
  identifier: z.string(),
  officeAddress: z.object({ line: z.string(), postalCode: z.string(), city: z.string() }).nullable(),
});
export type PscSignupView = z.infer<typeof PscSignupView>;

/** The profile completion: phone and e-mail; the office address only when PSC sent none usable. */
export const PscSignupRequest = z.strictObject({
  email: Email,
  mobilePhone: MobilePhone,
  officeAddress: OfficeAddress.optional(),
});
export type PscSignupRequest = z.infer<typeof PscSignupRequest>;

export const PscLogoutReply = z.object({
  /** Where the browser goes to end the PSC session too (null: the session was not opened through PSC). */
  endSessionUrl: z.string().nullable(),
});
export type PscLogoutReply = z.infer<typeof PscLogoutReply>;

/** Whether the current session was opened through PSC (the logout menu then offers to end it there too). */
export const PscSessionReply = z.object({ viaPsc: z.boolean() });
export type PscSessionReply = z.infer<typeof PscSessionReply>;
