import { randomUUID } from 'node:crypto';
import { Agent } from 'node:https';
import { sql } from 'drizzle-orm';
import webPush from 'web-push';
import type { CreatePushSubscription, PushPayload } from '@relais/contracts';
import { rows, type DbOrTx } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import type { DataCipher } from '../shared/crypto.ts';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

const vapidCache = new WeakMap<object, Promise<VapidKeys>>();

/**
 * The server's VAPID key pair: generated at first need and kept in the database (private half encrypted), so
 * every process and every restart signs with the same key; processes starting together keep the first insert.
 */
export function vapidKeys(deps: Deps): Promise<VapidKeys> {
  let found = vapidCache.get(deps.db);
  if (!found) {
    found = loadOrCreateVapidKeys(deps).catch((error: unknown) => {
      vapidCache.delete(deps.db);
      throw error;
    });
    vapidCache.set(deps.db, found);
  }
  return found;
}

async function loadOrCreateVapidKeys(deps: Deps): Promise<VapidKeys> {
  const generated = webPush.generateVAPIDKeys();
  await deps.db.execute(sql`
    INSERT INTO push_vapid_keys (id, public_key, private_key, created_at)
    VALUES (1, ${generated.publicKey},
            ${deps.cipher.encrypt(generated.privateKey, 'push_vapid_keys:1')},
            ${deps.clock.now().toISOString()})
    ON CONFLICT (id) DO NOTHING`);
  const [row] = await rows<{ public_key: string; private_key: Uint8Array }>(
    deps.db,
    sql`SELECT public_key, private_key FROM push_vapid_keys WHERE id = 1`,
  );
  if (!row) throw new Error('VAPID keys missing after insert');
  return {
    publicKey: row.public_key,
    privateKey: deps.cipher.decryptText(Buffer.from(row.private_key), 'push_vapid_keys:1'),
    subject: vapidSubject(deps.config.publicUrl),
  };
}

/** Push services contact the sender through the subject: the public https URL, else a mailto on its host. */
function vapidSubject(publicUrl: string): string {
  const url = new URL(publicUrl);
  return url.protocol === 'https:' && url.hostname !== 'localhost'
    ? url.origin
    : 'mailto:contact@relais.invalid';
}

/** D21: the subscription keys (`auth` is a secret) are encrypted at rest, bound to the subscription id. */
export const sealSubscriptionKeys = (cipher: DataCipher, id: string, keys: CreatePushSubscription['keys']) =>
  cipher.sealJson({ p256dh: keys.p256dh, auth: keys.auth }, `push_subscriptions:${id}`);

/**
 * Subscribes the caller's device: a device has one subscription (a new one replaces the previous), and an
 * endpoint seen before (the same browser) moves to this device and user with its new keys.
 */
export async function savePushSubscription(
  deps: Deps,
  userId: string,
  deviceId: string,
  input: CreatePushSubscription,
): Promise<string> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now().toISOString();
    await tx.execute(
      sql`DELETE FROM push_subscriptions WHERE device_id = ${deviceId} AND endpoint <> ${input.endpoint}`,
    );
    const [existing] = await rows<{ id: string }>(
      tx,
      sql`SELECT id FROM push_subscriptions WHERE endpoint = ${input.endpoint} FOR UPDATE`,
    );
    const id = existing?.id ?? randomUUID();
    const keys = sealSubscriptionKeys(deps.cipher, id, input.keys);
    if (existing)
      await tx.execute(sql`UPDATE push_subscriptions SET user_id = ${userId}, device_id = ${deviceId},
                             keys = ${keys}, updated_at = ${now} WHERE id = ${id}`);
    else
      await tx.execute(sql`INSERT INTO push_subscriptions (id, user_id, device_id, endpoint, keys, created_at, updated_at)
                             VALUES (${id}, ${userId}, ${deviceId}, ${input.endpoint}, ${keys}, ${now}, ${now})`);
    return id;
  });
}

/** Removes one of the caller's subscriptions; false when it is not theirs (or does not exist). */
export async function deletePushSubscription(db: DbOrTx, userId: string, id: string): Promise<boolean> {
  const deleted = await rows<{ id: string }>(
    db,
    sql`DELETE FROM push_subscriptions WHERE id = ${id} AND user_id = ${userId} RETURNING id`,
  );
  return deleted.length > 0;
}

export interface StoredSubscription {
  id: string;
  userId: string;
  endpoint: string;
  /** Null when the keys cannot be read (wrong data key, tampered row): a poisoned subscription. */
  keys: { p256dh: string; auth: string } | null;
}

