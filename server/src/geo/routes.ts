import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CommuneSearchQuery,
  CommuneSuggestion,
  ErrorBody,
  GeocodeReply,
  GeocodeRequest,
} from '@relais/contracts';
import type { Deps } from '../deps.ts';
import { requireUser } from '../http/auth.ts';
import { createGeocoder } from './geocoder.ts';
import { searchCommunes } from './search-communes.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

/** Address-form helpers for any logged-in user: commune autocomplete and geocoding. */
export function geoRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['geo'];

  r.get(
    '/api/geo/communes',
    {
      schema: {
        tags,
        querystring: CommuneSearchQuery,
        response: { 200: z.array(CommuneSuggestion), ...errors },
      },
    },
    async (request) => {
      requireUser(request);
      return searchCommunes(deps, request.query.q, request.query.limit);
    },
  );

  // POST, not GET: the address (maybe a patient's) travels in the body, which request logs never contain.
  r.post(
    '/api/geo/geocode',
    { schema: { tags, body: GeocodeRequest, response: { 200: GeocodeReply, ...errors } } },
    async (request) => {
      requireUser(request);
      return { result: await createGeocoder(deps).geocode(request.body) };
    },
  );
}
