import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Alert,
  AlertQuery,
  Assessment,
  AssessmentCreated,
  CreateAssessment,
  PatientSummary,
  Questionnaire,
  QuestionnaireDefinition,
} from '@relais/contracts';
import { appendAudit } from '../audit/append-audit.ts';
import type { Deps } from '../deps.ts';
import { requestContext, requireSupport } from '../http/auth.ts';
import { errorResponses, IdParams, professionalActor } from '../http/route-kit.ts';
import { listAlerts, markAlertRead } from './alerts.ts';
import { endCare, listArchives } from './end-of-care.ts';
import { addQuestionnaire, ensureBuiltInQuestionnaires, listQuestionnaires } from './questionnaires.ts';
import { listAssessments, recordAssessment } from './record-assessment.ts';

export function assessmentRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['assessments'];

  r.get(
    '/api/questionnaires',
    { schema: { tags, response: { 200: z.array(Questionnaire), ...errorResponses } } },
    async (request) => {
      professionalActor(request);
      await ensureBuiltInQuestionnaires(deps.database, deps.clock);
      return listQuestionnaires(deps.db);
    },
  );

  r.post(
    '/api/admin/questionnaires',
    {
      schema: {
        tags: ['support'],
        body: QuestionnaireDefinition,
        response: { 201: z.object({ id: z.string(), version: z.number() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const auth = requireSupport(request);
      await ensureBuiltInQuestionnaires(deps.database, deps.clock);
      const created = await deps.db.transaction(async (tx) => {
        const added = await addQuestionnaire(tx, deps.clock, request.body, auth.user.id);
        await appendAudit(tx, deps.clock, requestContext(request), {
          action: 'questionnaire.create',
          outcome: 'success',
          targetId: `${added.id}@${added.version}`,
        });
        return added;
      });
      return reply.status(201).send(created);
    },
  );

  r.post(
    '/api/patients/:id/assessments',
    {
      schema: {
        tags,
        params: IdParams,
        body: CreateAssessment,
        response: { 201: AssessmentCreated, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await recordAssessment(deps, professionalActor(request), request.params.id, request.body)),
  );

  r.get(
    '/api/patients/:id/assessments',
    { schema: { tags, params: IdParams, response: { 200: z.array(Assessment), ...errorResponses } } },
    async (request) => listAssessments(deps, professionalActor(request), request.params.id),
  );

  r.post(
    '/api/patients/:id/end-of-care',
    { schema: { tags, params: IdParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await endCare(deps, professionalActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/archives',
    {
      schema: {
        tags,
        response: {
          200: z.array(PatientSummary.extend({ endedAt: z.string(), archived: z.boolean() })),
          ...errorResponses,
        },
      },
    },
    async (request) => listArchives(deps, professionalActor(request)),
  );

  r.get(
    '/api/alerts',
    { schema: { tags, querystring: AlertQuery, response: { 200: z.array(Alert), ...errorResponses } } },
    async (request) => listAlerts(deps, professionalActor(request), request.query.unread === 'true'),
  );

  r.post(
    '/api/alerts/:id/read',
    { schema: { tags, params: IdParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await markAlertRead(deps, professionalActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
