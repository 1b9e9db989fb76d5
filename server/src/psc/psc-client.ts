import { readFileSync } from 'node:fs';
import { Agent, request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import * as oidc from 'openid-client';
import type { PscConfig } from '../config.ts';

export const PSC_SCOPE = 'openid scope_all';
/** The authentication level of an e-CPS (PSC's `acr`): anything else is refused. */
export const PSC_ACR = 'eidas1';

export interface PscClientSettings extends PscConfig {
  /** PSC publishes its metadata at `{issuer}/.well-known/wallet-openid-configuration`. */
  discoveryUrl?: string;
}

type FetchOptions = Parameters<oidc.CustomFetch>[1];

/**
 * A fetch over node:https with the given agent: it presents a client certificate (PSC production requires mutual
 * TLS at its token endpoint) and/or trusts a private CA. Redirects are not followed.
 */
export function mutualTlsFetch(agent: Agent): oidc.CustomFetch {
  return (url: string, options: FetchOptions) =>
    new Promise<Response>((resolve, reject) => {
      const req = httpsRequest(
        url,
        { method: options.method, headers: options.headers, agent, signal: options.signal },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(res.headers))
              if (value !== undefined)
                for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
            const status = res.statusCode ?? 502;
            const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(new Response(body, { status, headers }));
          });
        },
      );
      req.on('error', reject);
      const body = options.body;
      if (body === undefined || body === null) req.end();
      else if (typeof body === 'string' || body instanceof URLSearchParams) req.end(String(body));
      else if (body instanceof ArrayBuffer || ArrayBuffer.isView(body))
        req.end(Buffer.from(body as ArrayBuffer));
      else reject(new TypeError('unsupported request body'));
    });
}

/** The PSC relying party: discovery once (retried after a failure), then the calls of the code flow. */
export class PscClient {
  readonly settings: PscClientSettings;
  #configuration: Promise<oidc.Configuration> | null = null;

  constructor(settings: PscClientSettings) {
    this.settings = settings;
  }

  get redirectUri(): string {
    return this.settings.redirectUri;
  }

  configuration(): Promise<oidc.Configuration> {
    this.#configuration ??= this.#discover().catch((error: unknown) => {
      this.#configuration = null;
      throw error;
    });
    return this.#configuration;
  }

  async #discover(): Promise<oidc.Configuration> {
    const s = this.settings;
    const issuer = s.issuer.replace(/\/$/, '');
    const discoveryUrl = new URL(s.discoveryUrl ?? `${issuer}/.well-known/wallet-openid-configuration`);
    const insecure = discoveryUrl.protocol === 'http:';
    const options: oidc.DiscoveryRequestOptions = {
      timeout: 10,
      // Plain HTTP only for a local provider (tests, demo); production requires https (config.ts).
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
    };
    let auth: oidc.ClientAuth;
    const metadata: Partial<oidc.ClientMetadata> = { redirect_uris: [s.redirectUri] };
    if (s.mtls || s.caFile) {
      const agent = new Agent({
        ...(s.mtls ? { cert: readFileSync(s.mtls.certPath), key: readFileSync(s.mtls.keyPath) } : {}),
        ...(s.caFile ? { ca: [...rootCertificates, readFileSync(s.caFile, 'utf8')] } : {}),
        keepAlive: true,
      });
      options[oidc.customFetch] = mutualTlsFetch(agent);
    }
    if (s.mtls) {
      metadata.use_mtls_endpoint_aliases = true;
      auth = s.clientSecret ? oidc.ClientSecretBasic(s.clientSecret) : oidc.TlsClientAuth();
    } else {
      auth = oidc.ClientSecretBasic(s.clientSecret);
    }
    // A URL already ending in a /.well-known/ path is fetched as is by openid-client (no issuer resolution),
    // so the issuer it announces is checked here.
    const configuration = await oidc.discovery(discoveryUrl, s.clientId, metadata, auth, options);
    const announced = configuration.serverMetadata().issuer.replace(/\/$/, '');
    if (announced !== issuer)
      throw new Error(`PSC discovery announces issuer ${announced}, expected ${issuer}`);
    return configuration;
  }
}
