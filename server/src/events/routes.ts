/**
 * `GET /api/events` — the live events of the signed-in user, over a WebSocket.
 *
 * Authentication: `Authorization: Bearer <token>`, else `?token=<token>` (clients that cannot set headers),
 * else the `relais_session` cookie (the web app; the handshake's Origin must then be ours). A socket without a
 * live session is closed at once with code 4401; one whose session expires, is revoked or loses its user
 * later is closed with 4401 at the next heartbeat. 4403: origin refused or temporary password to change
 * first. On 4401/4403 do not reconnect: sign in again.
 *
 * Query: `after=<id>` — the last event id this client saw (see below). Without it, only new events come.
 *
 * Server → client, JSON text frames:
 *   {"type":"hello","after":<id>,"resync":<bool>}   always first. `after` is where this socket starts: every
 *       event with a greater id for this user will follow, once each, in increasing id order. `resync: true`:
 *       events after your `after` may be gone (older than 7 days, or an id this server does not know);
 *       refetch your state through the API.
 *   {"id":<id>,"type":"message.new"|"care_request.new"|…, …payload}   an event. The payload holds ids and
 *       codes only; fetch details through the API, which applies your rights.
 *   {"type":"pong"}   the answer to a client ping.
 * Client → server: {"type":"ping"} (optional; the server also sends WebSocket pings every 25 s, which every
 * browser answers by itself; a client that misses two in a row is dropped).
 *
 * A client keeps `last = max(hello.after, every event id received)`, and after any other close (network,
 * 1001 restart, 1011, 1006) reconnects with `?after=<last>` and a growing, jittered delay. To lose nothing
 * on a first connection, open the socket, wait for the hello, then load the state through the API.
 * Closes: 4401 unauthenticated · 4403 forbidden · 1001 server stopping · 1011 internal error.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate } from '../accounts/sessions.ts';
import type { Deps } from '../deps.ts';
import { CLOSE_FORBIDDEN, CLOSE_UNAUTHENTICATED, type LiveHub } from './live-hub.ts';

declare module 'fastify' {
  interface FastifyInstance {
    liveEvents: LiveHub;
  }
}

const EventsQuery = z.object({
  after: z
    .string()
    .regex(/^\d{1,15}$/, 'Identifiant d’événement invalide.')
    .optional(),
  token: z.string().max(200).optional(),
});

/** The number of open live sockets of this process (for /metrics). */
export function liveSocketCount(app: FastifyInstance): number {
  return app.liveEvents.openSockets();
}

export function liveEventRoutes(app: FastifyInstance, deps: Deps, hub: LiveHub): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const allowedOrigin = new URL(deps.config.publicUrl).origin;

  r.get(
    '/api/events',
    {
      websocket: true,
      schema: { querystring: EventsQuery },
      // Before the upgrade, so that the socket handler stays synchronous and misses no frame.
      preHandler: async (request) => {
        const { token } = request.query;
        if (token !== undefined && !request.headers.authorization) {
          request.auth = await authenticate(deps.db, deps.clock, deps.config, token);
          request.authByCookie = false;
        }
      },
    },
    (socket, request) => {
      const auth = request.auth;
      if (!auth) {
        socket.close(CLOSE_UNAUTHENTICATED, 'Session expirée ou absente : reconnectez-vous.');
        return;
      }
      if (request.authByCookie && !originAllowed(request, allowedOrigin)) {
        socket.close(CLOSE_FORBIDDEN, 'Origine refusée.');
        return;
      }
      if (auth.user.mustChangePassword) {
        socket.close(CLOSE_FORBIDDEN, 'Changez votre mot de passe temporaire pour continuer.');
        return;
      }
      const { after } = request.query;
      hub.attach(socket, {
        userId: auth.user.id,
        sessionId: auth.sessionId,
        after: after === undefined ? undefined : Number(after),
      });
    },
  );
}

/**
 * SameSite=Strict keeps the cookie off cross-site handshakes, but not off sibling subdomains: a cookie
 * session must also come from our own origin (browsers always send Origin on a WebSocket handshake).
 */
function originAllowed(request: FastifyRequest, allowedOrigin: string): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  if (origin === allowedOrigin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
