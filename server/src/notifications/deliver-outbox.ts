import { sql } from 'drizzle-orm';
import {
  NotificationChannels,
  NotificationSchedule,
  defaultNotificationSchedule,
  type NotificationKind,
} from '@relais/contracts';
import { rows, type DbOrTx } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { isNotifiable, nextNotifiableInstant } from '../professionals/notification-schedule.ts';
import { decryptOutboxBody, enqueueMany, type Channel } from './enqueue.ts';
import { PermanentDeliveryError, type Sender } from './channels.ts';
import {
  defaultNotificationChannels,
  familyOf,
  groupedPayload,
  pushOptions,
  relevanceOf,
  singlePayload,
  smsText,
  subjectOf,
  type Relevance,
} from './notification-kinds.ts';
import { subscriptionsOf, type PushTransport, type StoredSubscription } from './push.ts';

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 60_000;
/** Rows claimed per pass: a Paris pool (7,000 recipients) leaves in a few passes. */
export const DELIVERY_BATCH = 1000;
/** Sends in flight at once, across users (one user's notifications leave in order, one after the other). */
export const DELIVERY_CONCURRENCY = 64;
/** D6: a notification held back longer than this (a week without any notifiable hour) is dropped. */
export const MAX_POSTPONE_MS = 8 * 86_400_000;

