import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ErrorBody,
  PscLogoutReply,
  PscSessionReply,
  PscSignupRequest,
  PscSignupView,
  Session,
} from '@relais/contracts';
import { sql } from 'drizzle-orm';
import { rows } from '../db/client.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { revokeSession } from '../accounts/sessions.ts';
import { toUser } from '../accounts/user-view.ts';
import type { Deps } from '../deps.ts';
import { requestContext, requireUser, SESSION_COOKIE, setSessionCookie } from '../http/auth.ts';
import { PscClient } from './psc-client.ts';
import {
  completePscCallback,
  completePscSignup,
  FLOW_TTL_MS,
  pscEndSessionUrl,
  PscRefusal,
  readPscSignup,
  SIGNUP_TTL_MS,
  startPscFlow,
} from './psc-login.ts';

export const PSC_FLOW_COOKIE = 'relais_psc_flow';
export const PSC_SIGNUP_COOKIE = 'relais_psc_signup';
const COOKIE_PATH = '/api/auth/psc';

/** The PSC client in use: from the configuration, or the local provider the demo starts after listening. */
export interface PscHolder {
  current: PscClient | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    psc: PscHolder;
  }
}

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody, 410: ErrorBody };

/** Where the web app shows a refusal of the PSC login, in French (PSC_ERROR_MESSAGES). */
const refusedTo = (code: string) => `/connexion?psc_error=${encodeURIComponent(code)}`;

export function pscRoutes(app: FastifyInstance, deps: Deps): void {
  const holder: PscHolder = { current: deps.config.psc ? new PscClient(deps.config.psc) : null };
  app.decorate('psc', holder);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const authLimit = { rateLimit: { max: deps.config.loginRatePerMinute, timeWindow: 60_000 } };
  const secure = deps.config.publicUrl.startsWith('https:');

  const clearFlow = (reply: FastifyReply) => reply.clearCookie(PSC_FLOW_COOKIE, { path: COOKIE_PATH });

  r.get(
    '/api/auth/psc/start',
    {
      config: authLimit,
      schema: { tags: ['accounts'], summary: 'D2: log in with e-CPS (redirects to PSC)' },
    },
    async (_request, reply) => {
      const psc = holder.current;
      if (!psc) return reply.redirect(refusedTo('psc_unavailable'));
      try {
        const flow = await startPscFlow(deps, psc);
        // Lax, not Strict: the callback arrives as a top-level navigation from PSC's site.
        void reply.setCookie(PSC_FLOW_COOKIE, flow.binding, {
          httpOnly: true,
          sameSite: 'lax',
          secure,
          path: COOKIE_PATH,
          maxAge: FLOW_TTL_MS / 1000,
        });
        return await reply.redirect(flow.authorizationUrl.toString());
      } catch (error) {
        deps.log.error({ err: error }, 'PSC authorization request failed');
        return reply.redirect(refusedTo('psc_unavailable'));
      }
    },
  );

  r.get(
    '/api/auth/psc/callback',
    {
      config: authLimit,
      schema: {
        tags: ['accounts'],
        summary: 'D2: PSC redirects here (code flow); answers with a redirect into the web app',
        querystring: z.looseObject({
          code: z.string().max(2048).optional(),
          state: z.string().max(512).optional(),
          error: z.string().max(200).optional(),
        }),
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      clearFlow(reply);
      const psc = holder.current;
      try {
        if (!psc) throw new PscRefusal('psc_unavailable', 'psc_not_configured');
        const outcome = await completePscCallback(deps, ctx, psc, {
          binding: request.cookies[PSC_FLOW_COOKIE],
          search,
        });
        if (outcome.kind === 'signup') {
          void reply.setCookie(PSC_SIGNUP_COOKIE, outcome.signupToken, {
            httpOnly: true,
            sameSite: 'strict',
            secure,
            path: COOKIE_PATH,
            maxAge: SIGNUP_TTL_MS / 1000,
          });
          return await reply.redirect('/inscription/e-cps');
        }
        setSessionCookie(reply, deps, outcome.token, outcome.expiresAt);
        return await reply.redirect('/');
      } catch (error) {
        if (error instanceof PscRefusal) return reply.redirect(refusedTo(error.code));
        deps.log.error({ err: error }, 'PSC callback failed');
        return reply.redirect(refusedTo('psc_unavailable'));
      }
    },
  );

  r.get(
    '/api/auth/psc/signup',
    { schema: { tags: ['accounts'], response: { 200: PscSignupView, ...errors } } },
    async (request) => readPscSignup(deps, request.cookies[PSC_SIGNUP_COOKIE]),
  );

  r.post(
    '/api/auth/psc/signup',
    {
      config: authLimit,
      schema: { tags: ['accounts'], body: PscSignupRequest, response: { 200: Session, ...errors } },
    },
    async (request, reply) => {
      const result = await completePscSignup(
        deps,
        requestContext(request),
        request.cookies[PSC_SIGNUP_COOKIE],
        request.body,
      );
      void reply.clearCookie(PSC_SIGNUP_COOKIE, { path: COOKIE_PATH });
      setSessionCookie(reply, deps, result.token, result.expiresAt);
      return {
        token: result.token,
        user: toUser(result.user),
        mustChangePassword: false,
        expiresAt: result.expiresAt.toISOString(),
      };
    },
  );

  r.get(
    '/api/auth/psc/session',
    { schema: { tags: ['accounts'], response: { 200: PscSessionReply, ...errors } } },
    async (request) => {
      const auth = requireUser(request);
      const found = await rows(
        deps.db,
        sql`SELECT 1 FROM psc_session_tokens WHERE session_id = ${auth.sessionId}`,
      );
      return { viaPsc: found.length > 0 };
    },
  );

  r.post(
    '/api/auth/psc/logout',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Log out of Relais and get the URL that ends the PSC session too',
        response: { 200: PscLogoutReply, ...errors },
      },
    },
    async (request, reply) => {
      const auth = requireUser(request);
      const psc = holder.current;
      const postLogout = psc ? new URL('/connexion', psc.redirectUri).toString() : '';
      const endSessionUrl = await pscEndSessionUrl(deps, psc, auth.sessionId, postLogout);
      await deps.db.transaction(async (tx) => {
        await revokeSession(tx, deps.clock, auth.sessionId);
        await appendAudit(tx, deps.clock, requestContext(request), {
          action: 'logout',
          outcome: 'success',
          details: { psc: endSessionUrl !== null },
        });
      });
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { endSessionUrl };
    },
  );
}
