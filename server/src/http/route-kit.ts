import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ErrorBody, Uuid } from '@relais/contracts';
import type { RequestContext } from '../audit/append-audit.ts';
import { requestContext, requireProfessional } from './auth.ts';

/** The error answers every professional route may give (API.md's error body). */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};

export const IdParams = z.strictObject({ id: Uuid });

/** The acting professional of a request (403 for another role), with where the request comes from. */
export function professionalActor(request: FastifyRequest): RequestContext & { actorId: string } {
  const auth = requireProfessional(request);
  return { ...requestContext(request), actorId: auth.user.id };
}
