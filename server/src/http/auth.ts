import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RequestContext } from '../audit/append-audit.ts';
import { authenticate, type Authenticated } from '../accounts/sessions.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../shared/errors.ts';

export const SESSION_COOKIE = 'relais_session';
export const DEVICE_COOKIE = 'relais_device';

declare module 'fastify' {
  interface FastifyRequest {
    auth: Authenticated | null;
    /** True when the session came from the cookie (then the origin check applies to writes). */
    authByCookie: boolean;
  }
}

export function requestContext(request: FastifyRequest): RequestContext {
  const ua = request.headers['user-agent'];
  return {
    actorId: request.auth?.user.id ?? null,
    actorRole: request.auth?.user.role ?? null,
    ip: request.ip,
    userAgent: typeof ua === 'string' ? ua.slice(0, 300) : null,
  };
}

/** Routes a session holding a temporary password may still use (D4: change it first). */
const ALLOWED_WITH_TEMPORARY_PASSWORD = new Set([
  'GET /api/me',
  'POST /api/auth/password',
  'POST /api/auth/logout',
  'POST /api/auth/pattern',
]);

export function requireUser(request: FastifyRequest): Authenticated {
  const auth = request.auth;
  if (!auth) throw new AppError('unauthenticated', 'Session expirée ou absente : reconnectez-vous.');
  const route = `${request.method} ${request.routeOptions.url ?? ''}`;
  if (auth.user.mustChangePassword && !ALLOWED_WITH_TEMPORARY_PASSWORD.has(route))
    throw new AppError('forbidden', 'Changez votre mot de passe temporaire pour continuer.', {
      reason: 'password_change_required',
    });
  return auth;
}

export function requireProfessional(request: FastifyRequest): Authenticated {
  const auth = requireUser(request);
  if (auth.user.role !== 'professional')
    throw new AppError('forbidden', 'Réservé aux professionnels de santé.');
  return auth;
}

export function requireSupport(request: FastifyRequest): Authenticated {
  const auth = requireUser(request);
  if (auth.user.role !== 'support') throw new AppError('forbidden', 'Réservé au support.');
  return auth;
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the session of every request (Bearer first, else the cookie). Cookie-authenticated writes must
 * come from our own origin: SameSite=Strict plus this check is the CSRF defence.
 */
export function installAuth(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('authByCookie', false);
  const allowedOrigins = new Set([new URL(deps.config.publicUrl).origin]);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const token = bearer(request);
    const cookieToken = request.cookies[SESSION_COOKIE];
    const chosen = token ?? cookieToken;
    if (!token && cookieToken && !SAFE_METHODS.has(request.method)) {
      const origin = request.headers.origin ?? refererOrigin(request.headers.referer);
      const host = request.headers.host;
      const sameHost = origin !== undefined && host !== undefined && new URL(origin).host === host;
      if (!origin || (!allowedOrigins.has(origin) && !sameHost))
        throw new AppError('csrf_rejected', 'Origine de la requête refusée.');
    }
    if (!chosen) return;
    request.auth = await authenticate(deps.db, deps.clock, deps.config, chosen);
    request.authByCookie = !token && request.auth !== null;
  });
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

export function setSessionCookie(reply: FastifyReply, deps: Deps, token: string, expiresAt: Date): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: deps.config.publicUrl.startsWith('https:'),
    path: '/',
    expires: expiresAt,
  });
}

export function setDeviceCookie(reply: FastifyReply, deps: Deps, deviceId: string, secret: string): void {
  void reply.setCookie(DEVICE_COOKIE, `${deviceId}.${secret}`, {
    httpOnly: true,
    sameSite: 'strict',
    secure: deps.config.publicUrl.startsWith('https:'),
    path: '/api/auth',
    maxAge: 365 * 24 * 3600,
  });
}

/** The device proof the web app keeps in its HttpOnly cookie, when it names this device. */
export function deviceSecretFromCookie(
  request: FastifyRequest,
  deviceId: string | undefined,
): string | undefined {
  const value = request.cookies[DEVICE_COOKIE];
  if (!value || !deviceId) return undefined;
  const [id, secret] = value.split('.');
  return id === deviceId ? secret : undefined;
}
