import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CareTeamMember,
  CreatePatient,
  ErrorBody,
  PatientFile,
  PatientListQuery,
  PatientSummary,
  UpdatePatient,
  Uuid,
} from '@relais/contracts';
import type { Deps } from '../deps.ts';
import { createGeocoder } from '../geo/geocoder.ts';
import { requestContext, requireProfessional } from '../http/auth.ts';
import { createPatient } from './create-patient.ts';
import { listPatients, readCareTeam, readPatient } from './read-patients.ts';
import { updatePatient } from './update-patient.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const IdParams = z.strictObject({ id: Uuid });

export function patientRoutes(app: FastifyInstance, deps: Deps, geocoder = createGeocoder(deps)): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['patients'];
  const actor = (request: Parameters<typeof requestContext>[0]) => {
    const auth = requireProfessional(request);
    return { ...requestContext(request), actorId: auth.user.id };
  };

  r.post(
    '/api/patients',
    { schema: { tags, body: CreatePatient, response: { 201: PatientFile, ...errors } } },
    async (request, reply) =>
      reply.status(201).send(await createPatient(deps, geocoder, actor(request), request.body)),
  );

  r.get(
    '/api/patients',
    {
      schema: { tags, querystring: PatientListQuery, response: { 200: z.array(PatientSummary), ...errors } },
    },
    async (request) => listPatients(deps, actor(request), request.query),
  );

  r.get(
    '/api/patients/:id',
    { schema: { tags, params: IdParams, response: { 200: PatientFile, ...errors } } },
    async (request) => readPatient(deps, actor(request), request.params.id),
  );

  r.patch(
    '/api/patients/:id',
    { schema: { tags, params: IdParams, body: UpdatePatient, response: { 200: PatientFile, ...errors } } },
    async (request) => updatePatient(deps, geocoder, actor(request), request.params.id, request.body),
  );

  r.get(
    '/api/patients/:id/care-team',
    { schema: { tags, params: IdParams, response: { 200: z.array(CareTeamMember), ...errors } } },
    async (request) => readCareTeam(deps, actor(request), request.params.id),
  );
}
