import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CareRequestCreated,
  CareRequestView,
  CreateCareRequest,
  Dashboard,
  DeclineRequest,
  ErrorBody,
  PatientFile,
  RelaunchRequest,
  SentCareRequest,
  Uuid,
} from '@relais/contracts';
import type { Deps } from '../deps.ts';
import { requestContext, requireProfessional } from '../http/auth.ts';
import { unreadAlertCount } from '../assessments/alerts.ts';
import { unreadMessageCount } from '../messaging/threads.ts';
import { createCareRequest } from './create-care-request.ts';
import { inbox, pendingCount, readCareRequest, sentRequests } from './read-care-requests.ts';
import { relaunchCareRequest } from './relaunch-care-request.ts';
import { acceptCareRequest, cancelCareRequest, declineCareRequest } from './respond-to-care-request.ts';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
const IdParams = z.strictObject({ id: Uuid });

export function careRequestRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['care-requests'];
  const actor = (request: Parameters<typeof requestContext>[0]) => {
    const auth = requireProfessional(request);
    return { ...requestContext(request), actorId: auth.user.id };
  };

  r.post(
    '/api/care-requests',
    { schema: { tags, body: CreateCareRequest, response: { 201: CareRequestCreated, ...errors } } },
    async (request, reply) =>
      reply.status(201).send(await createCareRequest(deps, actor(request), request.body)),
  );
  r.get(
    '/api/care-requests/inbox',
    { schema: { tags, response: { 200: z.array(CareRequestView), ...errors } } },
    async (request) => inbox(deps, actor(request)),
  );
  r.get(
    '/api/care-requests/sent',
    { schema: { tags, response: { 200: z.array(SentCareRequest), ...errors } } },
    async (request) => sentRequests(deps, actor(request)),
  );
  r.get(
    '/api/care-requests/:id',
    { schema: { tags, params: IdParams, response: { 200: CareRequestView, ...errors } } },
    async (request) => readCareRequest(deps, actor(request), request.params.id),
  );
  r.post(
    '/api/care-requests/:id/accept',
    { schema: { tags, params: IdParams, response: { 200: PatientFile, ...errors } } },
    async (request) => acceptCareRequest(deps, actor(request), request.params.id),
  );
  r.post(
    '/api/care-requests/:id/decline',
    {
      schema: {
        tags,
        params: IdParams,
        body: DeclineRequest.optional(),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await declineCareRequest(deps, actor(request), request.params.id, request.body?.reason || undefined);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/api/care-requests/:id/cancel',
    { schema: { tags, params: IdParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await cancelCareRequest(deps, actor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/api/care-requests/:id/relaunch',
    {
      schema: {
        tags,
        params: IdParams,
        body: RelaunchRequest.optional(),
        response: { 201: CareRequestCreated, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await relaunchCareRequest(deps, actor(request), request.params.id, request.body ?? {})),
  );
  r.get(
    '/api/dashboard',
    { schema: { tags: ['me'], response: { 200: Dashboard, ...errors } } },
    async (request) => {
      const { actorId } = actor(request);
      const [pendingRequests, unreadMessages, unreadAlerts] = await Promise.all([
        pendingCount(deps, actorId),
        unreadMessageCount(deps, actorId),
        unreadAlertCount(deps, actorId),
      ]);
      return { pendingRequests, unreadMessages, unreadAlerts };
    },
  );
}
