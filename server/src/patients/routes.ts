import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CareTeamMember,
  CreatePatient,
  PatientFile,
  PatientListQuery,
  PatientSummary,
  UpdatePatient,
} from '@relais/contracts';
import type { Deps } from '../deps.ts';
import { createGeocoder } from '../geo/geocoder.ts';
import { errorResponses, IdParams, professionalActor } from '../http/route-kit.ts';
import { createPatient } from './create-patient.ts';
import { listPatients, readCareTeam, readPatient } from './read-patients.ts';
import { updatePatient } from './update-patient.ts';

export function patientRoutes(app: FastifyInstance, deps: Deps, geocoder = createGeocoder(deps)): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['patients'];

  r.post(
    '/api/patients',
    { schema: { tags, body: CreatePatient, response: { 201: PatientFile, ...errorResponses } } },
    async (request, reply) =>
      reply.status(201).send(await createPatient(deps, geocoder, professionalActor(request), request.body)),
  );

  r.get(
    '/api/patients',
    {
      schema: {
        tags,
        querystring: PatientListQuery,
        response: { 200: z.array(PatientSummary), ...errorResponses },
      },
    },
    async (request) => listPatients(deps, professionalActor(request), request.query),
  );

  r.get(
    '/api/patients/:id',
    { schema: { tags, params: IdParams, response: { 200: PatientFile, ...errorResponses } } },
    async (request) => readPatient(deps, professionalActor(request), request.params.id),
  );

  r.patch(
    '/api/patients/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: UpdatePatient,
        response: { 200: PatientFile, ...errorResponses },
      },
    },
    async (request) =>
      updatePatient(deps, geocoder, professionalActor(request), request.params.id, request.body),
  );

  r.get(
    '/api/patients/:id/care-team',
    { schema: { tags, params: IdParams, response: { 200: z.array(CareTeamMember), ...errorResponses } } },
    async (request) => readCareTeam(deps, professionalActor(request), request.params.id),
  );
}