/** Every subscription of these users, in one query (a batch of deliveries resolves its devices at once). */
export async function subscriptionsOf(
  deps: Deps,
  userIds: string[],
): Promise<Map<string, StoredSubscription[]>> {
  const byUser = new Map<string, StoredSubscription[]>();
  if (userIds.length === 0) return byUser;
  const found = await rows<{ id: string; user_id: string; endpoint: string; keys: Uint8Array }>(
    deps.db,
    sql`SELECT id, user_id, endpoint, keys FROM push_subscriptions
        WHERE user_id = ANY(${`{${userIds.join(',')}}`}::uuid[]) ORDER BY created_at`,
  );
  for (const r of found) {
    let keys: StoredSubscription['keys'] = null;
    try {
      keys = deps.cipher.openJson<{ p256dh: string; auth: string }>(
        Buffer.from(r.keys),
        `push_subscriptions:${r.id}`,
      );
    } catch {
      keys = null;
    }
    const list = byUser.get(r.user_id) ?? [];
    list.push({ id: r.id, userId: r.user_id, endpoint: r.endpoint, keys });
    byUser.set(r.user_id, list);
  }
  return byUser;
}

export interface PushOptions {
  ttlSeconds: number;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
  topic?: string;
}

export type PushResult =
  | { outcome: 'accepted' }
  /** 404/410: the browser unsubscribed or the subscription expired; it must be removed. */
  | { outcome: 'gone'; status: number }
  /** Refused for good (bad request, bad key, payload too large, not HTTPS): retrying changes nothing. */
  | { outcome: 'refused'; detail: string }
  /** The push service is down, slow or overloaded (5xx, 429, network): retry later. */
  | { outcome: 'retry'; detail: string };

export interface PushTransport {
  send(subscription: StoredSubscription, payload: PushPayload, options: PushOptions): Promise<PushResult>;
}

const VAPID_TTL_S = 12 * 3600;

/**
 * Web Push through `web-push`: payload encrypted (aes128gcm) for the subscription's keys, VAPID-signed. The VAPID
 * JWT is signed once per push service origin and reused for 11 hours (it is valid 12), and one keep-alive agent
 * carries every request, so a pool of thousands costs one ECDH per recipient and no TLS handshake per push.
 */
export function webPushTransport(keys: VapidKeys, agent?: Agent, timeoutMs = 10_000): PushTransport {
  const httpsAgent = agent ?? new Agent({ keepAlive: true, maxSockets: 128 });
  const authorizations = new Map<string, { header: string; until: number }>();
  const authorization = (endpoint: string) => {
    const audience = new URL(endpoint).origin;
    const cached = authorizations.get(audience);
    if (cached && cached.until > Date.now()) return cached.header;
    const headers = webPush.getVapidHeaders(
      audience,
      keys.subject,
      keys.publicKey,
      keys.privateKey,
      'aes128gcm',
      Math.floor(Date.now() / 1000) + VAPID_TTL_S,
    );
    authorizations.set(audience, { header: headers.Authorization, until: Date.now() + 11 * 3600_000 });
    return headers.Authorization;
  };
  return {
    async send(subscription, payload, options) {
      if (!subscription.keys) return { outcome: 'refused', detail: 'Clés d’abonnement illisibles' };
      if (!subscription.endpoint.startsWith('https://'))
        return { outcome: 'refused', detail: 'Service de notification non HTTPS' };
      try {
        await webPush.sendNotification(
          { endpoint: subscription.endpoint, keys: subscription.keys },
          JSON.stringify(payload),
          {
            // No vapidDetails: the Authorization header below carries the cached VAPID signature.
            headers: { Authorization: authorization(subscription.endpoint) },
            TTL: options.ttlSeconds,
            urgency: options.urgency,
            ...(options.topic ? { topic: options.topic } : {}),
            contentEncoding: 'aes128gcm',
            agent: httpsAgent,
            timeout: timeoutMs,
          },
        );
        return { outcome: 'accepted' };
      } catch (error) {
        if (error instanceof webPush.WebPushError) {
          const status = error.statusCode;
          if (status === 404 || status === 410) return { outcome: 'gone', status };
          if (status === 429 || status >= 500)
            return { outcome: 'retry', detail: `Service de notification : ${status}` };
          return { outcome: 'refused', detail: `Service de notification : refus ${status}` };
        }
        const message = error instanceof Error ? error.message : String(error);
        // Bad keys make web-push throw before any request: nothing a retry can fix.
        if (/p256dh|auth|subscription|endpoint|key/i.test(message) && !/socket|ECONN|timeout/i.test(message))
          return { outcome: 'refused', detail: `Abonnement invalide : ${message.slice(0, 200)}` };
        return { outcome: 'retry', detail: `Service de notification injoignable : ${message.slice(0, 200)}` };
      }
    },
  };
}
