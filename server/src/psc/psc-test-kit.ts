/**
 * Shared helpers of the PSC tests (psc.test.ts, psc-mtls.test.ts): the code flow walked without a browser against
 * the local provider, and the checks of a refused callback. Test-only: not loaded by the server.
 */
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { PSC_ERROR_MESSAGES, pscErrorMessage } from '@relais/contracts';
import type { TestApp } from '../../test/helpers.ts';
import { rows } from '../db/client.ts';

/** A browser's cookie jar for the provider's origin (its interaction and session cookies). */
/** The public URL the Relais under test is registered with at the local provider, and its callback. */
export const RELAIS = 'http://relais.test';
export const CALLBACK = `${RELAIS}/api/auth/psc/callback`;

export class Jar {
  readonly cookies = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attrs.some(
        (a) => /^\s*expires=/i.test(a) && new Date(a.split('=')[1] ?? '') < new Date(),
      );
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export function setCookies(res: LightMyRequestResponse): Map<string, string> {
  const raw = res.headers['set-cookie'];
  const lines = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const out = new Map<string, string>();
  for (const line of lines) {
    const pair = line.split(';')[0] ?? '';
    const at = pair.indexOf('=');
    out.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return out;
}

export interface Started {
  authorizationUrl: URL;
  flowCookie: string;
}

/** GET /api/auth/psc/start: the redirect to the provider and the browser's flow cookie. */
export async function start(app: TestApp): Promise<Started> {
  const res = await app.app.inject({ method: 'GET', url: '/api/auth/psc/start' });
  expect(res.statusCode).toBe(302);
  const flowCookie = setCookies(res).get('relais_psc_flow');
  expect(flowCookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return { authorizationUrl: new URL(String(res.headers.location)), flowCookie: flowCookie ?? '' };
}

type BrowserFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; redirect: 'manual' },
) => Promise<Response>;

/**
 * Walks the provider like a browser: authorize → login page → choose the identity → back to Relais' callback
 * (`callbackUrl`). `browserFetch` replaces the global fetch (e.g. to trust a test CA over HTTPS).
 */
export async function authenticateAtProvider(
  authorizationUrl: URL,
  identityId: string,
  callbackUrl: string,
  browserFetch: BrowserFetch = (url, init) => fetch(url, init),
): Promise<URL> {
  const jar = new Jar();
  let url = authorizationUrl;
  let form: URLSearchParams | null = null;
  for (let hop = 0; hop < 12; hop++) {
    const res = await browserFetch(url.href, {
      redirect: 'manual',
      method: form ? 'POST' : 'GET',
      headers: {
        cookie: jar.header(),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: form.toString() } : {}),
    });
    jar.take(res);
    form = null;
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location') ?? '', url);
      if (next.href.startsWith(callbackUrl)) return next;
      url = next;
      continue;
    }
    const html = await res.text();
    expect(res.status, html).toBe(200);
    const action = /<form method="post" action="([^"]+\/login)"/.exec(html)?.[1];
    expect(html).toContain(identityId);
    if (!action) throw new Error(`no login form in ${html}`);
    url = new URL(action, url);
    form = new URLSearchParams({ identity: identityId });
  }
  throw new Error('too many redirects at the provider');
}

/** The browser coming back to Relais' callback (with its flow cookie, or without when null). */
export const callback = (app: TestApp, to: URL, flowCookie: string | null) =>
  app.app.inject({
    method: 'GET',
    url: `${to.pathname}${to.search}`,
    ...(flowCookie ? { cookies: { relais_psc_flow: flowCookie } } : {}),
  });

export async function lastAudit(app: TestApp, action: string) {
  const [row] = await rows<{ outcome: string; actor_id: string | null; details: Record<string, unknown> }>(
    app.deps.db,
    sql`SELECT outcome, actor_id, details FROM audit_log WHERE action = ${action} ORDER BY seq DESC LIMIT 1`,
  );
  return row;
}

export const sessionCount = async (app: TestApp, userId: string) =>
  Number(
    (
      await rows<{ n: string | number }>(
        app.deps.db,
        sql`SELECT count(*) AS n FROM sessions WHERE user_id = ${userId} AND revoked_at IS NULL`,
      )
    )[0]?.n,
  );

/** A refused callback: back to the login screen with the French message's code, audited, no session. */
export async function expectRefused(
  app: TestApp,
  res: LightMyRequestResponse,
  code: keyof typeof PSC_ERROR_MESSAGES,
  reason: RegExp,
) {
  expect(res.statusCode).toBe(302);
  expect(res.headers.location).toBe(`/connexion?psc_error=${code}`);
  expect(setCookies(res).get('relais_session')).toBeUndefined();
  expect(setCookies(res).get('relais_psc_signup')).toBeUndefined();
  expect(pscErrorMessage(code)).toMatch(/[a-zé]/);
  const audit = await lastAudit(app, 'login.psc');
  expect(audit?.outcome).toBe('refused');
  expect(String(audit?.details.reason)).toMatch(reason);
  return audit;
}
