import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeProfessional,
  createTestApp,
  rpps,
  supportSession,
  type LoggedIn,
  type TestApp,
} from '../../test/helpers.ts';
import { rows } from '../db/client.ts';
import { pscIdentity, startLocalPscProvider, subjectDn, type LocalPscProvider } from './local-provider.ts';
import { mutualTlsFetch } from './psc-client.ts';
import * as kit from './psc-test-kit.ts';

/**
 * D2 — Pro Santé Connect's token endpoint authenticates Relais by mutual TLS (RELAIS_PSC_CLIENT_CERT/KEY).
 * A CA, a server certificate and client certificates are made by openssl for this run; the local provider serves
 * HTTPS, asks for a client certificate and registers Relais as `tls_client_auth` with the certificate's subject DN.
 */

const { RELAIS, CALLBACK } = kit;
const CLIENT_SUBJECT = '/C=FR/O=Relais test/CN=relais-psc-client';
const seed = 910_000 + Math.floor(Math.random() * 80_000);
const RPPS = { linked: rpps(seed), refused: rpps(seed + 1) };
const identity = (rppsNumber: string, firstName: string) =>
  pscIdentity({
    rpps: rppsNumber,
    firstName,
    lastName: 'Lemaire',
    profession: '60',
    address: { number: '4', streetType: 'AV', streetTypeLabel: 'Avenue', street: 'de la Liberté' },
    postalCode: '91000',
    inseeCode: '91228',
    city: 'Évry-Courcouronnes',
  });
const identities = { linked: identity(RPPS.linked, 'Anne'), refused: identity(RPPS.refused, 'Paul') };

const dir = mkdtempSync(join(tmpdir(), 'relais-psc-mtls-'));
const file = (name: string) => join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A key and a certificate signed by the test CA, with the given subject and extensions. */
function issue(name: string, subject: string, extensions: string) {
  writeFileSync(file(`${name}.ext`), extensions);
  openssl(
    'req',
    '-new',
    ...EC,
    '-keyout',
    file(`${name}.key`),
    '-out',
    file(`${name}.csr`),
    '-subj',
    subject,
  );
  openssl(
    'x509',
    '-req',
    '-in',
    file(`${name}.csr`),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    file(`${name}.ext`),
    '-out',
    file(`${name}.pem`),
  );
}

/** A self-signed certificate and its key, `<name>.pem` and `<name>.key`. */
function selfSigned(name: string, subject: string, ...extensions: string[]) {
  openssl(
    'req',
    '-x509',
    ...EC,
    '-days',
    '2',
    '-keyout',
    file(`${name}.key`),
    '-out',
    file(`${name}.pem`),
    '-subj',
    subject,
    ...extensions,
  );
}

function makeCertificates() {
  selfSigned(
    'ca',
    '/O=Relais test/CN=Relais test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  issue(
    'server',
    '/CN=localhost',
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
  );
  issue('client', CLIENT_SUBJECT, 'extendedKeyUsage=clientAuth\n');
  // Signed by the right CA but for another subject: not the registered client.
  issue('other', '/C=FR/O=Relais test/CN=another-client', 'extendedKeyUsage=clientAuth\n');
  // The registered subject, but self-signed: not vouched for by the CA the provider trusts.
  selfSigned('rogue', CLIENT_SUBJECT);
}

let provider: LocalPscProvider;
let t: TestApp;
let rogue: TestApp;
let other: TestApp;
let support: LoggedIn;
const caAgent = () => new Agent({ ca: readFileSync(file('ca.pem'), 'utf8') });
let browserFetch: NonNullable<Parameters<typeof kit.authenticateAtProvider>[3]>;

beforeAll(async () => {
  makeCertificates();
  const clientDn = subjectDn(new X509Certificate(readFileSync(file('client.pem'))));
  provider = await startLocalPscProvider({
    identities: Object.values(identities),
    mtls: {
      key: readFileSync(file('server.key'), 'utf8'),
      cert: readFileSync(file('server.pem'), 'utf8'),
      ca: readFileSync(file('ca.pem'), 'utf8'),
    },
    clients: [
      {
        client_id: 'relais-mtls',
        redirect_uris: [CALLBACK],
        post_logout_redirect_uris: [`${RELAIS}/connexion`],
        token_endpoint_auth_method: 'tls_client_auth',
        tls_client_auth_subject_dn: clientDn,
      },
    ],
  });
  // The browser trusts the test CA and presents no client certificate.
  const https = mutualTlsFetch(caAgent());
  browserFetch = (url, init) => https(url, { ...init, body: init.body });
  const env = (certificate: string) => ({
    RELAIS_PUBLIC_URL: RELAIS,
    RELAIS_PSC_ISSUER: provider.issuer,
    RELAIS_PSC_CLIENT_ID: 'relais-mtls',
    RELAIS_PSC_CLIENT_CERT: file(`${certificate}.pem`),
    RELAIS_PSC_CLIENT_KEY: file(`${certificate}.key`),
    RELAIS_PSC_CA_FILE: file('ca.pem'),
  });
  t = await createTestApp(env('client'));
  rogue = await createTestApp(env('rogue'), t.database);
  other = await createTestApp(env('other'), t.database);
  support = await supportSession(t);
}, 180_000);
afterAll(async () => {
  await other.close();
  await rogue.close();
  await t.close();
  await provider.close();
  rmSync(dir, { recursive: true, force: true });
});

