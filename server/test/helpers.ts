import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../src/app.ts';
import { OffsetClock } from '../src/clock.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import type { Deps } from '../src/deps.ts';
import { createWorker, type Worker } from '../src/jobs/worker.ts';
import { DataCipher } from '../src/shared/crypto.ts';
import { createSupportAccount } from '../src/accounts/create-support-account.ts';
import { luhnKey } from '@relais/contracts';
import { withDatabase } from './global-setup.ts';

export const TEST_PASSWORD = 'Correct-Cheval-Agrafe-2026';

/** A fresh database for one test file: the migrated snapshot (PGlite) or a clone of the template (PostgreSQL). */
export async function openTestDatabase(): Promise<Database & { url: string | undefined }> {
  const snapshot = inject('pgliteSnapshot');
  if (snapshot) {
    const blob = new Blob([readFileSync(snapshot)]);
    const database = await openDatabase({ pgliteSnapshot: blob, migrations: false });
    return Object.assign(database, { url: undefined });
  }
  const base = process.env.RELAIS_TEST_DATABASE_URL;
  if (!base) throw new Error('no test database configured');
  const name = `relais_t_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
  await admin.end();
  const url = withDatabase(base, name);
  const database = await openDatabase({ databaseUrl: url, migrations: false, poolSize: 10 });
  return Object.assign(database, { url });
}

export interface TestApp {
  app: FastifyInstance;
  deps: Deps;
  clock: OffsetClock;
  database: Database & { url: string | undefined };
  worker: Worker;
  close(): Promise<void>;
}

export async function createTestApp(
  env: Record<string, string> = {},
  database?: Database & { url: string | undefined },
  logStream?: NodeJS.WritableStream,
): Promise<TestApp> {
  const config: Config = loadConfig({
    NODE_ENV: 'test',
    RELAIS_TEST_MODE: '1',
    RELAIS_DEMO: '0',
    RELAIS_LOGIN_RATE_PER_MINUTE: '10000',
    RELAIS_LOG_LEVEL: 'silent',
    RELAIS_DATA_DIR: '.tmp/test-data',
    RELAIS_WEB_DIST: '.tmp/no-web-dist',
    ...env,
  });
  const db = database ?? (await openTestDatabase());
  const clock = new OffsetClock();
  const cipher = new DataCipher(TEST_KEY);
  const workerRef: { current?: Worker } = {};
  const { app, deps } = await buildApp({
    config,
    database: db,
    clock,
    cipher,
    logger: logStream !== undefined,
    ...(logStream ? { logStream } : {}),
    runDueWork: () => workerRef.current?.runDueWork() ?? Promise.resolve(),
  });
  const worker = createWorker(deps);
  workerRef.current = worker;
  await app.ready();
  return {
    app,
    deps,
    clock,
    database: db,
    worker,
    close: async () => {
      await app.close();
      if (!database) await db.close();
    },
  };
}

export const TEST_KEY = randomBytes(32);

/** A valid RPPS (11 digits, Luhn key) built from a seed. */
export function rpps(seed: number): string {
  return withLuhn('10' + String(seed).padStart(8, '0'));
}
export function adeli(seed: number): string {
  return withLuhn('91' + String(seed).padStart(6, '0'));
}
const withLuhn = (body: string) => body + luhnKey(body);

let counter = 0;
/** Registration fields for a distinct professional (unique identifier, e-mail and phone). */
export function professionalFields(overrides: Record<string, unknown> = {}) {
  const n = ++counter + Math.floor(Math.random() * 1_000_000);
  return {
    identifierType: 'rpps',
    identifier: rpps(n),
    profession: '60',
    firstName: 'Claire',
    lastName: 'Martin',
    email: `claire.martin.${n}@exemple.fr`,
    mobilePhone: `06${String(n % 100_000_000).padStart(8, '0')}`,
    officeAddress: { line: '12 rue de la Paix', postalCode: '91000', city: 'Évry-Courcouronnes' },
    ...overrides,
  };
}

/** Smallest valid files of each accepted kind, and a few impostors. */
export const files = {
  png: Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  ),
  jpeg: Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0'),
    randomBytes(64),
    Buffer.from([0xff, 0xd9]),
  ]),
  pdf: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
  exeNamedPng: Buffer.concat([Buffer.from('MZ'), randomBytes(200)]),
  htmlAsPdf: Buffer.from('<html><script>alert(1)</script></html>'),
};

/** A multipart body as a browser would send it: text fields, nested address keys and one file. */
export function multipart(
  fields: Record<string, unknown>,
  file?: { name: string; filename: string; type: string; content: Buffer },
) {
  const boundary = `----relais${randomUUID()}`;
  const chunks: Buffer[] = [];
  const add = (name: string, value: string) =>
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  for (const [key, value] of Object.entries(fields)) {
    if (value !== null && typeof value === 'object')
      for (const [sub, v] of Object.entries(value as Record<string, string>)) add(`${key}.${sub}`, v);
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      add(key, String(value));
  }
  if (file)
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export async function register(
  app: FastifyInstance,
  fields: Record<string, unknown>,
  proof: Buffer | null = files.png,
): Promise<LightMyRequestResponse> {
  const body = multipart(
    { password: TEST_PASSWORD, ...fields },
    proof ? { name: 'proof', filename: 'carte-cps.png', type: 'image/png', content: proof } : undefined,
  );
  return app.inject({ method: 'POST', url: '/api/registrations', ...body });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function lastSms(app: FastifyInstance, to: string): Promise<string> {
  const res = await app.inject({
    method: 'GET',
    url: `/api/test/outbox?channel=sms&to=${encodeURIComponent(to)}`,
  });
  const list = res.json<{ body: string }[]>();
  if (!list[0]) throw new Error(`no SMS to ${to}`);
  return list[0].body;
}

export const codeIn = (sms: string) => /(\d{6})/.exec(sms)?.[1] ?? '';

export interface LoggedIn {
  token: string;
  deviceId: string;
  deviceSecret: string;
  userId: string;
}

/** Password + SMS code: the full first login on a new device. */
export async function loginWithCode(
  app: FastifyInstance,
  identifier: string,
  password: string,
  phone: string,
): Promise<LoggedIn> {
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { identifier, password },
  });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
  const { challengeId } = login.json<{ challengeId: string }>();
  const code = codeIn(await lastSms(app, phone));
  const otp = await app.inject({ method: 'POST', url: '/api/auth/otp', payload: { challengeId, code } });
  if (otp.statusCode !== 200) throw new Error(`otp failed: ${otp.statusCode} ${otp.body}`);
  const body = otp.json<{ token: string; deviceId: string; deviceSecret: string; user: { id: string } }>();
  return {
    token: body.token,
    deviceId: body.deviceId,
    deviceSecret: body.deviceSecret,
    userId: body.user.id,
  };
}

export const SUPPORT = {
  email: 'support@relais.test',
  password: 'Vigie-Ardente-Coquelicot-77',
  phone: '+33600000099',
};

export async function supportSession(t: TestApp): Promise<LoggedIn> {
  await createSupportAccount(t.deps.db, t.clock, SUPPORT);
  return loginWithCode(t.app, SUPPORT.email, SUPPORT.password, SUPPORT.phone);
}

/** Registers a professional, has support approve them, and logs them in with the SMS code. */
export async function activeProfessional(
  t: TestApp,
  support: LoggedIn,
  overrides: Record<string, unknown> = {},
) {
  const fields = professionalFields(overrides);
  const res = await register(t.app, fields);
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.body}`);
  const { id } = res.json<{ id: string }>();
  const approve = await t.app.inject({
    method: 'POST',
    url: `/api/admin/registrations/${id}/approve`,
    headers: bearer(support.token),
  });
  if (approve.statusCode !== 204) throw new Error(`approve failed: ${approve.body}`);
  const phone = '+33' + fields.mobilePhone.slice(1);
  const session = await loginWithCode(t.app, fields.email, TEST_PASSWORD, phone);
  return { ...session, fields, phone, id };
}
