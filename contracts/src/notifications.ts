import { z } from 'zod';
import { Instant, Uuid } from './common.ts';

/** The VAPID public key the browser needs to subscribe (base64url, uncompressed P-256 point). */
export const PushPublicKey = z.object({ publicKey: z.string() });

const Base64Url = z.string().regex(/^[A-Za-z0-9_-]+=*$/, 'Clé de notification invalide.');

/** A Web Push subscription as `PushSubscription.toJSON()` gives it; it belongs to the device that sends it. */
export const CreatePushSubscription = z.strictObject({
  endpoint: z
    .url({ message: 'Adresse de notification invalide.' })
    .max(2000)
    .refine((u) => u.startsWith('https://'), 'Le service de notification doit être en HTTPS.'),
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({
    p256dh: Base64Url.min(80, 'Clé de notification invalide.').max(100, 'Clé de notification invalide.'),
    auth: Base64Url.min(16, 'Clé de notification invalide.').max(32, 'Clé de notification invalide.'),
  }),
});
export type CreatePushSubscription = z.infer<typeof CreatePushSubscription>;
export const PushSubscriptionCreated = z.object({ id: Uuid });

/** What a professional is notified about; account matters (codes, approvals) always go by SMS/e-mail. */
export const NotificationKind = z.enum(['care_requests', 'messages', 'alerts']);
export type NotificationKind = z.infer<typeof NotificationKind>;

const KindChannels = z.strictObject({ push: z.boolean(), sms: z.boolean() });
/** Per kind, push and/or SMS (SMS carries no patient data). Default: push only for every kind. */
export const NotificationChannels = z.strictObject({
  care_requests: KindChannels,
  messages: KindChannels,
  alerts: KindChannels,
});
export type NotificationChannels = z.infer<typeof NotificationChannels>;

/** What the push service delivers to the service worker (JSON, encrypted by Web Push). No patient data. */
export const PushPayload = z.object({
  title: z.string(),
  body: z.string(),
  /** The screen a tap opens, an app path such as `/demandes` or `/messagerie/<id>`. */
  url: z.string().startsWith('/'),
  /** Notifications with the same tag replace each other (a grouped notification keeps one). */
  tag: z.string(),
  kind: z.string(),
  count: z.number().int().min(1).optional(),
});
export type PushPayload = z.infer<typeof PushPayload>;

export const OutboxState = z.enum(['pending', 'sent', 'dead', 'dropped']);
export const OutboxQuery = z.strictObject({
  state: OutboxState.default('dead'),
  userId: Uuid.optional(),
  channel: z.enum(['sms', 'email', 'push']).optional(),
});
/** A delivery as support sees it: who, which channel, why it failed; never the body. */
export const OutboxDelivery = z.object({
  id: Uuid,
  channel: z.enum(['sms', 'email', 'push']),
  kind: z.string(),
  state: OutboxState,
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: Instant,
  user: z.object({ id: Uuid, firstName: z.string(), lastName: z.string() }).nullable(),
});
export type OutboxDelivery = z.infer<typeof OutboxDelivery>;
