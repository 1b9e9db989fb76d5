import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Alert,
  AlertQuery,
  Assessment,
  AssessmentCreated,
  CreateAssessment,
  ErrorBody,
  PatientSummary,
  Questionnaire,
  QuestionnaireDefinition,
  Uuid,
} from '@relais/contracts';
import { appendAudit } from '../audit/append-audit.ts';
import type { Deps } from '../deps.ts';
import { requestContext, requireProfessional, requireSupport } from '../http/auth.ts';
import { listAlerts, markAlertRead } from './alerts.ts';
import { endCare, listArchives } from './end-of-care.ts';
import { addQuestionnaire, ensureBuiltInQuestionnaires, listQuestionnaires } from './questionnaires.ts';
import { listAssessments, recordAssessment } from './record-assessment.ts';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
const IdParams = z.strictObject({ id: Uuid });

export function assessmentRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['assessments'];
  const actor = (request: Parameters<typeof requestContext>[0]) => {
    const auth = requireProfessional(request);
    return { ...requestContext(request), actorId: auth.user.id };
  };

  r.get(
    '/api/questionnaires',
    { schema: { tags, response: { 200: z.array(Questionnaire), ...errors } } },
    async (request) => {
      actor(request);
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
        response: { 201: z.object({ id: z.string(), version: z.number() }), ...errors },
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
        response: { 201: AssessmentCreated, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordAssessment(deps, actor(request), request.params.id, request.body)),
  );

  r.get(
    '/api/patients/:id/assessments',
    { schema: { tags, params: IdParams, response: { 200: z.array(Assessment), ...errors } } },
    async (request) => listAssessments(deps, actor(request), request.params.id),
  );

  r.post(
    '/api/patients/:id/end-of-care',
    { schema: { tags, params: IdParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await endCare(deps, actor(request), request.params.id);
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
          ...errors,
        },
      },
    },
    async (request) => listArchives(deps, actor(request)),
  );

  r.get(
    '/api/alerts',
    { schema: { tags, querystring: AlertQuery, response: { 200: z.array(Alert), ...errors } } },
    async (request) => listAlerts(deps, actor(request), request.query.unread === 'true'),
  );

  r.post(
    '/api/alerts/:id/read',
    { schema: { tags, params: IdParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await markAlertRead(deps, actor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
