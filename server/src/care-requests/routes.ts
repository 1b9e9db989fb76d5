import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CareRequestCreated,
  CareRequestView,
  CreateCareRequest,
  Dashboard,
  DeclineRequest,
  PatientFile,
  RelaunchRequest,
  SentCareRequest,
} from '@relais/contracts';
import type { Deps } from '../deps.ts';
import { errorResponses, IdParams, professionalActor, ReplayHeaders } from '../http/route-kit.ts';
import { unreadAlertCount } from '../assessments/alerts.ts';
import { unreadMessageCount } from '../messaging/threads.ts';
import { createCareRequest } from './create-care-request.ts';
import { expandFanouts } from './dispatch.ts';
import { inbox, pendingCount, readCareRequest, sentRequests } from './read-care-requests.ts';
import { relaunchCareRequest } from './relaunch-care-request.ts';
import { acceptCareRequest, cancelCareRequest, declineCareRequest } from './respond-to-care-request.ts';

export function careRequestRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['care-requests'];
  /**
   * Tells the audience of what was just committed (fan-outs: pool opened, "déjà acceptée", cancelled) before
   * answering, so that the answer means "they have been told". A failure here is the worker's to retry: the
   * change itself is committed and the answer stays a success.
   */
  const tellAudience = async <T>(result: T): Promise<T> => {
    await expandFanouts(deps).catch((error: unknown) => {
      deps.log.error({ err: error }, 'fan-out expansion failed, left to the worker');
    });
    return result;
  };

  r.post(
    '/api/care-requests',
    {
      schema: {
        tags,
        headers: ReplayHeaders,
        body: CreateCareRequest,
        response: { 201: CareRequestCreated, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await tellAudience(
          await createCareRequest(deps, professionalActor(request), request.body, {
            clientKey: request.headers['idempotency-key'],
          }),
        ),
      ),
  );
  r.get(
    '/api/care-requests/inbox',
    { schema: { tags, response: { 200: z.array(CareRequestView), ...errorResponses } } },
    async (request) => inbox(deps, professionalActor(request)),
  );
  r.get(
    '/api/care-requests/sent',
    { schema: { tags, response: { 200: z.array(SentCareRequest), ...errorResponses } } },
    async (request) => sentRequests(deps, professionalActor(request)),
  );
  r.get(
    '/api/care-requests/:id',
    { schema: { tags, params: IdParams, response: { 200: CareRequestView, ...errorResponses } } },
    async (request) => readCareRequest(deps, professionalActor(request), request.params.id),
  );
  r.post(
    '/api/care-requests/:id/accept',
    { schema: { tags, params: IdParams, response: { 200: PatientFile, ...errorResponses } } },
    async (request) =>
      tellAudience(await acceptCareRequest(deps, professionalActor(request), request.params.id)),
  );
  r.post(
    '/api/care-requests/:id/decline',
    {
      schema: {
        tags,
        params: IdParams,
        body: DeclineRequest.optional(),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await declineCareRequest(
        deps,
        professionalActor(request),
        request.params.id,
        request.body?.reason || undefined,
      );
      await tellAudience(null);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/api/care-requests/:id/cancel',
    { schema: { tags, params: IdParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await cancelCareRequest(deps, professionalActor(request), request.params.id);
      await tellAudience(null);
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
        response: { 201: CareRequestCreated, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await tellAudience(
            await relaunchCareRequest(
              deps,
              professionalActor(request),
              request.params.id,
              request.body ?? {},
            ),
          ),
        ),
  );
  r.get(
    '/api/dashboard',
    { schema: { tags: ['me'], response: { 200: Dashboard, ...errorResponses } } },
    async (request) => {
      const { actorId } = professionalActor(request);
      const [pendingRequests, unreadMessages, unreadAlerts] = await Promise.all([
        pendingCount(deps, actorId),
        unreadMessageCount(deps, actorId),
        unreadAlertCount(deps, actorId),
      ]);
      return { pendingRequests, unreadMessages, unreadAlerts };
    },
  );
}
