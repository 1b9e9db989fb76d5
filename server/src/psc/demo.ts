import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { demoPscIdentities, startLocalPscProvider, type LocalPscProvider } from './local-provider.ts';
import { PscClient } from './psc-client.ts';

/**
 * Starts the local PSC-like provider for the demo (RELAIS_DEMO without RELAIS_PSC_ISSUER) on
 * RELAIS_PSC_DEMO_PORT (default: Relais's port + 1, or an ephemeral port when Relais has one) and points
 * Relais at it. A provider that cannot start only leaves the e-CPS button answering "indisponible".
 */
export async function startDemoPsc(
  app: FastifyInstance,
  config: Config,
  relaisUrl: string,
  clientSecret: string,
): Promise<LocalPscProvider | null> {
  const base = relaisUrl.replace(/\/$/, '');
  const redirectUri = `${base}/api/auth/psc/callback`;
  try {
    const provider = await startLocalPscProvider({
      host: config.host,
      issuerHost: new URL(base).hostname,
      port: config.pscDemoPort ?? (config.port === 0 ? 0 : config.port + 1),
      identities: demoPscIdentities(),
      clients: [
        {
          client_id: 'relais-demo',
          client_secret: clientSecret,
          redirect_uris: [redirectUri],
          post_logout_redirect_uris: [`${base}/connexion`],
          token_endpoint_auth_method: 'client_secret_basic',
          // PSC answers userinfo as a signed JWT.
          userinfo_signed_response_alg: 'RS256',
        },
      ],
    });
    app.psc.current = new PscClient({
      issuer: provider.issuer,
      clientId: 'relais-demo',
      clientSecret,
      mtls: undefined,
      redirectUri,
    });
    return provider;
  } catch (error) {
    app.log.warn({ err: error }, 'demo Pro Santé Connect provider not started');
    return null;
  }
}
