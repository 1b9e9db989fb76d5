import { sql } from 'drizzle-orm';
import type { NotificationChannels, NotificationKind, PushPayload } from '@relais/contracts';
import { rows } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import type { PushOptions } from './push.ts';

/**
 * What the outbox knows of a professional's notification, from its kind and idempotency key (the callers write
 * `care_request.new:<request>:<user>`, `message.new:<message>:<user>`, `alert:<assessment>:<user>`): its family
 * (the unit of the channel choice), the screen a tap opens, and whether it still matters when it leaves.
 */
export function familyOf(kind: string): NotificationKind | null {
  if (kind.startsWith('care_request.')) return 'care_requests';
  if (kind.startsWith('message.')) return 'messages';
  if (kind.startsWith('alert.')) return 'alerts';
  return null;
}

/** The entity a notification is about: the second segment of its idempotency key. */
export const subjectOf = (idempotencyKey: string) => idempotencyKey.split(':')[1] ?? '';

export const defaultNotificationChannels = (): NotificationChannels => ({
  care_requests: { push: true, sms: false },
  messages: { push: true, sms: false },
  alerts: { push: true, sms: false },
});

const HOUR_S = 3600;

/**
 * D14: a new request rings at once (high urgency) and is worthless after its deadline, so the push service keeps it
 * until then at most; other request news and alerts are high too; messages are normal.
 */
export function pushOptions(kind: string, deadline: Date | undefined, now: Date): PushOptions {
  if (kind === 'care_request.new') {
    const left = deadline ? Math.floor((deadline.getTime() - now.getTime()) / 1000) : 24 * HOUR_S;
    return { urgency: 'high', ttlSeconds: Math.max(60, Math.min(left, 7 * 24 * HOUR_S)) };
  }
  if (kind.startsWith('care_request.')) return { urgency: 'high', ttlSeconds: 24 * HOUR_S };
  if (kind.startsWith('alert.')) return { urgency: 'high', ttlSeconds: 3 * 24 * HOUR_S };
  return { urgency: 'normal', ttlSeconds: 24 * HOUR_S };
}

const TITLES: Record<string, string> = {
  'care_request.new': 'Nouvelle demande de prise en charge',
  'care_request.taken': 'Demande acceptée par un confrère',
  'care_request.accepted': 'Demande acceptée',
  'care_request.expired': 'Demande expirée',
  'care_request.cancelled': 'Demande annulée',
  'message.new': 'Nouveau message',
  'alert.negative_indicator': 'Remontée d’indicateur négatif',
};

const GROUPED: Record<NotificationKind, (n: number) => string> = {
  care_requests: (n) => `${n} nouvelles demandes de prise en charge`,
  messages: (n) => `${n} nouveaux messages`,
  alerts: (n) => `${n} remontées d’indicateur négatif`,
};

const FAMILY_URL: Record<NotificationKind, string> = {
  care_requests: '/demandes',
  messages: '/messagerie',
  alerts: '/',
};

export interface Relevance {
  /** Null when still worth sending; else why it is dropped. */
  dropReason: string | null;
  /** The screen a tap opens. */
  url?: string;
  /** A care request's response deadline (the TTL of its push). */
  deadline?: Date;
}

/** One notification, no patient data (what the push service and the lock screen may see). */
export function singlePayload(
  kind: string,
  body: string,
  subject: string,
  url: string | undefined,
): PushPayload {
  const family = familyOf(kind) ?? 'care_requests';
  return {
    title: TITLES[kind] ?? 'Relais',
    body,
    url:
      url ??
      (kind === 'care_request.accepted' || kind === 'care_request.expired'
        ? '/demandes/envoyees'
        : FAMILY_URL[family]),
    tag: `${kind}:${subject}`,
    kind,
  };
}

/** D6: what was held back outside the user's hours leaves as one notification per family. */
export function groupedPayload(family: NotificationKind, kinds: string[], count: number): PushPayload {
  const kind = kinds.every((k) => k === kinds[0]) ? (kinds[0] ?? family) : family;
  return {
    title:
      kind === 'care_request.new' || kind === 'message.new' || kind.startsWith('alert.')
        ? GROUPED[family](count)
        : `${count} notifications Relais`,
    body: 'Reçues en dehors de vos heures de notification. Ouvrez Relais pour les consulter.',
    url: FAMILY_URL[family],
    tag: `grouped:${family}`,
    kind,
    count,
  };
}

/** SMS carry no patient data: only that something awaits in Relais. */
export function smsText(family: NotificationKind, kind: string, count: number): string {
  if (family === 'care_requests' && kind === 'care_request.new')
    return count > 1
      ? `${count} nouvelles demandes de prise en charge sur Relais`
      : 'Nouvelle demande de prise en charge sur Relais';
  if (family === 'care_requests') return 'Du nouveau sur vos demandes de prise en charge sur Relais';
  if (family === 'messages')
    return count > 1 ? `${count} nouveaux messages sur Relais` : 'Nouveau message sur Relais';
  return count > 1
    ? `${count} remontées d’indicateur négatif sur Relais`
    : 'Remontée d’indicateur négatif sur Relais';
}

