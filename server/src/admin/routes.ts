import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AccountListQuery,
  AccountList,
  AuditQuery,
  AuditRecord,
  AuditVerifyReply,
  BlockRequest,
  Created,
  ErrorBody,
  ProfessionalFields,
  RegistrationListQuery,
  RegistrationSummary,
  RejectRequest,
  Uuid,
} from '@relais/contracts';
import { appendAudit } from '../audit/append-audit.ts';
import { queryAudit } from '../audit/query-audit.ts';
import { verifyAudit } from '../audit/verify-audit.ts';
import type { Deps } from '../deps.ts';
import { refreshActivityZone } from '../professionals/activity-zone.ts';
import { requestContext, requireSupport } from '../http/auth.ts';
import {
  blockAccount,
  listAccounts,
  onboardProfessional,
  resetPassword,
  unblockAccount,
} from './manage-account.ts';
import {
  approveRegistration,
  listRegistrations,
  readProof,
  rejectRegistration,
} from './review-registration.ts';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
const IdParams = z.strictObject({ id: Uuid });
const noContent = { 204: z.null(), ...errors };

export function adminRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['support'];

  r.get(
    '/api/admin/registrations',
    {
      schema: {
        tags,
        querystring: RegistrationListQuery,
        response: { 200: z.array(RegistrationSummary), ...errors },
      },
    },
    async (request) => {
      requireSupport(request);
      const list = await listRegistrations(deps, request.query.status);
      await deps.db.transaction((tx) =>
        appendAudit(tx, deps.clock, requestContext(request), {
          action: 'registration.list',
          outcome: 'success',
          details: { status: request.query.status, count: list.length },
        }),
      );
      return list;
    },
  );

  r.get(
    '/api/admin/registrations/:id/proof',
    { schema: { tags, params: IdParams } },
    async (request, reply) => {
      requireSupport(request);
      const proof = await readProof(deps, requestContext(request), request.params.id);
      return reply
        .header('content-type', proof.mimeType)
        .header('content-disposition', 'inline')
        .header(
          'content-security-policy',
          "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
        )
        .send(proof.bytes);
    },
  );

  r.post(
    '/api/admin/registrations/:id/approve',
    { schema: { tags, params: IdParams, response: noContent } },
    async (request, reply) => {
      requireSupport(request);
      await approveRegistration(deps, requestContext(request), request.params.id);
      await refreshActivityZone(deps, request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/admin/registrations/:id/reject',
    { schema: { tags, params: IdParams, body: RejectRequest, response: noContent } },
    async (request, reply) => {
      requireSupport(request);
      await rejectRegistration(deps, requestContext(request), request.params.id, request.body.reason);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/admin/professionals',
    { schema: { tags, body: ProfessionalFields, response: { 201: Created, ...errors } } },
    async (request, reply) => {
      requireSupport(request);
      const created = await onboardProfessional(deps, requestContext(request), request.body);
      await refreshActivityZone(deps, created.id);
      return reply.status(201).send(created);
    },
  );

  r.get(
    '/api/admin/accounts',
    {
      schema: {
        tags,
        querystring: AccountListQuery,
        response: { 200: AccountList, ...errors },
      },
    },
    async (request) => {
      requireSupport(request);
      return listAccounts(deps, request.query);
    },
  );

  r.post(
    '/api/admin/accounts/:id/block',
    { schema: { tags, params: IdParams, body: BlockRequest.optional(), response: noContent } },
    async (request, reply) => {
      requireSupport(request);
      await blockAccount(deps, requestContext(request), request.params.id, request.body?.reason);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/admin/accounts/:id/unblock',
    { schema: { tags, params: IdParams, response: noContent } },
    async (request, reply) => {
      requireSupport(request);
      await unblockAccount(deps, requestContext(request), request.params.id);
      await refreshActivityZone(deps, request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/admin/accounts/:id/reset-password',
    { schema: { tags, params: IdParams, response: noContent } },
    async (request, reply) => {
      requireSupport(request);
      await resetPassword(deps, requestContext(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/admin/audit',
    { schema: { tags, querystring: AuditQuery, response: { 200: z.array(AuditRecord), ...errors } } },
    async (request) => {
      requireSupport(request);
      const records = await queryAudit(deps.db, request.query);
      await deps.db.transaction((tx) =>
        appendAudit(tx, deps.clock, requestContext(request), {
          action: 'audit.read',
          outcome: 'success',
          details: { filters: request.query, count: records.length },
        }),
      );
      return records;
    },
  );

  r.get(
    '/api/admin/audit/verify',
    { schema: { tags, response: { 200: AuditVerifyReply, ...errors } } },
    async (request) => {
      requireSupport(request);
      return verifyAudit(deps.db);
    },
  );
}