/** Exponential backoff with full jitter: 5 s, 10 s, 20 s… capped at one hour. */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const ceiling = Math.min(3_600_000, 5_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface DeliverySenders {
  sms: Sender;
  email: Sender;
  /** Web Push (VAPID keys come from the database, hence resolved when first needed). */
  push: () => Promise<PushTransport>;
}

interface Claimed {
  id: string;
  channel: Channel;
  recipient: string;
  user_id: string | null;
  kind: string;
  subject: string | null;
  body: Buffer | Uint8Array;
  attempts: number;
  idempotency_key: string;
  postponed_at: string | Date | null;
  created_at: string | Date;
}

type Outcome =
  | { state: 'sent' }
  | { state: 'dropped'; reason: string }
  | { state: 'dead'; reason: string }
  | { state: 'retry'; reason: string; until?: Date }
  /** D6: back to pending until the user's hours start; not an attempt. */
  | { state: 'postponed'; until: Date }
  /** Not tried: an earlier notification of the same user must leave first. */
  | { state: 'released'; until: Date };

/** A unit of sending: one row, or the rows D6 held back for one user and family (one grouped notification). */
interface Unit {
  rows: Claimed[];
  /** Sends in one user's queue leave in order. */
  queue: string;
  family: NotificationKind | null;
  relevance?: Relevance;
  /** For push units: the SMS the user also (or instead) wants for this notification. */
  viaPush: boolean;
}

const NOTIFICATION_KIND = (alias: string) =>
  sql.raw(
    `(${alias}.kind LIKE 'care_request.%' OR ${alias}.kind LIKE 'message.%' OR ${alias}.kind LIKE 'alert.%')`,
  );

const textArray = (values: (string | null)[]) =>
  `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;

/**
 * Claims due deliveries (SKIP LOCKED, so any number of processes share the work) and leases them. A user's
 * notification waits while an earlier one on the same channel is being retried, so that they arrive in order (one
 * held back by D6 does not block: the next one is held back to the same instant); rows that D6 held back for a
 * user are claimed together, to leave as one.
 */
async function claim(deps: Deps, now: Date, limit: number): Promise<Claimed[]> {
  const at = now.toISOString();
  return deps.db.transaction(async (tx) => {
    const due = await rows<Claimed>(
      tx,
      sql`SELECT o.id, o.channel, o.recipient, o.user_id, o.kind, o.subject, o.body, o.attempts, o.idempotency_key,
                 o.postponed_at, o.created_at
          FROM outbox o
          WHERE o.state = 'pending' AND o.next_attempt_at <= ${at}
            AND NOT (o.user_id IS NOT NULL AND ${NOTIFICATION_KIND('o')} AND EXISTS (
              SELECT 1 FROM outbox p WHERE p.state = 'pending' AND p.user_id = o.user_id AND p.channel = o.channel
                AND p.created_at < o.created_at AND p.next_attempt_at > ${at} AND p.postponed_at IS NULL
                AND ${NOTIFICATION_KIND('p')}))
          ORDER BY o.next_attempt_at, o.created_at LIMIT ${limit} FOR UPDATE OF o SKIP LOCKED`,
    );
    const heldUsers = [
      ...new Set(due.filter((d) => d.postponed_at && d.user_id).map((d) => d.user_id as string)),
    ];
    if (heldUsers.length) {
      const more = await rows<Claimed>(
        tx,
        sql`SELECT id, channel, recipient, user_id, kind, subject, body, attempts, idempotency_key, postponed_at,
                   created_at
            FROM outbox
            WHERE state = 'pending' AND postponed_at IS NOT NULL AND next_attempt_at <= ${at}
              AND user_id = ANY(${`{${heldUsers.join(',')}}`}::uuid[])
              AND id <> ALL(${`{${due.map((d) => d.id).join(',')}}`}::uuid[])
            FOR UPDATE SKIP LOCKED`,
      );
      due.push(...more);
    }
    if (due.length)
      await tx.execute(sql`UPDATE outbox SET attempts = attempts + 1,
            next_attempt_at = ${new Date(now.getTime() + LEASE_MS).toISOString()}
          WHERE id = ANY(${`{${due.map((d) => d.id).join(',')}}`}::uuid[])`);
    return due;
  });
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function withConcurrency<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

interface Preferences {
  schedules: Map<string, NotificationSchedule>;
  channels: Map<string, NotificationChannels>;
  phones: Map<string, string | null>;
}

const parseJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

async function preferencesOf(db: DbOrTx, userIds: string[]): Promise<Preferences> {
  const prefs: Preferences = { schedules: new Map(), channels: new Map(), phones: new Map() };
  if (!userIds.length) return prefs;
  const ids = `{${userIds.join(',')}}`;
  const found = await rows<{ id: string; mobile_phone: string | null; days: unknown; channels: unknown }>(
    db,
    sql`SELECT u.id, u.mobile_phone, s.days, c.channels FROM users u
        LEFT JOIN notification_schedules s ON s.professional_id = u.id
        LEFT JOIN notification_channels c ON c.user_id = u.id
        WHERE u.id = ANY(${ids}::uuid[])`,
  );
  for (const f of found) {
    prefs.phones.set(f.id, f.mobile_phone);
    const schedule = f.days ? NotificationSchedule.safeParse({ days: parseJson(f.days) }) : null;
    if (schedule?.success) prefs.schedules.set(f.id, schedule.data);
    const channels = f.channels ? NotificationChannels.safeParse(parseJson(f.channels)) : null;
    if (channels?.success) prefs.channels.set(f.id, channels.data);
  }
  return prefs;
}

interface SmsToSpawn {
  userId: string;
  phone: string;
  kind: string;
  body: string;
  idempotencyKey: string;
}

/**
 * One pass of the delivery worker: claims a batch, decides for each row (D6 hours, relevance, channel choice),
 * sends with bounded concurrency, records every outcome in one transaction. A row that cannot be handled
 * (unreadable body, malformed subscription) goes dead; the pass goes on. Returns how many rows were claimed.
 */
export async function deliverDueOutbox(
  deps: Deps,
  senders: DeliverySenders,
  limit = DELIVERY_BATCH,
): Promise<number> {
  const now = deps.clock.now();
  const t0 = performance.now();
  const claimed = await claim(deps, now, limit);
  if (claimed.length === 0) return 0;
  const t1 = performance.now();
  const outcomes = new Map<string, Outcome>();
  const spawned: SmsToSpawn[] = [];
  const goneSubscriptions = new Set<string>();

  // 1. Decide: D6 hours, relevance, channel choice.
  const notifications = claimed.filter((r) => r.user_id && familyOf(r.kind));
  const users = [...new Set(notifications.map((r) => r.user_id as string))];
  const prefs = await preferencesOf(deps.db, users);
  const relevance = await relevanceOf(
    deps,
    notifications.map((r) => ({
      id: r.id,
      kind: r.kind,
      userId: r.user_id as string,
      idempotencyKey: r.idempotency_key,
      postponed: r.postponed_at !== null,
    })),
    now,
  );
  const units: Unit[] = [];
  const grouped = new Map<string, Unit>();
  const ordered = [...claimed].sort(
    (a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime(),
  );
  for (const row of ordered)
    try {
      decide(row);
    } catch (error) {
      // A row that cannot even be decided on: dead with the reason, the others go on.
      const message = error instanceof Error ? error.message : String(error);
      outcomes.set(row.id, { state: 'dead', reason: `Livraison impossible : ${message}`.slice(0, 300) });
    }
  function decide(row: Claimed): void {
    const family = row.user_id ? familyOf(row.kind) : null;
    if (!family || !row.user_id) {
      units.push({ rows: [row], queue: `${row.channel}:${row.recipient}`, family: null, viaPush: false });
      return;
    }
    const userId = row.user_id;
    const schedule = prefs.schedules.get(userId) ?? defaultNotificationSchedule();
    if (!isNotifiable(schedule, now)) {
      const next = nextNotifiableInstant(schedule, now);
      const age = now.getTime() - new Date(row.created_at).getTime();
      if (!next)
        outcomes.set(row.id, {
          state: 'dropped',
          reason: 'Aucune heure de notification : tous les jours sont indisponibles (D6)',
        });
      else if (age + (next.getTime() - now.getTime()) > MAX_POSTPONE_MS)
        outcomes.set(row.id, {
          state: 'dropped',
          reason: 'Reportée plus de 8 jours par les heures de notification (D6)',
        });
      else outcomes.set(row.id, { state: 'postponed', until: next });
      return;
    }
    const rel = relevance.get(row.id);
    if (rel?.dropReason) {
      outcomes.set(row.id, { state: 'dropped', reason: rel.dropReason });
      return;
    }
    if (row.channel !== 'push') {
      // An SMS or e-mail about a notification (spawned below in an earlier pass): sent as it is.
      units.push({
        rows: [row],
        queue: `${row.channel}:${userId}`,
        family,
        viaPush: false,
        ...(rel ? { relevance: rel } : {}),
      });
      return;
    }
    const channels = (prefs.channels.get(userId) ?? defaultNotificationChannels())[family];
    if (!channels.push && !channels.sms) {
      outcomes.set(row.id, { state: 'dropped', reason: 'Aucun canal choisi pour ce type de notification' });
      return;
    }
    if (row.postponed_at) {
      const key = `${userId}:${family}`;
      const unit = grouped.get(key);
      if (unit) unit.rows.push(row);
      else {
        const created: Unit = {
          rows: [row],
          queue: `push:${userId}`,
          family,
          viaPush: true,
          ...(rel ? { relevance: rel } : {}),
        };
        grouped.set(key, created);
        units.push(created);
      }
      return;
    }
    units.push({
      rows: [row],
      queue: `push:${userId}`,
      family,
      viaPush: true,
      ...(rel ? { relevance: rel } : {}),
    });
  }

  // 2. SMS wanted instead of, or beside, push: an outbox row of its own (its own retries, the gateway's
  // idempotency key), written with the outcomes below.
  for (const unit of units) {
    if (!unit.viaPush || !unit.family) continue;
    const first = unit.rows[0] as Claimed;
    const userId = first.user_id as string;
    const channels = (prefs.channels.get(userId) ?? defaultNotificationChannels())[unit.family];
    if (!channels.sms) continue;
    const phone = prefs.phones.get(userId);
    if (phone)
      spawned.push({
        userId,
        phone,
        kind: first.kind,
        body: smsText(unit.family, first.kind, unit.rows.length),
        idempotencyKey: `${first.idempotency_key}:sms`,
      });
    if (!channels.push)
      for (const r of unit.rows)
        outcomes.set(r.id, {
          state: 'dropped',
          reason: phone ? 'Envoyée par SMS (préférence)' : 'SMS choisi mais aucun numéro de mobile',
        });
  }
  const toSend = units.filter((u) => u.rows.every((r) => !outcomes.has(r.id)));

  const t2 = performance.now();
  // 3. Send: one query for every subscription of the batch, then bounded concurrency, each user's queue in order.
  const pushUsers = [...new Set(toSend.filter((u) => u.viaPush).map((u) => u.rows[0]?.user_id as string))];
  const subscriptions = pushUsers.length
    ? await subscriptionsOf(deps, pushUsers)
    : new Map<string, StoredSubscription[]>();
  const push = pushUsers.length ? await senders.push() : null;
  const queues = new Map<string, Unit[]>();
  for (const unit of toSend) {
    const list = queues.get(unit.queue) ?? [];
    list.push(unit);
    queues.set(unit.queue, list);
  }
  const sendUnit = async (unit: Unit): Promise<Outcome> => {
    const first = unit.rows[0] as Claimed;
    if (unit.viaPush && unit.family && push) {
      const subs = subscriptions.get(first.user_id as string) ?? [];
      if (subs.length === 0) return { state: 'dropped', reason: 'Aucun appareil abonné aux notifications' };
      const payload =
        unit.rows.length > 1
          ? groupedPayload(
              unit.family,
              unit.rows.map((r) => r.kind),
              unit.rows.length,
            )
          : {
              ...singlePayload(
                first.kind,
                decryptOutboxBody(deps.cipher, { id: first.id, body: Buffer.from(first.body) }),
                subjectOf(first.idempotency_key),
                unit.relevance?.url,
              ),
              // Held back by D6: the notification the hours' start brings, even when it is the only one.
              ...(first.postponed_at ? { count: 1 } : {}),
            };
      const options = pushOptions(first.kind, unit.relevance?.deadline, deps.clock.now());
      const results = await Promise.all(subs.map((s) => push.send(s, payload, options)));
      let retry: string | null = null;
      let refused: string | null = null;
      let accepted = false;
      for (const [i, r] of results.entries()) {
        if (r.outcome === 'accepted') accepted = true;
        else if (r.outcome === 'gone') goneSubscriptions.add((subs[i] as StoredSubscription).id);
        else if (r.outcome === 'retry') retry ??= r.detail;
        else refused ??= r.detail;
      }
      // One device took it: sent (a retry would ring that device again; the push service cannot dedupe).
      if (accepted) return { state: 'sent' };
      if (retry) return { state: 'retry', reason: retry };
      if (refused) return { state: 'dead', reason: refused };
      return { state: 'dropped', reason: 'Abonnements expirés (404/410) : supprimés' };
    }
    try {
      await senders[first.channel === 'email' ? 'email' : 'sms']({
        id: first.id,
        channel: first.channel,
        recipient: first.recipient,
        kind: first.kind,
        subject: first.subject,
        body: decryptOutboxBody(deps.cipher, { id: first.id, body: Buffer.from(first.body) }),
        idempotencyKey: first.idempotency_key,
      });
      return { state: 'sent' };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return error instanceof PermanentDeliveryError
        ? { state: 'dead', reason: message }
        : { state: 'retry', reason: message };
    }
  };
  // What was sent is recorded every FLUSH_MS while the batch goes on: a crash then resends only the pushes of
  // the last moments (the push service cannot deduplicate), not the whole batch.
  const flushed = new Set<string>();
  let flushing: Promise<void> = Promise.resolve();
  let lastFlush = performance.now();
  let unflushedSent: string[] = [];
  const flush = (force: boolean) => {
    if (unflushedSent.length === 0 || (!force && performance.now() - lastFlush < FLUSH_MS)) return;
    lastFlush = performance.now();
    const ids = unflushedSent;
    unflushedSent = [];
    for (const id of ids) flushed.add(id);
    flushing = flushing
      .then(() => markSent(deps, ids))
      .catch((error: unknown) => {
        deps.log.warn({ err: error }, 'recording sent deliveries failed; recorded with the batch');
        for (const id of ids) flushed.delete(id);
      });
  };
  await withConcurrency([...queues.values()], DELIVERY_CONCURRENCY, async (queue) => {
    let blockedUntil: Date | null = null;
    for (const unit of queue) {
      if (blockedUntil) {
        for (const r of unit.rows) outcomes.set(r.id, { state: 'released', until: blockedUntil });
        continue;
      }
      let outcome: Outcome;
      try {
        outcome = await sendUnit(unit);
      } catch (error) {
        // A poisoned row (unreadable body, malformed subscription): dead, and the worker goes on.
        outcome = {
          state: 'dead',
          reason: `Livraison impossible : ${error instanceof Error ? error.message : String(error)}`.slice(
            0,
            300,
          ),
        };
      }
      for (const r of unit.rows) {
        const attempts = r.attempts + 1;
        let final: Outcome = outcome;
        if (outcome.state === 'retry' && attempts >= MAX_ATTEMPTS)
          final = { state: 'dead', reason: outcome.reason };
        else if (outcome.state === 'retry') {
          const until = new Date(deps.clock.now().getTime() + retryDelayMs(attempts));
          if (!blockedUntil || until > blockedUntil) blockedUntil = until;
          final = { state: 'retry', reason: outcome.reason, until };
        }
        outcomes.set(r.id, final);
        if (final.state === 'sent') unflushedSent.push(r.id);
        if (final.state === 'retry' || final.state === 'dead')
          deps.log.warn(
            { outboxId: r.id, channel: r.channel, kind: r.kind, attempts, state: final.state },
            'delivery failed',
          );
      }
      flush(false);
    }
  });
  flush(true);
  await flushing;

  // 4. Record every outcome (one statement), remove gone subscriptions, write the SMS wanted, in one transaction.
  const t3 = performance.now();
  await record(
    deps,
    claimed.filter((r) => !flushed.has(r.id)),
    outcomes,
    spawned,
    goneSubscriptions,
  );
  deps.log.debug(
    {
      rows: claimed.length,
      claimMs: Math.round(t1 - t0),
      planMs: Math.round(t2 - t1),
      sendMs: Math.round(t3 - t2),
      recordMs: Math.round(performance.now() - t3),
    },
    'delivery pass',
  );
  return claimed.length;
}

const FLUSH_MS = 100;

async function markSent(deps: Deps, ids: string[]): Promise<void> {
  await deps.db
    .execute(sql`UPDATE outbox SET state = 'sent', sent_at = ${deps.clock.now().toISOString()}, last_error = NULL
      WHERE id = ANY(${`{${ids.join(',')}}`}::uuid[]) AND state = 'pending'`);
}

async function record(
  deps: Deps,
  claimed: Claimed[],
  outcomes: Map<string, Outcome>,
  spawned: SmsToSpawn[],
  gone: Set<string>,
): Promise<void> {
  const now = deps.clock.now().toISOString();
  if (claimed.length === 0 && spawned.length === 0 && gone.size === 0) return;
  const ids: string[] = [];
  const states: string[] = [];
  const errors: (string | null)[] = [];
  const nexts: (string | null)[] = [];
  const sent: (string | null)[] = [];
  const deltas: string[] = [];
  const postponed: (string | null)[] = [];
  for (const row of claimed) {
    const o = outcomes.get(row.id) ?? { state: 'retry', reason: 'Non traitée' };
    ids.push(row.id);
    switch (o.state) {
      case 'sent':
        states.push('sent');
        errors.push(null);
        nexts.push(null);
        sent.push(now);
        deltas.push('0');
        postponed.push(null);
        break;
      case 'dropped':
      case 'dead':
        states.push(o.state);
        errors.push(o.reason.slice(0, 500));
        nexts.push(null);
        sent.push(null);
        deltas.push('0');
        postponed.push(null);
        break;
      case 'retry':
        states.push('pending');
        errors.push(o.reason.slice(0, 500));
        sent.push(null);
        deltas.push('0');
        postponed.push(null);
        nexts.push((o.until ?? new Date(Date.parse(now) + retryDelayMs(row.attempts + 1))).toISOString());
        break;
      case 'postponed':
        states.push('pending');
        errors.push(null);
        nexts.push(o.until.toISOString());
        sent.push(null);
        deltas.push('-1');
        postponed.push(now);
        break;
      case 'released':
        states.push('pending');
        errors.push(null);
        nexts.push(o.until.toISOString());
        sent.push(null);
        deltas.push('-1');
        postponed.push(null);
        break;
    }
  }
  await deps.db.transaction(async (tx) => {
    await tx.execute(sql`
      UPDATE outbox o SET state = u.state, last_error = u.last_error,
             next_attempt_at = COALESCE(u.next_at, o.next_attempt_at), sent_at = COALESCE(u.sent_at, o.sent_at),
             attempts = o.attempts + u.delta, postponed_at = COALESCE(o.postponed_at, u.postponed_at)
      FROM unnest(${textArray(ids)}::uuid[], ${textArray(states)}::text[], ${textArray(errors)}::text[],
                  ${textArray(nexts)}::timestamptz[], ${textArray(sent)}::timestamptz[], ${textArray(deltas)}::int[],
                  ${textArray(postponed)}::timestamptz[])
           AS u(id, state, last_error, next_at, sent_at, delta, postponed_at)
      WHERE o.id = u.id`);
    if (gone.size)
      await tx.execute(
        sql`DELETE FROM push_subscriptions WHERE id = ANY(${`{${[...gone].join(',')}}`}::uuid[])`,
      );
    if (spawned.length) {
      await enqueueMany(
        tx,
        deps.clock,
        deps.cipher,
        spawned.map((s) => ({
          channel: 'sms' as const,
          recipient: s.phone,
          userId: s.userId,
          kind: s.kind,
          body: s.body,
          idempotencyKey: s.idempotencyKey,
        })),
      );
    }
  });
}
