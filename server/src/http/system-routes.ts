import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { ErrorBody } from '@relais/contracts';
import type { OffsetClock } from '../clock.ts';
import { outbox } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { decryptOutboxBody } from '../notifications/enqueue.ts';
import { VERSION } from '../version.ts';

export function healthRoutes(app: FastifyInstance, deps: Deps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.enum(['embedded', 'postgres']),
            version: z.string(),
          }),
        },
      },
    },
    async () => {
      await deps.db.execute('SELECT 1');
      return { status: 'ok' as const, database: deps.database.kind, version: VERSION };
    },
  );
}

/** `/api/test/*`: only registered with RELAIS_TEST_MODE=1, which the config refuses in production. */
export function testRoutes(
  app: FastifyInstance,
  deps: Deps,
  clock: OffsetClock,
  runDueWork: () => Promise<void>,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/test/clock',
    {
      schema: {
        tags: ['test'],
        body: z.union([
          z.strictObject({
            advanceMs: z
              .number()
              .int()
              .min(0)
              .max(400 * 24 * 3_600_000),
          }),
          z.strictObject({ set: z.iso.datetime() }),
        ]),
        response: { 200: z.object({ now: z.string() }), 400: ErrorBody },
      },
    },
    async (request) => {
      const body = request.body;
      if ('advanceMs' in body) clock.advance(body.advanceMs);
      else clock.set(new Date(body.set));
      await runDueWork();
      return { now: clock.now().toISOString() };
    },
  );
  r.get(
    '/api/test/outbox',
    {
      schema: {
        tags: ['test'],
        querystring: z.strictObject({
          channel: z.enum(['sms', 'email', 'push']).optional(),
          to: z.string().optional(),
        }),
        response: {
          200: z.array(
            z.object({
              channel: z.string(),
              to: z.string(),
              kind: z.string(),
              subject: z.string().nullable(),
              body: z.string(),
              state: z.string(),
              createdAt: z.string(),
            }),
          ),
        },
      },
    },
    async (request) => {
      const where: SQL[] = [];
      if (request.query.channel) where.push(eq(outbox.channel, request.query.channel));
      if (request.query.to) where.push(eq(outbox.recipient, request.query.to));
      const found = await deps.db
        .select()
        .from(outbox)
        .where(where.length ? and(...where) : undefined)
        .orderBy(desc(outbox.createdAt))
        .limit(200);
      return found.map((o) => ({
        channel: o.channel,
        to: o.recipient,
        kind: o.kind,
        subject: o.subject,
        body: decryptOutboxBody(deps.cipher, o),
        state: o.state,
        createdAt: o.createdAt.toISOString(),
      }));
    },
  );
}
