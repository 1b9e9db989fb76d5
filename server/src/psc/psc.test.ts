import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PSC_ERROR_MESSAGES } from '@relais/contracts';
import {
  activeProfessional,
  bearer,
  createTestApp,
  rpps,
  supportSession,
  type LoggedIn,
  type TestApp,
} from '../../test/helpers.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { rows } from '../db/client.ts';
import { sha256Hex } from '../shared/crypto.ts';
import { DEMO_PROFESSIONALS } from '../db/demo-seed.ts';
import { profileFromClaims } from './psc-claims.ts';
import {
  demoPscIdentities,
  pscIdentity,
  startLocalPscProvider,
  type LocalPscIdentity,
  type LocalPscProvider,
} from './local-provider.ts';
import * as kit from './psc-test-kit.ts';

const { RELAIS, CALLBACK } = kit;
const seed = 900_000 + Math.floor(Math.random() * 90_000);
const RPPS = {
  newcomer: rpps(seed),
  existing: rpps(seed + 1),
  weakAcr: rpps(seed + 2),
  noNationalId: rpps(seed + 3),
  blocked: rpps(seed + 4),
  jwt: rpps(seed + 5),
  replay: rpps(seed + 6),
};
const address = { number: '4', streetType: 'AV', streetTypeLabel: 'Avenue', street: 'de la Liberté' };
const place = { postalCode: '91000', inseeCode: '91228', city: 'Évry-Courcouronnes' };
const identity = (rppsNumber: string, extra: Partial<Parameters<typeof pscIdentity>[0]> = {}) =>
  pscIdentity({
    rpps: rppsNumber,
    firstName: 'Élodie',
    lastName: 'Marchand',
    profession: '60',
    address,
    ...place,
    ...extra,
  });
const identities: Record<keyof typeof RPPS, LocalPscIdentity> = {
  newcomer: identity(RPPS.newcomer, { savoirFaire: 'SI01' }),
  existing: identity(RPPS.existing, { firstName: 'Claire', lastName: 'Martin' }),
  weakAcr: identity(RPPS.weakAcr, { acr: 'eidas0' }),
  noNationalId: identity(RPPS.noNationalId, { withNationalId: false }),
  blocked: identity(RPPS.blocked),
  jwt: identity(RPPS.jwt, { firstName: 'Hugo', lastName: 'Perrin', profession: '70' }),
  replay: identity(RPPS.replay, { firstName: 'Karim', lastName: 'Benali' }),
};

let provider: LocalPscProvider;
let t: TestApp;
let tJwt: TestApp;
let support: LoggedIn;

beforeAll(async () => {
  const client = {
    redirect_uris: [CALLBACK],
    post_logout_redirect_uris: [`${RELAIS}/connexion`],
    token_endpoint_auth_method: 'client_secret_basic' as const,
  };
  provider = await startLocalPscProvider({
    identities: Object.values(identities),
    clients: [
      { ...client, client_id: 'relais-test', client_secret: 'secret-json-userinfo' },
      {
        ...client,
        client_id: 'relais-jwt',
        client_secret: 'secret-jwt-userinfo',
        userinfo_signed_response_alg: 'RS256',
      },
    ],
  });
  const env = { RELAIS_PUBLIC_URL: RELAIS, RELAIS_PSC_ISSUER: provider.issuer };
  t = await createTestApp({
    ...env,
    RELAIS_PSC_CLIENT_ID: 'relais-test',
    RELAIS_PSC_CLIENT_SECRET: 'secret-json-userinfo',
  });
  tJwt = await createTestApp(
    { ...env, RELAIS_PSC_CLIENT_ID: 'relais-jwt', RELAIS_PSC_CLIENT_SECRET: 'secret-jwt-userinfo' },
    t.database,
  );
  support = await supportSession(t);
}, 180_000);
afterAll(async () => {
  await tJwt.close();
  await t.close();
  await provider.close();
});

const start = (app: TestApp = t) => kit.start(app);
const authenticateAtProvider = (authorizationUrl: URL, identityId: string) =>
  kit.authenticateAtProvider(authorizationUrl, identityId, CALLBACK);
const { callback, setCookies } = kit;

async function pscLogin(key: keyof typeof identities, app: TestApp = t) {
  const started = await start(app);
  const back = await authenticateAtProvider(started.authorizationUrl, identities[key].id);
  const res = await callback(app, back, started.flowCookie);
  return { started, back, res };
}