export interface RelevanceInput {
  id: string;
  kind: string;
  userId: string;
  idempotencyKey: string;
  postponed: boolean;
}

const uuidArray = (ids: string[]) => `{${ids.join(',')}}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * D6: whether each notification still matters now, in one query per kind present. A new request that was taken,
 * cancelled, expired or answered meanwhile, a message already read, an alert already seen: dropped. News about a
 * request the user received (taken, cancelled) is dropped when it was held back: the request it was about has left
 * their list by the time their hours start.
 */
export async function relevanceOf(
  deps: Deps,
  items: RelevanceInput[],
  now: Date,
): Promise<Map<string, Relevance>> {
  const result = new Map<string, Relevance>();
  const byKind = (k: (kind: string) => boolean) =>
    items.filter((i) => k(i.kind) && UUID.test(subjectOf(i.idempotencyKey)));

  const requests = byKind((k) => k === 'care_request.new');
  if (requests.length) {
    const found = await rows<{
      id: string;
      status: string;
      expires_at: string | Date;
      user_id: string;
      response: string | null;
    }>(
      deps.db,
      sql`SELECT c.id, c.status, c.expires_at, r.user_id, r.response FROM care_requests c
          LEFT JOIN care_request_recipients r ON r.request_id = c.id AND r.user_id = ANY(${uuidArray([...new Set(requests.map((i) => i.userId))])}::uuid[])
          WHERE c.id = ANY(${uuidArray([...new Set(requests.map((i) => subjectOf(i.idempotencyKey)))])}::uuid[])`,
    );
    const status = new Map<string, { status: string; expires: Date }>();
    const answered = new Set<string>();
    for (const f of found) {
      status.set(f.id, { status: f.status, expires: new Date(f.expires_at) });
      if (f.response) answered.add(`${f.id}:${f.user_id}`);
    }
    for (const i of requests) {
      const requestId = subjectOf(i.idempotencyKey);
      const s = status.get(requestId);
      const dropReason = !s
        ? 'Demande introuvable'
        : s.status === 'accepted'
          ? 'Demande déjà prise'
          : s.status === 'cancelled'
            ? 'Demande annulée'
            : s.status !== 'open' || s.expires <= now
              ? 'Demande expirée'
              : answered.has(`${requestId}:${i.userId}`)
                ? 'Demande déjà traitée par le destinataire'
                : null;
      result.set(i.id, { dropReason, url: '/demandes', ...(s ? { deadline: s.expires } : {}) });
    }
  }

  for (const i of items)
    if ((i.kind === 'care_request.taken' || i.kind === 'care_request.cancelled') && i.postponed)
      result.set(i.id, { dropReason: 'Information dépassée à l’ouverture des heures de notification' });

  const messages = byKind((k) => k === 'message.new');
  if (messages.length) {
    const found = await rows<{ id: string; thread_id: string; user_id: string; unread: boolean }>(
      deps.db,
      sql`SELECT m.id, m.thread_id, p.user_id,
                 (p.left_at IS NULL AND (p.last_read_at IS NULL OR p.last_read_at < m.sent_at)) AS unread
          FROM messages m JOIN thread_participants p ON p.thread_id = m.thread_id
          WHERE m.id = ANY(${uuidArray([...new Set(messages.map((i) => subjectOf(i.idempotencyKey)))])}::uuid[])
            AND p.user_id = ANY(${uuidArray([...new Set(messages.map((i) => i.userId))])}::uuid[])`,
    );
    const seen = new Map(found.map((f) => [`${f.id}:${f.user_id}`, f]));
    for (const i of messages) {
      const f = seen.get(`${subjectOf(i.idempotencyKey)}:${i.userId}`);
      result.set(i.id, {
        dropReason: !f ? 'Message introuvable' : f.unread ? null : 'Message déjà lu',
        ...(f ? { url: `/messagerie/${f.thread_id}` } : {}),
      });
    }
  }

  const alerts = byKind((k) => k.startsWith('alert.'));
  if (alerts.length) {
    const found = await rows<{ assessment_id: string; user_id: string; patient_id: string; unread: boolean }>(
      deps.db,
      sql`SELECT assessment_id, user_id, patient_id, bool_or(read_at IS NULL) AS unread FROM alerts
          WHERE assessment_id = ANY(${uuidArray([...new Set(alerts.map((i) => subjectOf(i.idempotencyKey)))])}::uuid[])
            AND user_id = ANY(${uuidArray([...new Set(alerts.map((i) => i.userId))])}::uuid[])
          GROUP BY assessment_id, user_id, patient_id`,
    );
    const seen = new Map(found.map((f) => [`${f.assessment_id}:${f.user_id}`, f]));
    for (const i of alerts) {
      const f = seen.get(`${subjectOf(i.idempotencyKey)}:${i.userId}`);
      // An alert row may be missing (written by an older version): the notification then still goes.
      result.set(i.id, {
        dropReason: f && !f.unread ? 'Alerte déjà consultée' : null,
        ...(f ? { url: `/patients/${f.patient_id}` } : {}),
      });
    }
  }
  return result;
}
