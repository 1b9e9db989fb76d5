import { X509Certificate, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import Provider, { type ClientMetadata, type Configuration } from 'oidc-provider';
import { luhnKey } from '@relais/contracts';
import { DEMO_PROFESSIONALS } from '../db/demo-seed.ts';

/**
 * A local identity provider shaped like Pro Santé Connect, for tests and the demo: PSC's discovery path
 * (`/.well-known/wallet-openid-configuration`), `scope_all`, acr `eidas1`, PKCE S256, the PSC claims
 * (SubjectNameID = '8' + RPPS, SubjectRefPro.exercices[].activities[]) and userinfo as JSON or as a signed JWT
 * (client metadata `userinfo_signed_response_alg`). Its login page lists the identities it knows: no password.
 */

export interface PscActivity {
  raisonSocialeSite: string;
  numeroVoie: string;
  indiceRepetitionVoie: string;
  codeTypeDeVoie: string;
  libelleTypeDeVoie: string;
  libelleVoie: string;
  codePostal: string;
  codeCommune: string;
  libelleCommune: string;
  bureauCedex: string;
  codeModeExercice: string;
  codeSecteurDActivite: string;
}

export interface PscExercice {
  codeProfession: string;
  codeCategorieProfessionnelle: string;
  codeSavoirFaire: string;
  codeTypeSavoirFaire: string;
  nomDexercice: string;
  prenomDexercice: string;
  activities: PscActivity[];
}

/** One identity the local provider can authenticate; `claims` are returned by userinfo as PSC does. */
export interface LocalPscIdentity {
  /** Key of the identity (also the OIDC `sub`). */
  id: string;
  /** Shown on the login page. */
  label: string;
  /** The authentication level the ID token carries; PSC's e-CPS is `eidas1`. */
  acr?: string;
  claims: Record<string, unknown>;
}

/** Builds a PSC-shaped identity: SubjectNameID '8' + RPPS, one exercice with one activity. */
export function pscIdentity(p: {
  rpps: string;
  firstName: string;
  lastName: string;
  profession: string;
  savoirFaire?: string;
  address: { number: string; streetType: string; streetTypeLabel: string; street: string };
  postalCode: string;
  inseeCode: string;
  city: string;
  site?: string;
  acr?: string;
  /** False: userinfo omits SubjectNameID (a malformed answer, for tests). */
  withNationalId?: boolean;
}): LocalPscIdentity {
  const nationalId = `8${p.rpps}`;
  const activity: PscActivity = {
    raisonSocialeSite: p.site ?? `CABINET ${p.lastName.toUpperCase()}`,
    numeroVoie: p.address.number,
    indiceRepetitionVoie: '',
    codeTypeDeVoie: p.address.streetType,
    libelleTypeDeVoie: p.address.streetTypeLabel,
    libelleVoie: p.address.street,
    codePostal: p.postalCode,
    codeCommune: p.inseeCode,
    libelleCommune: p.city,
    bureauCedex: `${p.postalCode} ${p.city.toUpperCase()}`,
    codeModeExercice: 'L',
    codeSecteurDActivite: 'SA07',
  };
  const exercice: PscExercice = {
    codeProfession: p.profession,
    codeCategorieProfessionnelle: 'C',
    codeSavoirFaire: p.savoirFaire ?? '',
    codeTypeSavoirFaire: p.savoirFaire ? 'S' : '',
    nomDexercice: p.lastName.toUpperCase(),
    prenomDexercice: p.firstName,
    activities: [activity],
  };
  const claims: Record<string, unknown> = {
    given_name: p.firstName,
    family_name: p.lastName,
    preferred_username: nationalId,
    SubjectRefPro: { codeCivilite: '', exercices: [exercice] },
    SubjectOrganization: activity.raisonSocialeSite,
    SubjectRole: [`${p.profession}^1.2.250.1.213.1.1.5.5`],
  };
  if (p.withNationalId !== false) claims.SubjectNameID = nationalId;
  return {
    id: `psc-${nationalId}`,
    label: `${p.firstName} ${p.lastName} — RPPS ${p.rpps}`,
    ...(p.acr ? { acr: p.acr } : {}),
    claims,
  };
}

/** An RPPS no demo account holds (valid Luhn key). */
const NEW_DEMO_RPPS = '1099100999' + luhnKey('1099100999');

/** Demo identities: one already registered in the demo seed (linked at first login) and one new nurse. */
export function demoPscIdentities(): LocalPscIdentity[] {
  const known = DEMO_PROFESSIONALS[0];
  if (!known) throw new Error('demo seed has no professional');
  return [
    pscIdentity({
      rpps: known.identifier,
      firstName: known.firstName,
      lastName: known.lastName,
      profession: known.profession,
      address: { number: '12', streetType: 'R', streetTypeLabel: 'Rue', street: 'de la Paix' },
      postalCode: known.office.postalCode,
      inseeCode: '91228',
      city: known.office.city,
    }),
    pscIdentity({
      rpps: NEW_DEMO_RPPS,
      firstName: 'Élodie',
      lastName: 'Marchand',
      profession: '60',
      address: { number: '4', streetType: 'AV', streetTypeLabel: 'Avenue', street: 'de la Liberté' },
      postalCode: '91000',
      inseeCode: '91228',
      city: 'Évry-Courcouronnes',
    }),
  ];
}

export interface LocalPscProvider {
  issuer: string;
  /** PSC's discovery document URL. */
  discoveryUrl: string;
  identities: LocalPscIdentity[];
  /** Errors its token endpoint answered, with oidc-provider's detail (e.g. why a client certificate failed). */
  tokenErrors: { error: string; detail: string | undefined }[];
  close(): Promise<void>;
}

export interface LocalPscOptions {
  clients: ClientMetadata[];
  identities: LocalPscIdentity[];
  /** Where it listens (127.0.0.1 by default). */
  host?: string;
  /** The host name in its issuer URL, when browsers reach it by another name (e.g. localhost). */
  issuerHost?: string;
  port?: number;
  /**
   * Serve over HTTPS with mutual TLS client authentication, as PSC's production token endpoint does: the server
   * asks for a client certificate (`ca` decides which ones are verified) and clients may be registered with
   * `token_endpoint_auth_method: 'tls_client_auth'` (+ `tls_client_auth_subject_dn`, RFC 4514) or
   * `'self_signed_tls_client_auth'`. Discovery then advertises `mtls_endpoint_aliases`. Plain HTTP when unset.
   */
  mtls?: { key: string; cert: string; ca: string };
}

const SCOPE_ALL_CLAIMS = [
  'SubjectNameID',
  'SubjectRefPro',
  'SubjectOrganization',
  'SubjectRole',
  'given_name',
  'family_name',
  'preferred_username',
];

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 16_384) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f1f4f9;color:#1b2433}
header{background:#000091;color:#fff;padding:16px 20px}header h1{font-size:20px;margin:0}
header p{margin:4px 0 0;font-size:14px;opacity:.85}
main{padding:20px;max-width:480px;margin:0 auto}
.note{font-size:14px;background:#fff4d6;border-radius:8px;padding:10px 12px;margin-bottom:16px}
button{display:block;width:100%;min-height:56px;margin:0 0 12px;padding:12px 16px;font-size:17px;text-align:left;
background:#fff;color:#000091;border:2px solid #000091;border-radius:10px;cursor:pointer}
button.primary{background:#000091;color:#fff}button.cancel{text-align:center;border-color:#8a94a6;color:#3a4556}
small{display:block;color:#4a5568;font-size:14px;margin-top:2px}
</style></head><body><header><h1>Pro Santé Connect</h1><p>Environnement local de démonstration</p></header>
<main>${body}</main></body></html>`;
}

/** The RFC 4514 form of a certificate's subject (node gives `C=FR\nO=…\nCN=…`, most significant first). */
export function subjectDn(cert: X509Certificate): string {
  return cert.subject.split('\n').reverse().join(',');
}

/** The PEM certificate the TLS client presented on this request's connection, if any. */
function peerCertificate(req: IncomingMessage): string | undefined {
  const socket = req.socket as Partial<TLSSocket>;
  const raw = socket.getPeerCertificate?.(false).raw as Buffer | undefined;
  return raw?.length ? new X509Certificate(raw).toString() : undefined;
}

/** Starts the provider on its own HTTP(S) server (an ephemeral port unless given). */
export async function startLocalPscProvider(options: LocalPscOptions): Promise<LocalPscProvider> {
  const host = options.host ?? '127.0.0.1';
  const identities = new Map(options.identities.map((i) => [i.id, i]));
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  };
  const server = options.mtls
    ? createHttpsServer(
        { ...options.mtls, requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' },
        listener,
      )
    : createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const issuerHost = options.issuerHost ?? (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
  const issuer = `${options.mtls ? 'https' : 'http'}://${issuerHost.includes(':') ? `[${issuerHost}]` : issuerHost}:${port}`;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'local-psc', use: 'sig', alg: 'RS256' };
  const configuration: Configuration = {
    clients: options.clients,
    jwks: { keys: [jwk] as NonNullable<Configuration['jwks']>['keys'] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    scopes: ['openid', 'scope_all'],
    claims: { openid: ['sub'], acr: null, scope_all: SCOPE_ALL_CLAIMS },
    acrValues: ['eidas1', 'eidas2', 'eidas3', 'eidas0'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      jwtUserinfo: { enabled: true },
      ...(options.mtls
        ? {
            mTLS: {
              enabled: true,
              tlsClientAuth: true,
              selfSignedTlsClientAuth: true,
              getCertificate: (ctx) => peerCertificate(ctx.req),
              // Verified against `ca` during the handshake (requestCert, rejectUnauthorized: false).
              certificateAuthorized: (ctx) =>
                (ctx.req.socket as { authorized?: boolean }).authorized === true,
              certificateSubjectMatches: (ctx, property, expected) => {
                const pem = peerCertificate(ctx.req);
                return (
                  property === 'tls_client_auth_subject_dn' &&
                  pem !== undefined &&
                  subjectDn(new X509Certificate(pem)) === expected
                );
              },
            },
          }
        : {}),
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = page(
            'Déconnexion',
            `${form}<p>Voulez-vous aussi vous déconnecter de Pro Santé Connect ?</p>
<button class="primary" type="submit" form="op.logoutForm" name="logout" value="yes">Me déconnecter de Pro Santé Connect</button>
<button class="cancel" type="submit" form="op.logoutForm">Rester connecté à Pro Santé Connect</button>`,
          );
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = 'html';
          ctx.body = page('Déconnecté', '<p>Vous êtes déconnecté de Pro Santé Connect.</p>');
        },
      },
    },
    ...(options.mtls
      ? {
          discovery: {
            mtls_endpoint_aliases: { token_endpoint: `${issuer}/token`, userinfo_endpoint: `${issuer}/me` },
          },
          clientAuthMethods: [
            'client_secret_basic',
            'client_secret_post',
            'private_key_jwt',
            'tls_client_auth',
            'self_signed_tls_client_auth',
          ],
        }
      : {}),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, id) => {
      const identity = identities.get(id);
      if (!identity) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...identity.claims }) };
    },
    ttl: {
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page(
        'Erreur',
        `<p>Erreur : ${escapeHtml(out.error)}</p><p>${escapeHtml(out.error_description ?? '')}</p>`,
      );
    },
  };
  const provider = new Provider(issuer, configuration);
  const tokenErrors: LocalPscProvider['tokenErrors'] = [];
  provider.on('grant.error', (_ctx, error: { error?: string; error_detail?: string }) => {
    tokenErrors.push({ error: error.error ?? 'server_error', detail: error.error_detail });
  });
  const oidc = provider.callback();

  const interaction = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const details = await provider.interactionDetails(req, res);
    const uid = escapeHtml(details.uid);
    if (req.method === 'GET' && path === `/interaction/${details.uid}`) {
      const buttons = options.identities
        .map(
          (i) =>
            `<button type="submit" name="identity" value="${escapeHtml(i.id)}">${escapeHtml(i.label.split(' — ')[0] ?? i.label)}<small>${escapeHtml(i.label.split(' — ')[1] ?? '')}</small></button>`,
        )
        .join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(
        page(
          'Connexion e-CPS',
          `<p class="note">Démonstration : choisissez une identité e-CPS fictive (aucune carte réelle).</p>
<form method="post" action="/interaction/${uid}/login">${buttons}</form>
<form method="post" action="/interaction/${uid}/abort"><button class="cancel" type="submit">Annuler</button></form>`,
        ),
      );
      return;
    }
    if (req.method === 'POST' && path === `/interaction/${details.uid}/abort`) {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'Connexion annulée' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (req.method === 'POST' && path === `/interaction/${details.uid}/login`) {
      const form = await readForm(req);
      const identity = identities.get(form.get('identity') ?? '');
      if (!identity) {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Identité inconnue.');
        return;
      }
      const clientId = String(details.params.client_id);
      const grant = new provider.Grant({ accountId: identity.id, clientId });
      const scope = details.params.scope;
      grant.addOIDCScope(typeof scope === 'string' ? scope : 'openid');
      grant.addOIDCClaims(SCOPE_ALL_CLAIMS);
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        {
          login: { accountId: identity.id, acr: identity.acr ?? 'eidas1', amr: ['mfa'], remember: false },
          consent: { grantId },
        },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    res.writeHead(404).end();
  };

  handler = (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    // PSC publishes its metadata at a non-standard path; serve the same document there.
    if (url.pathname === '/.well-known/wallet-openid-configuration')
      req.url = `/.well-known/openid-configuration${url.search}`;
    if (url.pathname.startsWith('/interaction/')) {
      interaction(req, res, url.pathname).catch((error: unknown) => {
        if (!res.headersSent)
          res
            .writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
            .end(`Interaction invalide : ${error instanceof Error ? error.message : String(error)}`);
      });
      return;
    }
    void oidc(req, res);
  };

  return {
    issuer,
    discoveryUrl: `${issuer}/.well-known/wallet-openid-configuration`,
    identities: options.identities,
    tokenErrors,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