async function pscLogin(app: TestApp, key: keyof typeof identities) {
  const started = await kit.start(app);
  expect(started.authorizationUrl.origin).toBe(provider.issuer);
  const back = await kit.authenticateAtProvider(
    started.authorizationUrl,
    identities[key].id,
    CALLBACK,
    browserFetch,
  );
  return kit.callback(app, back, started.flowCookie);
}

const linkOf = async (userId: string) =>
  (
    await rows<{ national_id: string }>(
      t.deps.db,
      sql`SELECT national_id FROM psc_links WHERE user_id = ${userId}`,
    )
  )[0];

describe('D2 — Pro Santé Connect with mutual TLS client authentication', () => {
  it('D2 — the provider serves HTTPS under the test CA and advertises tls_client_auth with mTLS endpoint aliases', async () => {
    expect(provider.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await browserFetch(provider.discoveryUrl, { method: 'GET', headers: {}, redirect: 'manual' });
    expect(res.status).toBe(200);
    const metadata = (await res.json()) as {
      token_endpoint_auth_methods_supported: string[];
      mtls_endpoint_aliases: { token_endpoint: string };
    };
    expect(metadata.token_endpoint_auth_methods_supported).toContain('tls_client_auth');
    expect(metadata.mtls_endpoint_aliases.token_endpoint).toBe(`${provider.issuer}/token`);
    // Without the test CA, the provider's certificate is not trusted: Relais must be told (RELAIS_PSC_CA_FILE).
    await expect(fetch(provider.discoveryUrl)).rejects.toThrow();
    const untrusting = await createTestApp(
      {
        RELAIS_PUBLIC_URL: RELAIS,
        RELAIS_PSC_ISSUER: provider.issuer,
        RELAIS_PSC_CLIENT_ID: 'relais-mtls',
        RELAIS_PSC_CLIENT_CERT: file('client.pem'),
        RELAIS_PSC_CLIENT_KEY: file('client.key'),
      },
      t.database,
    );
    try {
      const start = await untrusting.app.inject({ method: 'GET', url: '/api/auth/psc/start' });
      expect(start.statusCode).toBe(302);
      expect(start.headers.location).toBe('/connexion?psc_error=psc_unavailable');
    } finally {
      await untrusting.close();
    }
  });

  it('D2 — with the registered client certificate, the code flow opens a session for the professional of that RPPS', async () => {
    const pro = await activeProfessional(t, support, { identifier: RPPS.linked });
    const before = await kit.sessionCount(t, pro.userId);
    const errorsBefore = provider.tokenErrors.length;
    const res = await pscLogin(t, 'linked');
    expect(res.statusCode, res.body).toBe(302);
    expect(res.headers.location).toBe('/');
    const token = kit.setCookies(res).get('relais_session') ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', cookies: { relais_session: token } });
    expect(me.statusCode).toBe(200);
    expect(me.json<{ user: { id: string; identifier: string } }>().user).toMatchObject({
      id: pro.userId,
      identifier: RPPS.linked,
    });
    expect(await kit.sessionCount(t, pro.userId)).toBe(before + 1);
    const [session] = await rows<{ method: string }>(
      t.deps.db,
      sql`SELECT method FROM sessions WHERE user_id = ${pro.userId} ORDER BY created_at DESC LIMIT 1`,
    );
    expect(session?.method).toBe('psc');
    expect((await linkOf(pro.userId))?.national_id).toBe(`8${RPPS.linked}`);
    const audit = await kit.lastAudit(t, 'login.psc');
    expect(audit).toMatchObject({ outcome: 'success', actor_id: pro.userId });
    expect(audit?.details.result).toBe('linked');
    expect(provider.tokenErrors.slice(errorsBefore)).toEqual([]);
  });

  it('D2 — a client certificate the provider does not accept is refused: self-signed with the same subject, or CA-signed for another subject', async () => {
    const pro = await activeProfessional(t, support, { identifier: RPPS.refused });
    const before = await kit.sessionCount(t, pro.userId);
    const cases = [
      { app: rogue, detail: /not verified/ },
      { app: other, detail: /subject value does not match/ },
    ];
    for (const { app, detail } of cases) {
      const errorsBefore = provider.tokenErrors.length;
      const res = await pscLogin(app, 'refused');
      await kit.expectRefused(t, res, 'psc_token', /^token_endpoint_invalid_client$/);
      const errors = provider.tokenErrors.slice(errorsBefore);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.error).toBe('invalid_client');
      expect(errors[0]?.detail).toMatch(detail);
    }
    expect(await kit.sessionCount(t, pro.userId)).toBe(before);
    expect(await linkOf(pro.userId)).toBeUndefined();

    // The same professional with the registered certificate gets in: the refusals were the certificate's doing.
    const ok = await pscLogin(t, 'refused');
    expect(ok.headers.location).toBe('/');
    expect(await kit.sessionCount(t, pro.userId)).toBe(before + 1);
  });
});
