import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  CreatePushSubscription,
  ErrorBody,
  NotificationChannels,
  OutboxDelivery,
  OutboxQuery,
  PushPublicKey,
  PushSubscriptionCreated,
  Uuid,
} from '@relais/contracts';
import { appendAudit } from '../audit/append-audit.ts';
import { rows } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { requestContext, requireProfessional, requireSupport, requireUser } from '../http/auth.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { defaultNotificationChannels } from './notification-kinds.ts';
import { deletePushSubscription, savePushSubscription, vapidKeys } from './push.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };
const IdParams = z.strictObject({ id: Uuid });

/** A subscription's keys must be what a browser gives: a P-256 point (65 bytes, 0x04…) and a 16-byte secret. */
function checkKeys(input: CreatePushSubscription, production: boolean): void {
  const point = Buffer.from(input.keys.p256dh, 'base64url');
  const auth = Buffer.from(input.keys.auth, 'base64url');
  if (point.length !== 65 || point[0] !== 4 || auth.length !== 16)
    throw new AppError('validation_failed', 'Abonnement aux notifications invalide.', {
      fields: { keys: 'Clé de notification invalide.' },
    });
  // The server will POST to this address: in production, never to itself or a private network.
  const host = new URL(input.endpoint).hostname.replace(/^\[|\]$/g, '');
  if (
    production &&
    (host === 'localhost' ||
      /^(127\.|10\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.|0\.)/.test(host) ||
      /^(::1|f[cd]|fe80)/i.test(host))
  )
    throw new AppError('validation_failed', 'Service de notification refusé.', {
      fields: { endpoint: 'Adresse de notification refusée.' },
    });
}

export async function loadNotificationChannels(deps: Deps, userId: string): Promise<NotificationChannels> {
  const [row] = await rows<{ channels: unknown }>(
    deps.db,
    sql`SELECT channels FROM notification_channels WHERE user_id = ${userId}`,
  );
  if (!row) return defaultNotificationChannels();
  const parsed = NotificationChannels.safeParse(
    typeof row.channels === 'string' ? JSON.parse(row.channels) : row.channels,
  );
  return parsed.success ? parsed.data : defaultNotificationChannels();
}

export function notificationRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/push/public-key',
    { schema: { tags: ['notifications'], response: { 200: PushPublicKey } } },
    async () => ({ publicKey: (await vapidKeys(deps)).publicKey }),
  );

  r.post(
    '/api/me/push-subscriptions',
    {
      schema: {
        tags: ['me'],
        body: CreatePushSubscription,
        response: { 201: PushSubscriptionCreated, ...errors },
      },
    },
    async (request, reply) => {
      const { user, deviceId } = requireUser(request);
      if (!deviceId)
        throw new AppError(
          'rule_violated',
          'Cet appareil n’est pas reconnu : reconnectez-vous pour activer les notifications.',
        );
      checkKeys(request.body, deps.config.production);
      const id = await savePushSubscription(deps, user.id, deviceId, request.body);
      return reply.status(201).send({ id });
    },
  );

  r.delete(
    '/api/me/push-subscriptions/:id',
    { schema: { tags: ['me'], params: IdParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const { user } = requireUser(request);
      if (!(await deletePushSubscription(deps.db, user.id, request.params.id)))
        throw notFound('Abonnement introuvable.');
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/me/notification-channels',
    { schema: { tags: ['me'], response: { 200: NotificationChannels, ...errors } } },
    async (request) => {
      const { user } = requireProfessional(request);
      return loadNotificationChannels(deps, user.id);
    },
  );

  r.put(
    '/api/me/notification-channels',
    {
      schema: {
        tags: ['me'],
        body: NotificationChannels,
        response: { 200: NotificationChannels, ...errors },
      },
    },
    async (request) => {
      const { user } = requireProfessional(request);
      const channels = request.body;
      await deps.db.transaction(async (tx) => {
        await tx.execute(sql`
          INSERT INTO notification_channels (user_id, channels, updated_at)
          VALUES (${user.id}, ${JSON.stringify(channels)}::jsonb, ${deps.clock.now().toISOString()})
          ON CONFLICT (user_id) DO UPDATE SET channels = excluded.channels, updated_at = excluded.updated_at`);
        await appendAudit(tx, deps.clock, requestContext(request), {
          action: 'professional.notification_channels.update',
          outcome: 'success',
          targetId: user.id,
          details: { channels },
        });
      });
      return channels;
    },
  );

  r.get(
    '/api/admin/outbox',
    {
      schema: {
        tags: ['support'],
        querystring: OutboxQuery,
        response: { 200: z.array(OutboxDelivery), ...errors },
      },
    },
    async (request) => {
      requireSupport(request);
      const q = request.query;
      const found = await rows<{
        id: string;
        channel: 'sms' | 'email' | 'push';
        kind: string;
        state: 'pending' | 'sent' | 'dead' | 'dropped';
        attempts: number;
        last_error: string | null;
        created_at: string | Date;
        user_id: string | null;
        first_name: string | null;
        last_name: string | null;
      }>(
        deps.db,
        sql`SELECT o.id, o.channel, o.kind, o.state, o.attempts, o.last_error, o.created_at, u.id AS user_id,
                   u.first_name, u.last_name
            FROM outbox o LEFT JOIN users u ON u.id = o.user_id
            WHERE o.state = ${q.state}
              ${q.userId ? sql`AND o.user_id = ${q.userId}` : sql``}
              ${q.channel ? sql`AND o.channel = ${q.channel}` : sql``}
            ORDER BY o.created_at DESC LIMIT 500`,
      );
      return found.map((o) => ({
        id: o.id,
        channel: o.channel,
        kind: o.kind,
        state: o.state,
        attempts: o.attempts,
        lastError: o.last_error,
        createdAt: new Date(o.created_at).toISOString(),
        user:
          o.user_id && o.first_name !== null && o.last_name !== null
            ? { id: o.user_id, firstName: o.first_name, lastName: o.last_name }
            : null,
      }));
    },
  );

  r.post(
    '/api/admin/outbox/:id/retry',
    {
      schema: { tags: ['support'], params: IdParams, response: { 204: z.null(), 409: ErrorBody, ...errors } },
    },
    async (request, reply) => {
      requireSupport(request);
      const id = request.params.id;
      await deps.db.transaction(async (tx) => {
        const [row] = await rows<{ state: string; channel: string }>(
          tx,
          sql`SELECT state, channel FROM outbox WHERE id = ${id} FOR UPDATE`,
        );
        if (!row) throw notFound('Envoi introuvable.');
        if (row.state !== 'dead' && row.state !== 'dropped')
          throw new AppError('state_conflict', 'Seul un envoi en échec peut être relancé.');
        await tx.execute(sql`UPDATE outbox SET state = 'pending', attempts = 0, last_error = NULL, postponed_at = NULL,
                               next_attempt_at = ${deps.clock.now().toISOString()} WHERE id = ${id}`);
        await appendAudit(tx, deps.clock, requestContext(request), {
          action: 'support.outbox.retry',
          outcome: 'success',
          targetId: id,
          details: { channel: row.channel, previousState: row.state },
        });
      });
      return reply.status(204).send(null);
    },
  );
}
