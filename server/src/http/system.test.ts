import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import {
  activeProfessional,
  createTestApp,
  supportSession,
  TEST_PASSWORD,
  type TestApp,
} from '../../test/helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('HTTP surface', () => {
  it('answers health with the database kind', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      database: t.database.url ? 'postgres' : 'embedded',
      version: expect.any(String) as string,
    });
  });

  it('serves an OpenAPI document generated from the route schemas', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    for (const path of [
      '/api/registrations',
      '/api/auth/login',
      '/api/auth/otp',
      '/api/auth/pattern-login',
      '/api/admin/audit/verify',
    ])
      expect(doc.paths).toHaveProperty([path]);
  });

  it('sends hardening headers and no-store on API answers', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toContain('max-age');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers unknown routes and malformed JSON with coded French errors, never a stack trace', async () => {
    const missing = await t.app.inject({ url: '/api/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'not_found', message: 'Ressource introuvable.' } });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"identifier":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).not.toMatch(/at |node_modules|SyntaxError/);
  });

  it('rate limits the login endpoints', async () => {
    const limited = await createTestApp({ RELAIS_LOGIN_RATE_PER_MINUTE: '3' }, t.database);
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await limited.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { identifier: 'x@exemple.fr', password: 'Pas-le-bon-mot-de-passe' },
      });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    await limited.close();
  });
});

describe('logs', () => {
  it('D21: no password, login code, session token or device secret reaches a log line', async () => {
    let logged = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    const logging = await createTestApp({ RELAIS_LOG_LEVEL: 'trace' }, undefined, sink);
    const support = await supportSession(logging);
    const pro = await activeProfessional(logging, support);
    const sms = await logging.app.inject({
      url: `/api/test/outbox?channel=sms&to=${encodeURIComponent(pro.phone)}`,
    });
    const code = /(\d{6})/.exec(sms.json<{ body: string }[]>()[0]?.body ?? '')?.[1];
    await logging.worker.runDueWork();
    await logging.close();
    expect(logged.length).toBeGreaterThan(1000);
    for (const secret of [TEST_PASSWORD, code, pro.token, pro.deviceSecret, support.token]) {
      expect(secret).toBeTruthy();
      expect(logged).not.toContain(secret);
    }
  });
});
