/**
 * Bulk fixtures for the restart test and the push-fanout benchmark (not loaded by the server): thousands of active
 * professionals, each with a device subscribed on a test push endpoint, and an open care request whose pool they
 * form, written with the statements the application uses (sealed subscription keys, the outbox's enqueueMany).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import type { DbOrTx } from '../db/client.ts';
import type { DataCipher } from '../shared/crypto.ts';
import { enqueueMany } from './enqueue.ts';
import { sealSubscriptionKeys } from './push.ts';
import type { TestSubscription } from './test-peers.ts';

const array = (values: string[]) => `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

export interface SeededUsers {
  userIds: string[];
  /** The subscription name of each user on the endpoint (its last path segment). */
  names: string[];
}

/** `n` active nurses, each with one device subscribed through `subscribe`. */
export async function seedSubscribedUsers(
  db: DbOrTx,
  clock: Clock,
  cipher: DataCipher,
  n: number,
  subscribe: (name: string) => TestSubscription,
): Promise<SeededUsers> {
  const now = clock.now().toISOString();
  const run = randomUUID().slice(0, 8);
  const userIds = Array.from({ length: n }, () => randomUUID());
  const deviceIds = userIds.map(() => randomUUID());
  const subscriptionIds = userIds.map(() => randomUUID());
  const names = userIds.map((_, i) => `${run}-${i}`);
  const subscriptions = names.map((name) => subscribe(name));
  for (let from = 0; from < n; from += 2000) {
    const slice = (values: string[]) => array(values.slice(from, from + 2000));
    const idx = userIds.slice(from, from + 2000).map((_, i) => String(from + i));
    await db.execute(sql`
      INSERT INTO users (id, role, status, identifier_type, identifier, profession, first_name, last_name, name_key, email,
                         mobile_phone, created_at, updated_at)
      SELECT u.id, 'professional', 'active', 'rpps', ${`9${run}`} || u.i, '60', 'Infirmière', 'N' || u.i, 'n' || u.i,
             ${`bench-${run}-`} || u.i || '@relais.test', NULL, ${now}, ${now}
      FROM unnest(${slice(userIds)}::uuid[], ${array(idx)}::text[]) AS u(id, i)`);
    await db.execute(sql`
      INSERT INTO devices (id, user_id, secret_hash, created_at, last_used_at)
      SELECT d.id, d.user_id, 'x', ${now}, ${now} FROM unnest(${slice(deviceIds)}::uuid[], ${slice(userIds)}::uuid[]) AS d(id, user_id)`);
    const sealed = subscriptionIds
      .slice(from, from + 2000)
      .map((id, i) =>
        sealSubscriptionKeys(cipher, id, (subscriptions[from + i] as TestSubscription).keys).toString('hex'),
      );
    await db.execute(sql`
      INSERT INTO push_subscriptions (id, user_id, device_id, endpoint, keys, created_at, updated_at)
      SELECT s.id, s.user_id, s.device_id, s.endpoint, decode(s.keys, 'hex'), ${now}, ${now}
      FROM unnest(${slice(subscriptionIds)}::uuid[], ${slice(userIds)}::uuid[], ${slice(deviceIds)}::uuid[],
                  ${array(subscriptions.slice(from, from + 2000).map((s) => s.endpoint))}::text[], ${array(sealed)}::text[])
           AS s(id, user_id, device_id, endpoint, keys)`);
  }
  return { userIds, names };
}

/** An open request (4 hours to answer) whose pool is `recipients`: a patient, the request, its recipients. */
export async function seedOpenRequest(
  db: DbOrTx,
  clock: Clock,
  cipher: DataCipher,
  declencheurId: string,
  recipients: string[],
): Promise<string> {
  const now = clock.now();
  const patientId = randomUUID();
  const requestId = randomUUID();
  const sealed = (v: unknown) => cipher.sealJson(v, `fixture:${patientId}`);
  await db.execute(sql`
    INSERT INTO patients (id, identity, contact, location, commune_insee, cell_id, cell_lat, cell_lon, cell_radius_m,
                          created_by, created_at, updated_at)
    VALUES (${patientId}, ${sealed({})}, ${sealed({})}, ${sealed({})}, '91228', 'bench', 48.6, 2.4, 1000,
            ${declencheurId}, ${now.toISOString()}, ${now.toISOString()})`);
  await db.execute(sql`
    INSERT INTO care_requests (id, patient_id, declencheur_id, profession, care_type, details, description, home_visit,
                               response_minutes, commune_insee, status, phase, created_at, priority_until, expires_at,
                               pool_opened_at)
    VALUES (${requestId}, ${patientId}, ${declencheurId}, '60', 'pansement', '{}'::jsonb, ${sealed('')}, true, 240, '91228',
            'open', 'pool', ${now.toISOString()}, ${now.toISOString()},
            ${new Date(now.getTime() + 240 * 60_000).toISOString()}, ${now.toISOString()})`);
  for (let from = 0; from < recipients.length; from += 5000)
    await db.execute(sql`
      INSERT INTO care_request_recipients (request_id, user_id, via, added_at)
      SELECT ${requestId}, u, 'pool', ${now.toISOString()} FROM unnest(${array(recipients.slice(from, from + 5000))}::uuid[]) AS u`);
  return requestId;
}

/** The push rows a pool opening writes (as the dispatch does): one per recipient, in the caller's transaction. */
export async function enqueuePoolPushes(
  tx: DbOrTx,
  clock: Clock,
  cipher: DataCipher,
  requestId: string,
  recipients: string[],
  kind = 'care_request.new',
): Promise<void> {
  await enqueueMany(
    tx,
    clock,
    cipher,
    recipients.map((userId) => ({
      channel: 'push' as const,
      recipient: userId,
      userId,
      kind,
      body: 'Nouvelle demande de prise en charge sur Relais',
      idempotencyKey: `${kind}:${requestId}:${userId}`,
    })),
  );
}
