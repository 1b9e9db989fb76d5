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

/**
 * Optional `Idempotency-Key`: a phone on a poor network sends again when the first answer got lost; the same key
 * from the same professional answers what the first send created instead of doing it twice.
 */
export const ReplayHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,100}$/, 'Clé d’envoi invalide (8 à 100 lettres, chiffres, - ou _).')
    .optional(),
});

/** The acting professional of a request (403 for another role), with where the request comes from. */
export function professionalActor(request: FastifyRequest): RequestContext & { actorId: string } {
  const auth = requireProfessional(request);
  return { ...requestContext(request), actorId: auth.user.id };
}
