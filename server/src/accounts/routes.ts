import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ChangePasswordRequest,
  ErrorBody,
  LoginReply,
  LoginRequest,
  OtpReply,
  OtpRequest,
  PatternLoginReply,
  PatternLoginRequest,
  PROOF_MAX_BYTES,
  RegistrationCreated,
  RegistrationFields,
  SetPatternRequest,
  MeReply,
} from '@relais/contracts';
import { appendAudit } from '../audit/append-audit.ts';
import type { Deps } from '../deps.ts';
import {
  deviceSecretFromCookie,
  requestContext,
  requireUser,
  SESSION_COOKIE,
  setDeviceCookie,
  setSessionCookie,
} from '../http/auth.ts';
import { zodFieldErrors } from '../http/errors.ts';
import { AppError } from '../shared/errors.ts';
import { changePassword } from './change-password.ts';
import { loginWithPattern, setDevicePattern } from './device-pattern.ts';
import { loginWithPassword } from './login-with-password.ts';
import { registerProfessional } from './register-professional.ts';
import { revokeSession } from './sessions.ts';
import { toUser } from './user-view.ts';
import { verifyLoginCode } from './verify-login-code.ts';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  410: ErrorBody,
  423: ErrorBody,
  429: ErrorBody,
};

/** Multipart fields by name; `officeAddress.line` style keys become a nested object. */
async function readRegistration(request: FastifyRequest) {
  const fields: Record<string, unknown> = {};
  let proof: Buffer | undefined;
  for await (const part of request.parts({ limits: { fileSize: PROOF_MAX_BYTES, files: 1, fields: 30 } })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'proof') {
        part.file.resume();
        throw new AppError('validation_failed', 'Champ de fichier inconnu.', {
          fields: { [part.fieldname]: 'Champ inconnu.' },
        });
      }
      proof = await part.toBuffer();
      continue;
    }
    const value = typeof part.value === 'string' ? part.value : String(part.value);
    const [head, sub] = part.fieldname.split('.', 2);
    if (!head) continue;
    if (head === 'officeAddress' && !sub) {
      try {
        fields.officeAddress = JSON.parse(value) as unknown;
      } catch {
        throw new AppError('validation_failed', 'Adresse invalide.', {
          fields: { officeAddress: 'Adresse invalide.' },
        });
      }
    } else if (sub) {
      const nested = (fields[head] ??= {}) as Record<string, unknown>;
      nested[sub] = value;
    } else if (value !== '' || head === 'password') fields[head] = value;
  }
  const parsed = RegistrationFields.safeParse(fields);
  if (!parsed.success)
    throw new AppError('validation_failed', 'Certains champs sont invalides.', {
      fields: zodFieldErrors(parsed.error),
    });
  return { fields: parsed.data, proof };
}

export function accountRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const authLimit = { rateLimit: { max: deps.config.loginRatePerMinute, timeWindow: 60_000 } };

  r.post(
    '/api/registrations',
    {
      config: authLimit,
      schema: {
        tags: ['accounts'],
        summary: 'D1: register (multipart: fields + proof file)',
        consumes: ['multipart/form-data'],
        response: { 201: RegistrationCreated, ...errors, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart())
        throw new AppError('unsupported_file_type', 'Un formulaire multipart est attendu.');
      const { fields, proof } = await readRegistration(request);
      const created = await registerProfessional(deps, requestContext(request), fields, proof);
      return reply.status(201).send({ id: created.id, status: 'pending' as const });
    },
  );

  r.post(
    '/api/auth/login',
    {
      config: authLimit,
      schema: { tags: ['accounts'], body: LoginRequest, response: { 200: LoginReply, ...errors } },
    },
    async (request, reply) => {
      const body = request.body;
      const deviceSecret = body.deviceSecret ?? deviceSecretFromCookie(request, body.deviceId);
      const result = await loginWithPassword(deps, requestContext(request), {
        identifier: body.identifier,
        password: body.password,
        ...(body.deviceId ? { deviceId: body.deviceId } : {}),
        ...(deviceSecret ? { deviceSecret } : {}),
      });
      if (result.kind === 'challenge')
        return { challengeId: result.challengeId, channel: 'sms' as const, phoneHint: result.phoneHint };
      setSessionCookie(reply, deps, result.token, result.expiresAt);
      return {
        token: result.token,
        user: toUser(result.user),
        mustChangePassword: result.user.mustChangePassword,
        expiresAt: result.expiresAt.toISOString(),
      };
    },
  );

  r.post(
    '/api/auth/otp',
    {
      config: authLimit,
      schema: { tags: ['accounts'], body: OtpRequest, response: { 200: OtpReply, ...errors } },
    },
    async (request, reply) => {
      const result = await verifyLoginCode(deps, requestContext(request), {
        ...request.body,
        userAgent: requestContext(request).userAgent,
      });
      setSessionCookie(reply, deps, result.token, result.expiresAt);
      setDeviceCookie(reply, deps, result.deviceId, result.deviceSecret);
      return {
        token: result.token,
        user: toUser(result.user),
        mustChangePassword: result.user.mustChangePassword,
        expiresAt: result.expiresAt.toISOString(),
        deviceId: result.deviceId,
        deviceSecret: result.deviceSecret,
      };
    },
  );

  r.post(
    '/api/auth/pattern',
    { schema: { tags: ['accounts'], body: SetPatternRequest, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const auth = requireUser(request);
      await setDevicePattern(
        deps,
        requestContext(request),
        { userId: auth.user.id, sessionDeviceId: auth.deviceId },
        request.body,
      );
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/auth/pattern-login',
    {
      config: authLimit,
      schema: {
        tags: ['accounts'],
        body: PatternLoginRequest,
        response: { 200: PatternLoginReply, ...errors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const result = await loginWithPattern(deps, requestContext(request), {
        deviceId: body.deviceId,
        deviceSecret: body.deviceSecret ?? deviceSecretFromCookie(request, body.deviceId),
        pattern: body.pattern,
      });
      setSessionCookie(reply, deps, result.token, result.expiresAt);
      return {
        token: result.token,
        user: toUser(result.user),
        mustChangePassword: result.user.mustChangePassword,
        expiresAt: result.expiresAt.toISOString(),
      };
    },
  );

  r.post(
    '/api/auth/password',
    { schema: { tags: ['accounts'], body: ChangePasswordRequest, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const auth = requireUser(request);
      await changePassword(
        deps,
        requestContext(request),
        { user: auth.user, sessionId: auth.sessionId },
        request.body,
      );
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/auth/logout',
    { schema: { tags: ['accounts'], response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const auth = request.auth;
      if (auth) {
        await deps.db.transaction(async (tx) => {
          await revokeSession(tx, deps.clock, auth.sessionId);
          await appendAudit(tx, deps.clock, requestContext(request), {
            action: 'logout',
            outcome: 'success',
          });
        });
      }
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/me',
    {
      schema: {
        tags: ['me'],
        response: { 200: MeReply, ...errors },
      },
    },
    (request) => {
      const auth = requireUser(request);
      return { user: toUser(auth.user), mustChangePassword: auth.user.mustChangePassword };
    },
  );
}
