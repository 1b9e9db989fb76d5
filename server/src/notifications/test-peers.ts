/**
 * Real local peers for the delivery tests and the push-fanout benchmark (not loaded by the server):
 * an HTTPS Web Push endpoint with a certificate generated at start, which checks the VAPID signature and DECRYPTS
 * every payload with `http_ece` using the subscription's private key; and an HTTP SMS gateway.
 */
import { execFileSync } from 'node:child_process';
import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { Agent, createServer as createHttpsServer } from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ece = createRequire(import.meta.url)('http_ece') as {
  decrypt(buffer: Buffer, params: { version: string; privateKey: ECDH; authSecret: string }): Buffer;
};

/** A self-signed certificate for 127.0.0.1, made by openssl for this run. */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'relais-push-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ReceivedPush {
  /** The subscription's name (the endpoint's last path segment). */
  name: string;
  headers: IncomingHttpHeaders;
  /** The decrypted payload, parsed; null when it could not be decrypted. */
  payload: Record<string, unknown> | null;
  /** True when the VAPID JWT is signed by the key it announces and names this endpoint's origin. */
  vapidValid: boolean;
  at: number;
}

export interface TestSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** Verifies `Authorization: vapid t=<jwt>, k=<public key>` (ES256, audience = this origin, not expired). */
function checkVapid(header: string | undefined, origin: string): boolean {
  const match = /^vapid t=([^,]+),\s*k=(\S+)$/.exec(header ?? '');
  if (!match?.[1] || !match[2]) return false;
  const [h, p, s] = match[1].split('.');
  if (!h || !p || !s) return false;
  const point = Buffer.from(match[2], 'base64url');
  if (point.length !== 65) return false;
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const ok = verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s, 'base64url'),
  );
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as { aud?: string; exp?: number };
  return ok && claims.aud === origin && (claims.exp ?? 0) * 1000 > Date.now();
}

export interface PushEndpoint {
  origin: string;
  ca: string;
  received: ReceivedPush[];
  /** A new browser subscription on this endpoint (its private key stays here, to decrypt). */
  subscribe(name?: string): TestSubscription;
  /** Answers this status for one subscription (or every one with '*'); 201 by default. */
  setStatus(name: string, status: number): void;
  /** Delay before answering, ms. */
  setDelay(ms: number): void;
  /** Stops listening and cuts open connections (the push service is down). */
  down(): Promise<void>;
  up(): Promise<void>;
  /** An agent that trusts this endpoint's certificate. */
  agent(): Agent;
  stop(): Promise<void>;
}

export async function startPushEndpoint(
  options: { decrypt?: boolean; port?: number } = {},
): Promise<PushEndpoint> {
  const { key, cert } = selfSignedCertificate();
  const decrypt = options.decrypt ?? true;
  const keys = new Map<string, { ecdh: ECDH; auth: string }>();
  const statuses = new Map<string, number>();
  const received: ReceivedPush[] = [];
  let delay = 0;
  let origin = '';
  const sockets = new Set<Socket>();
  const server = createHttpsServer({ key, cert, keepAlive: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const name = (req.url ?? '').split('/').pop() ?? '';
      const subscriber = keys.get(name);
      let payload: Record<string, unknown> | null = null;
      if (subscriber && decrypt)
        try {
          payload = JSON.parse(
            ece
              .decrypt(Buffer.concat(chunks), {
                version: 'aes128gcm',
                privateKey: subscriber.ecdh,
                authSecret: subscriber.auth,
              })
              .toString('utf8'),
          ) as Record<string, unknown>;
        } catch {
          payload = null;
        }
      const status = statuses.get(name) ?? statuses.get('*') ?? 201;
      const answer = () => {
        if (status >= 200 && status < 300)
          received.push({
            name,
            headers: req.headers,
            payload,
            vapidValid: decrypt ? checkVapid(req.headers.authorization, origin) : true,
            at: Date.now(),
          });
        res.writeHead(status).end();
      };
      if (delay) setTimeout(answer, delay);
      else answer();
    });
  });
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const port = await listen(options.port ?? 0);
  origin = `https://127.0.0.1:${port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
      for (const s of sockets) s.destroy();
    });
  return {
    origin,
    ca: cert,
    received,
    subscribe(name = randomBytes(8).toString('hex')) {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16).toString('base64url');
      keys.set(name, { ecdh, auth });
      return {
        endpoint: `${origin}/push/${name}`,
        keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth },
      };
    },
    setStatus: (name, status) => statuses.set(name, status),
    setDelay: (ms) => {
      delay = ms;
    },
    down: close,
    up: async () => {
      await listen(port);
    },
    agent: () => new Agent({ ca: cert, keepAlive: true, maxSockets: 128 }),
    stop: close,
  };
}

export interface SmsGateway {
  url: string;
  received: { key: string | undefined; to: string; text: string }[];
  setStatus(status: number): void;
  stop(): Promise<void>;
}

/** An HTTP SMS gateway: records each message with its idempotency key, answers the status the test chooses. */
export async function startSmsGateway(): Promise<SmsGateway> {
  const received: SmsGateway['received'] = [];
  let status = 202;
  const server = createHttpServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      if (status < 300) {
        const body = JSON.parse(data) as { to: string; text: string };
        received.push({
          key: req.headers['idempotency-key'] as string | undefined,
          to: body.to,
          text: body.text,
        });
      }
      res.writeHead(status).end('{}');
    });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      resolve((server.address() as AddressInfo).port);
    }),
  );
  return {
    url: `http://127.0.0.1:${port}/sms`,
    received,
    setStatus: (s) => {
      status = s;
    },
    stop: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}
