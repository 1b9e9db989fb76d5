import { existsSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountRoutes } from './accounts/routes.ts';
import { adminRoutes } from './admin/routes.ts';
import { directoryRoutes } from './directory/routes.ts';
import { createLiveHub } from './events/live-hub.ts';
import { liveEventRoutes } from './events/routes.ts';
import { professionalsRoutes } from './professionals/routes.ts';
import { patientRoutes } from './patients/routes.ts';
import { careRequestRoutes } from './care-requests/routes.ts';
import { assessmentRoutes } from './assessments/routes.ts';
import { messagingRoutes } from './messaging/routes.ts';
import { fhirRoutes } from './fhir/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { pscRoutes } from './psc/routes.ts';
import type { Clock } from './clock.ts';
import { OffsetClock } from './clock.ts';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import type { Deps } from './deps.ts';
import { installAuth } from './http/auth.ts';
import { installErrorHandler } from './http/errors.ts';
import { healthRoutes, testRoutes } from './http/system-routes.ts';
import type { DataCipher } from './shared/crypto.ts';
import { VERSION } from './version.ts';

z.config(z.locales.fr());

export interface AppOptions {
  config: Config;
  database: Database;
  clock: Clock;
  cipher: DataCipher;
  /** Runs due work (deliveries, phase changes) at once; test mode's clock route calls it before replying. */
  runDueWork?: () => Promise<void>;
  logger?: boolean;
  /** Where log lines go (tests capture them); stdout by default. */
  logStream?: NodeJS.WritableStream;
}

/** Patient fields and secrets never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.current',
  '*.next',
  '*.code',
  '*.token',
  '*.deviceSecret',
];

/** The URL is logged with every request, and `/api/events?token=` carries a session token. */
function requestForLog(request: FastifyRequest) {
  return {
    method: request.method,
    url: request.url.replace(/([?&]token=)[^&]*/gi, '$1[redacted]'),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket.remotePort,
  };
}

export async function buildApp(options: AppOptions): Promise<{ app: FastifyInstance; deps: Deps }> {
  const { config } = options;
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            serializers: { req: requestForLog },
            ...(options.logStream ? { stream: options.logStream } : {}),
          },
    trustProxy: config.production,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
  });
  const deps: Deps = {
    config,
    database: options.database,
    db: options.database.db,
    clock: options.clock,
    cipher: options.cipher,
    log: app.log,
  };
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Relais API',
        version: VERSION,
        description: 'Coordination des soins entre professionnels de santé',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'relais_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        frameSrc: ["'self'", 'blob:'],
        objectSrc: ["'self'", 'blob:'],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        upgradeInsecureRequests: config.publicUrl.startsWith('https:') ? [] : null,
      },
    },
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 30 } });
  await app.register(rateLimit, { global: false });
  await app.register(websocket, { options: { maxPayload: 4096 } });
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
  });
  installAuth(app, deps);

  healthRoutes(app, deps);
  accountRoutes(app, deps);
  pscRoutes(app, deps);
  adminRoutes(app, deps);
  directoryRoutes(app, deps);
  professionalsRoutes(app, deps);
  patientRoutes(app, deps);
  const liveEvents = createLiveHub(deps);
  app.decorate('liveEvents', liveEvents);
  app.addHook('onReady', () => liveEvents.start());
  app.addHook('onClose', () => liveEvents.stop());
  liveEventRoutes(app, deps, liveEvents);
  careRequestRoutes(app, deps);
  assessmentRoutes(app, deps);
  messagingRoutes(app, deps);
  fhirRoutes(app, deps);
  notificationRoutes(app, deps);
  if (config.testMode) {
    if (!(options.clock instanceof OffsetClock)) throw new Error('test mode needs an OffsetClock');
    testRoutes(app, deps, options.clock, options.runDueWork ?? (() => Promise.resolve()));
  }
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  const webDist = existsSync(config.webDist) ? config.webDist : null;
  if (webDist) await app.register(fastifyStatic, { root: webDist, wildcard: false });
  // The web app routes in the browser: unknown non-API pages serve its shell; everything else is a coded 404.
  app.setNotFoundHandler((request, reply) => {
    if (webDist && request.method === 'GET' && !request.url.startsWith('/api/'))
      return reply.type('text/html').sendFile('index.html');
    return reply.status(404).send({ error: { code: 'not_found', message: 'Ressource introuvable.' } });
  });
  return { app, deps };
}
