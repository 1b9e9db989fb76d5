import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CreateThread, Message, MessagesQuery, SendMessage, ThreadSummary, Uuid } from '@relais/contracts';
import type { Deps } from '../deps.ts';
import { errorResponses, IdParams, professionalActor, ReplayHeaders } from '../http/route-kit.ts';
import {
  createThread,
  leaveThread,
  listThreads,
  markThreadRead,
  readMessages,
  readThread,
  sendMessage,
} from './threads.ts';

export function messagingRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['messaging'];
  r.post(
    '/api/threads',
    { schema: { tags, body: CreateThread, response: { 201: z.object({ id: Uuid }), ...errorResponses } } },
    async (request, reply) =>
      reply.status(201).send(await createThread(deps, professionalActor(request), request.body)),
  );
  r.get(
    '/api/threads',
    { schema: { tags, response: { 200: z.array(ThreadSummary), ...errorResponses } } },
    async (request) => listThreads(deps, professionalActor(request)),
  );
  r.get(
    '/api/threads/:id',
    { schema: { tags, params: IdParams, response: { 200: ThreadSummary, ...errorResponses } } },
    async (request) => readThread(deps, professionalActor(request), request.params.id),
  );
  r.get(
    '/api/threads/:id/messages',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: MessagesQuery,
        response: { 200: z.array(Message), ...errorResponses },
      },
    },
    async (request) => readMessages(deps, professionalActor(request), request.params.id, request.query),
  );
  r.post(
    '/api/threads/:id/messages',
    {
      schema: {
        tags,
        params: IdParams,
        headers: ReplayHeaders,
        body: SendMessage,
        response: { 201: Message, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await sendMessage(
            deps,
            professionalActor(request),
            request.params.id,
            request.body.body,
            request.headers['idempotency-key'],
          ),
        ),
  );
  r.post(
    '/api/threads/:id/read',
    { schema: { tags, params: IdParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await markThreadRead(deps, professionalActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/api/threads/:id/leave',
    { schema: { tags, params: IdParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await leaveThread(deps, professionalActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