const lastAudit = (action: string) => kit.lastAudit(t, action);
const sessionCount = (userId: string) => kit.sessionCount(t, userId);
const expectRefused = (res: LightMyRequestResponse, code: keyof typeof PSC_ERROR_MESSAGES, reason: RegExp) =>
  kit.expectRefused(t, res, code, reason);

describe('D2 — e-CPS through Pro Santé Connect', () => {
  it('D2 — the authorization request asks for scope_all, acr eidas1, PKCE S256, state and nonce, found through PSC’s discovery path', async () => {
    const { authorizationUrl, flowCookie } = await start();
    expect(authorizationUrl.origin).toBe(provider.issuer);
    const q = authorizationUrl.searchParams;
    expect(q.get('scope')).toBe('openid scope_all');
    expect(q.get('acr_values')).toBe('eidas1');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')?.length).toBeGreaterThan(20);
    expect(q.get('nonce')?.length).toBeGreaterThan(20);
    expect(q.get('redirect_uri')).toBe(CALLBACK);
    // State, nonce and verifier stay on the server; the cookie only names the flow.
    const [flow] = await rows<{ state: string; code_verifier: string }>(
      t.deps.db,
      sql`SELECT state, code_verifier FROM psc_flows WHERE binding_hash = ${sha256Hex(flowCookie)}`,
    );
    expect(flow?.state).toBe(q.get('state'));
    expect(flow?.code_verifier).not.toBe(q.get('code_challenge'));
  });

  it('D2 — a new professional gets an active account from the PSC claims, completes phone and e-mail, and is logged in without SMS', async () => {
    const { res } = await pscLogin('newcomer');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/inscription/e-cps');
    const signupCookie = setCookies(res).get('relais_psc_signup') ?? '';
    expect(signupCookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(setCookies(res).get('relais_session')).toBeUndefined();

    const view = await t.app.inject({
      method: 'GET',
      url: '/api/auth/psc/signup',
      cookies: { relais_psc_signup: signupCookie },
    });
    expect(view.statusCode).toBe(200);
    expect(view.json()).toEqual({
      firstName: 'Élodie',
      lastName: 'Marchand',
      profession: '60',
      specialty: 'SI01',
      identifierType: 'rpps',
      identifier: RPPS.newcomer,
      officeAddress: { line: '4 Avenue de la Liberté', postalCode: '91000', city: 'Évry-Courcouronnes' },
    });

    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/auth/psc/signup',
      cookies: { relais_psc_signup: signupCookie },
      payload: { email: 'pas-un-email', mobilePhone: '0123' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/invalides|invalide/);

    const email = `elodie.${seed}@exemple.fr`;
    const done = await t.app.inject({
      method: 'POST',
      url: '/api/auth/psc/signup',
      cookies: { relais_psc_signup: signupCookie },
      payload: { email, mobilePhone: '06 12 34 56 78' },
    });
    expect(done.statusCode, done.body).toBe(200);
    const session = done.json<{ token: string; user: { id: string; status: string; profession: string } }>();
    expect(setCookies(done).get('relais_session')).toBe(session.token);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(session.token) });
    expect(me.statusCode).toBe(200);
    expect(me.json<{ user: { email: string; identifier: string; status: string } }>().user).toMatchObject({
      email,
      identifier: RPPS.newcomer,
      status: 'active',
    });
    const [user] = await rows<{
      status: string;
      password_hash: string | null;
      mobile_phone: string;
      office_line: string;
    }>(
      t.deps.db,
      sql`SELECT status, password_hash, mobile_phone, office_line FROM users WHERE id = ${session.user.id}`,
    );
    expect(user).toEqual({
      status: 'active',
      password_hash: null,
      mobile_phone: '+33612345678',
      office_line: '4 Avenue de la Liberté',
    });
    const [s] = await rows<{ method: string }>(
      t.deps.db,
      sql`SELECT method FROM sessions WHERE user_id = ${session.user.id}`,
    );
    expect(s?.method).toBe('psc');
    const outbox = await t.app.inject({
      method: 'GET',
      url: '/api/test/outbox?channel=sms&to=%2B33612345678',
    });
    expect(outbox.json()).toEqual([]);
    expect((await lastAudit('registration.psc'))?.actor_id).toBe(session.user.id);

    // The completion is single-use.
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/psc/signup',
      cookies: { relais_psc_signup: signupCookie },
      payload: { email: `autre.${seed}@exemple.fr`, mobilePhone: '0612345679' },
    });
    expect(again.statusCode).toBe(410);

    // Next time, PSC logs them straight in.
    const next = await pscLogin('newcomer');
    expect(next.res.headers.location).toBe('/');
    expect(setCookies(next.res).get('relais_session')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('D2 — an existing account with the same RPPS is linked and a session opens at once, no SMS code; logout can end the PSC session', async () => {
    const pro = await activeProfessional(t, support, { identifier: RPPS.existing });
    const before = await sessionCount(pro.userId);
    const { res } = await pscLogin('existing');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/');
    const token = setCookies(res).get('relais_session') ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', cookies: { relais_session: token } });
    expect(me.json<{ user: { id: string } }>().user.id).toBe(pro.userId);
    expect(await sessionCount(pro.userId)).toBe(before + 1);
    const [link] = await rows<{ national_id: string }>(
      t.deps.db,
      sql`SELECT national_id FROM psc_links WHERE user_id = ${pro.userId}`,
    );
    expect(link?.national_id).toBe(`8${RPPS.existing}`);
    const audit = await lastAudit('login.psc');
    expect(audit).toMatchObject({ outcome: 'success', actor_id: pro.userId });
    expect(audit?.details.result).toBe('linked');

    const via = await t.app.inject({ method: 'GET', url: '/api/auth/psc/session', headers: bearer(token) });
    expect(via.json()).toEqual({ viaPsc: true });
    const viaPwd = await t.app.inject({
      method: 'GET',
      url: '/api/auth/psc/session',
      headers: bearer(pro.token),
    });
    expect(viaPwd.json()).toEqual({ viaPsc: false });
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/psc/logout', headers: bearer(token) });
    expect(out.statusCode).toBe(200);
    const endSessionUrl = new URL(out.json<{ endSessionUrl: string }>().endSessionUrl);
    expect(endSessionUrl.origin).toBe(provider.issuer);
    expect(endSessionUrl.searchParams.get('id_token_hint')?.split('.')).toHaveLength(3);
    expect(endSessionUrl.searchParams.get('post_logout_redirect_uri')).toBe(`${RELAIS}/connexion`);
    const endSession = await fetch(endSessionUrl, { redirect: 'manual' });
    expect(endSession.status).toBe(200);
    expect(await endSession.text()).toMatch(/logout|déconnexion/i);
    const gone = await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
    expect(gone.statusCode).toBe(401);

    // A password session has nothing to end at PSC.
    const pwd = await t.app.inject({
      method: 'POST',
      url: '/api/auth/psc/logout',
      headers: bearer(pro.token),
    });
    expect(pwd.json()).toEqual({ endSessionUrl: null });
  });

  it('D2 — userinfo answered as a signed JWT is accepted (PSC’s format)', async () => {
    const { res } = await pscLogin('jwt', tJwt);
    expect(res.headers.location).toBe('/inscription/e-cps');
    const view = await tJwt.app.inject({
      method: 'GET',
      url: '/api/auth/psc/signup',
      cookies: { relais_psc_signup: setCookies(res).get('relais_psc_signup') ?? '' },
    });
    expect(view.json()).toMatchObject({ firstName: 'Hugo', lastName: 'Perrin', profession: '70' });
  });

  it('D2 — a wrong state is refused, audited, no session, and the flow cannot be retried', async () => {
    const started = await start();
    const back = await authenticateAtProvider(started.authorizationUrl, identities.existing.id);
    const forged = new URL(back);
    forged.searchParams.set('state', 'etat-forge-par-un-attaquant');
    await expectRefused(await callback(t, forged, started.flowCookie), 'psc_state', /^state_mismatch$/);
    await expectRefused(await callback(t, back, started.flowCookie), 'psc_state', /^flow_replayed$/);
    // A callback without the browser's flow cookie (another browser) is refused too.
    await expectRefused(await callback(t, back, null), 'psc_state', /^flow_missing$/);
  });

  it('D2 — a replayed authorization code is refused: same callback again, or injected into a new flow', async () => {
    const pro = await activeProfessional(t, support, { identifier: RPPS.replay });
    const login = await pscLogin('replay');
    expect(login.res.headers.location).toBe('/');
    const sessionsBefore = await sessionCount(pro.userId);

    await expectRefused(
      await callback(t, login.back, login.started.flowCookie),
      'psc_state',
      /^flow_replayed$/,
    );
    const fresh = await start();
    const injected = new URL(login.back);
    injected.searchParams.set('state', fresh.authorizationUrl.searchParams.get('state') ?? '');
    await expectRefused(await callback(t, injected, fresh.flowCookie), 'psc_token', /invalid_grant/);
    expect(await sessionCount(pro.userId)).toBe(sessionsBefore);
  });

  it('D2 — an ID token whose nonce is not the one sent is refused', async () => {
    const started = await start();
    const back = await authenticateAtProvider(started.authorizationUrl, identities.existing.id);
    // As if the provider answered for another request: the nonce expected for this flow differs.
    await t.deps.db.execute(
      sql`UPDATE psc_flows SET nonce = 'nonce-d-une-autre-requete' WHERE binding_hash = ${sha256Hex(started.flowCookie)}`,
    );
    await expectRefused(await callback(t, back, started.flowCookie), 'psc_token', /nonce/);
  });

  it('D2 — an acr other than eidas1 is refused', async () => {
    const { res } = await pscLogin('weakAcr');
    await expectRefused(res, 'psc_acr', /^acr_eidas0$/);
    const [signup] = await rows(t.deps.db, sql`SELECT 1 FROM psc_signups WHERE identifier = ${RPPS.weakAcr}`);
    expect(signup).toBeUndefined();
  });

  it('D2 — a userinfo without SubjectNameID is refused', async () => {
    const { res } = await pscLogin('noNationalId');
    await expectRefused(res, 'psc_identity', /^subject_name_id_missing$/);
    const [signup] = await rows(
      t.deps.db,
      sql`SELECT 1 FROM psc_signups WHERE identifier = ${RPPS.noNationalId}`,
    );
    expect(signup).toBeUndefined();
  });

  it('D2 — the RPPS of a blocked account is refused', async () => {
    const pro = await activeProfessional(t, support, { identifier: RPPS.blocked });
    const block = await t.app.inject({
      method: 'POST',
      url: `/api/admin/accounts/${pro.userId}/block`,
      headers: bearer(support.token),
      payload: { reason: 'Test : compte bloqué' },
    });
    expect(block.statusCode, block.body).toBe(204);
    const before = await sessionCount(pro.userId);
    const { res } = await pscLogin('blocked');
    const audit = await expectRefused(res, 'psc_blocked', /^account_blocked$/);
    expect(audit?.actor_id).toBe(pro.userId);
    expect(await sessionCount(pro.userId)).toBe(before);
    const [link] = await rows(t.deps.db, sql`SELECT 1 FROM psc_links WHERE user_id = ${pro.userId}`);
    expect(link).toBeUndefined();
  });

  it('D2 — the demo provider’s identities are valid PSC answers: one demo professional, one new nurse', () => {
    const profiles = demoPscIdentities().map((i) => profileFromClaims(i.claims));
    const ok = profiles.map((p) => (p.ok ? p.profile : null));
    expect(ok.every((p) => p !== null)).toBe(true);
    const known = new Set(DEMO_PROFESSIONALS.map((p) => p.identifier));
    expect(ok.filter((p) => p && known.has(p.identifier))).toHaveLength(1);
    expect(ok.filter((p) => p && !known.has(p.identifier) && p.profession === '60')).toHaveLength(1);
  });

  it('D2 — PSC configuration: a client id and a secret or a certificate are required, https in production', () => {
    const base = { RELAIS_PSC_ISSUER: 'https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet' };
    expect(() => loadConfig(base)).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, RELAIS_PSC_CLIENT_ID: 'relais' })).toThrow(/RELAIS_PSC_CLIENT_SECRET/);
    expect(() =>
      loadConfig({ ...base, RELAIS_PSC_CLIENT_ID: 'relais', RELAIS_PSC_CLIENT_CERT: '/etc/relais/psc.pem' }),
    ).toThrow(/RELAIS_PSC_CLIENT_KEY/);
    const mtls = loadConfig({
      ...base,
      RELAIS_PSC_CLIENT_ID: 'relais',
      RELAIS_PSC_CLIENT_CERT: '/etc/relais/psc.pem',
      RELAIS_PSC_CLIENT_KEY: '/etc/relais/psc.key',
      RELAIS_PUBLIC_URL: 'https://relais.exemple.fr/',
    });
    expect(mtls.psc).toEqual({
      issuer: base.RELAIS_PSC_ISSUER,
      clientId: 'relais',
      clientSecret: undefined,
      mtls: { certPath: '/etc/relais/psc.pem', keyPath: '/etc/relais/psc.key' },
      redirectUri: 'https://relais.exemple.fr/api/auth/psc/callback',
    });
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        RELAIS_DATA_KEY: 'a'.repeat(64),
        RELAIS_PSC_ISSUER: 'http://psc.exemple.fr',
        RELAIS_PSC_CLIENT_ID: 'relais',
        RELAIS_PSC_CLIENT_SECRET: 'x',
      }),
    ).toThrow(/must be https/);
  });
});
