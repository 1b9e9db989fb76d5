import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateThread,
  ErrorBody,
  Message,
  MessagesQuery,
  SendMessage,
  ThreadSummary,
  Uuid,
} from '@relais/contracts';
import type { Deps } from '../deps.ts';
import { requestContext, requireProfessional } from '../http/auth.ts';
import {
  createThread,
  leaveThread,
  listThreads,
  markThreadRead,
  readMessages,
  sendMessage,
} from './threads.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const IdParams = z.strictObject({ id: Uuid });

export function messagingRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['messaging'];
  const actor = (request: Parameters<typeof requestContext>[0]) => {
    const auth = requireProfessional(request);
    return { ...requestContext(request), actorId: auth.user.id };
  };
  r.post(
    '/api/threads',
    { schema: { tags, body: CreateThread, response: { 201: z.object({ id: Uuid }), ...errors } } },
    async (request, reply) => reply.status(201).send(await createThread(deps, actor(request), request.body)),
  );
  r.get(
    '/api/threads',
    { schema: { tags, response: { 200: z.array(ThreadSummary), ...errors } } },
    async (request) => listThreads(deps, actor(request)),
  );
  r.get(
    '/api/threads/:id/messages',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: MessagesQuery,
        response: { 200: z.array(Message), ...errors },
      },
    },
    async (request) => readMessages(deps, actor(request), request.params.id, request.query),
  );
  r.post(
    '/api/threads/:id/messages',
    { schema: { tags, params: IdParams, body: SendMessage, response: { 201: Message, ...errors } } },
    async (request, reply) =>
      reply.status(201).send(await sendMessage(deps, actor(request), request.params.id, request.body.body)),
  );
  r.post(
    '/api/threads/:id/read',
    { schema: { tags, params: IdParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await markThreadRead(deps, actor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/api/threads/:id/leave',
    { schema: { tags, params: IdParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await leaveThread(deps, actor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
