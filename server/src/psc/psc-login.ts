import { sql } from 'drizzle-orm';
import * as oidc from 'openid-client';
import { type PscErrorCode, type PscSignupRequest, type PscSignupView } from '@relais/contracts';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import { createSession } from '../accounts/sessions.ts';
import { nameKey, type UserRow } from '../accounts/user-view.ts';
import { rows, type DbOrTx } from '../db/client.ts';
import { users } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { refreshActivityZone } from '../professionals/activity-zone.ts';
import { randomToken, sha256Hex } from '../shared/crypto.ts';
import { AppError } from '../shared/errors.ts';
import { PSC_ACR, PSC_SCOPE, type PscClient } from './psc-client.ts';
import { profileFromClaims, type PscProfile } from './psc-claims.ts';

export const FLOW_TTL_MS = 10 * 60_000;
export const SIGNUP_TTL_MS = 30 * 60_000;

/** A refusal of the PSC callback: a code for the web app's French message, a reason for the audit trail. */
export class PscRefusal extends Error {
  constructor(
    readonly code: PscErrorCode,
    readonly reason: string,
    readonly actorId: string | null = null,
  ) {
    super(reason);
  }
}

export interface StartedFlow {
  authorizationUrl: URL;
  /** Random value for the HttpOnly flow cookie; only its hash is stored with the state, nonce and verifier. */
  binding: string;
}

/** Step 1: a new authorization request (PKCE S256, state, nonce, scope_all, acr eidas1). */
export async function startPscFlow(deps: Deps, psc: PscClient): Promise<StartedFlow> {
  const configuration = await psc.configuration();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const codeChallenge = await oidc.calculatePKCECodeChallenge(codeVerifier);
  const binding = randomToken();
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx.execute(
      sql`DELETE FROM psc_flows WHERE expires_at < ${new Date(now.getTime() - 24 * 3_600_000).toISOString()}`,
    );
    await tx.execute(sql`
      INSERT INTO psc_flows (binding_hash, state, nonce, code_verifier, created_at, expires_at)
      VALUES (${sha256Hex(binding)}, ${state}, ${nonce}, ${codeVerifier}, ${now.toISOString()},
              ${new Date(now.getTime() + FLOW_TTL_MS).toISOString()})`);
  });
  const authorizationUrl = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: psc.redirectUri,
    response_type: 'code',
    scope: PSC_SCOPE,
    acr_values: PSC_ACR,
    state,
    nonce,
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
  });
  return { authorizationUrl, binding };
}

export type CallbackOutcome =
  | { kind: 'session'; token: string; expiresAt: Date; user: UserRow; linked: boolean }
  | { kind: 'signup'; signupToken: string; expiresAt: Date };

interface FlowRow {
  id: string;
  state: string;
  nonce: string;
  code_verifier: string;
  expires_at: Date | string;
  consumed_at: Date | string | null;
}

async function auditRefusal(deps: Deps, ctx: RequestContext, refusal: PscRefusal, details: object = {}) {
  await deps.db.transaction((tx) =>
    appendAudit(tx, deps.clock, ctx, {
      action: 'login.psc',
      outcome: 'refused',
      actorId: refusal.actorId,
      details: { reason: refusal.reason, code: refusal.code, ...details },
    }),
  );
}

/** Maps what openid-client threw during the code exchange to a reason for the audit trail. */
function tokenFailureReason(error: unknown): string {
  if (error instanceof oidc.ResponseBodyError) return `token_endpoint_${error.error}`;
  if (error instanceof oidc.AuthorizationResponseError) return `authorization_${error.error}`;
  // openid-client may wrap oauth4webapi's error: look for the compared claim down the cause chain.
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const claim = (e as { claim?: unknown }).claim ?? (e as { cause?: { claim?: unknown } }).cause?.claim;
    if (typeof claim === 'string') return `id_token_${claim}_mismatch`;
    e = (e as { cause?: unknown }).cause;
  }
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code.toLowerCase() : 'token_exchange_failed';
}

/**
 * Step 2 (D2): the callback. The flow is consumed first (one use, 10 minutes, same browser), then the code is
 * exchanged (PKCE verifier, expected state and nonce), the ID token's acr must be eidas1, userinfo (JSON or
 * signed JWT) must carry SubjectNameID. No network call runs inside a transaction.
 */
export async function completePscCallback(
  deps: Deps,
  ctx: RequestContext,
  psc: PscClient,
  input: { binding: string | undefined; search: string },
): Promise<CallbackOutcome> {
  try {
    return await callback(deps, ctx, psc, input);
  } catch (error) {
    if (error instanceof PscRefusal) {
      await auditRefusal(deps, ctx, error);
    }
    throw error;
  }
}

async function callback(
  deps: Deps,
  ctx: RequestContext,
  psc: PscClient,
  input: { binding: string | undefined; search: string },
): Promise<CallbackOutcome> {
  const params = new URLSearchParams(input.search);
  const flow = await deps.db.transaction(async (tx) => {
    if (!input.binding) return null;
    const [row] = await rows<FlowRow>(
      tx,
      sql`SELECT * FROM psc_flows WHERE binding_hash = ${sha256Hex(input.binding)} FOR UPDATE`,
    );
    if (!row) return null;
    if (row.consumed_at === null)
      await tx.execute(
        sql`UPDATE psc_flows SET consumed_at = ${deps.clock.now().toISOString()} WHERE id = ${row.id}`,
      );
    return row;
  });
  if (!flow) throw new PscRefusal('psc_state', 'flow_missing');
  if (flow.consumed_at !== null) throw new PscRefusal('psc_state', 'flow_replayed');
  if (new Date(flow.expires_at) <= deps.clock.now()) throw new PscRefusal('psc_state', 'flow_expired');
  if (params.get('state') !== flow.state) throw new PscRefusal('psc_state', 'state_mismatch');
  const providerError = params.get('error');
  if (providerError)
    throw new PscRefusal(
      providerError === 'access_denied' ? 'psc_cancelled' : 'psc_token',
      `provider_${providerError}`.slice(0, 80),
    );

  let configuration: oidc.Configuration;
  try {
    configuration = await psc.configuration();
  } catch {
    throw new PscRefusal('psc_unavailable', 'discovery_failed');
  }
  const currentUrl = new URL(psc.redirectUri);
  currentUrl.search = input.search;
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: flow.code_verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    throw new PscRefusal('psc_token', tokenFailureReason(error));
  }
  const idClaims = tokens.claims();
  const idToken = tokens.id_token;
  if (!idClaims || !idToken) throw new PscRefusal('psc_token', 'id_token_missing');
  if (idClaims.acr !== PSC_ACR)
    throw new PscRefusal('psc_acr', `acr_${typeof idClaims.acr === 'string' ? idClaims.acr : 'missing'}`);

  let userinfo: Record<string, unknown>;
  try {
    userinfo = await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
  } catch (error) {
    throw new PscRefusal('psc_token', `userinfo_${tokenFailureReason(error)}`);
  }
  const identity = profileFromClaims(userinfo);
  if (!identity.ok) throw new PscRefusal(identity.code, identity.reason);
  const profile = identity.profile;

  const result = await deps.db.transaction(async (tx): Promise<CallbackOutcome | PscRefusal> => {
    const [user] = await tx
      .select()
      .from(users)
      .where(
        sql`${users.identifierType} = ${profile.identifierType} AND ${users.identifier} = ${profile.identifier}`,
      )
      .for('update');
    const now = deps.clock.now();
    if (!user) {
      if (!profile.professionSupported)
        return new PscRefusal('psc_profession', `profession_${profile.profession}`);
      const signupToken = randomToken();
      const expiresAt = new Date(now.getTime() + SIGNUP_TTL_MS);
      await tx.execute(sql`
        INSERT INTO psc_signups (token_hash, national_id, identifier_type, identifier, profile, id_token, created_at,
                                 expires_at)
        VALUES (${sha256Hex(signupToken)}, ${profile.nationalId}, ${profile.identifierType}, ${profile.identifier},
                ${JSON.stringify(profile)}::jsonb, ${idToken}, ${now.toISOString()}, ${expiresAt.toISOString()})`);
      await appendAudit(tx, deps.clock, ctx, {
        action: 'login.psc',
        outcome: 'success',
        details: { result: 'signup_started', identifierType: profile.identifierType },
      });
      return { kind: 'signup', signupToken, expiresAt };
    }
    if (user.role !== 'professional') return new PscRefusal('psc_identity', 'not_a_professional', user.id);
    if (user.status === 'blocked') return new PscRefusal('psc_blocked', 'account_blocked', user.id);
    if (user.status === 'rejected') return new PscRefusal('psc_rejected', 'account_rejected', user.id);
    let active = user;
    if (user.status === 'pending') {
      // PSC proves the RPPS: the registration waiting for support review needs no proof document any more (D2).
      const [updated] = await tx
        .update(users)
        .set({ status: 'active', approvedAt: now, updatedAt: now })
        .where(sql`${users.id} = ${user.id}`)
        .returning();
      if (!updated) throw new Error('user update returned nothing');
      active = updated;
    }
    const linked = await linkAccount(tx, now, user.id, profile.nationalId);
    const session = await createSession(tx, deps.clock, deps.config, user.id, null, 'psc');
    await tx.execute(
      sql`INSERT INTO psc_session_tokens (session_id, id_token) VALUES (${session.sessionId}, ${idToken})`,
    );
    await appendAudit(tx, deps.clock, ctx, {
      action: 'login.psc',
      outcome: 'success',
      actorId: user.id,
      details: {
        result: user.status === 'pending' ? 'activated' : linked ? 'linked' : 'session',
        sessionId: session.sessionId,
      },
    });
    return { kind: 'session', token: session.token, expiresAt: session.expiresAt, user: active, linked };
  });
  if (result instanceof PscRefusal) throw result;
  if (result.kind === 'session' && result.user.status === 'active')
    await safeRefreshZone(deps, result.user.id);
  return result;
}

async function safeRefreshZone(deps: Deps, userId: string) {
  try {
    await refreshActivityZone(deps, userId);
  } catch (error) {
    deps.log.warn({ err: error, userId }, 'activity zone not refreshed after PSC login');
  }
}

/** Records the e-CPS identity of an account; true the first time (the account is then "linked"). */
async function linkAccount(tx: DbOrTx, now: Date, userId: string, nationalId: string): Promise<boolean> {
  const inserted = await rows<{ user_id: string }>(
    tx,
    sql`INSERT INTO psc_links (user_id, national_id, linked_at, last_login_at)
        VALUES (${userId}, ${nationalId}, ${now.toISOString()}, ${now.toISOString()})
        ON CONFLICT (user_id) DO UPDATE SET last_login_at = EXCLUDED.last_login_at, national_id = EXCLUDED.national_id
        RETURNING user_id, (xmax = 0) AS inserted`,
  );
  return (inserted[0] as { inserted?: boolean } | undefined)?.inserted === true;
}

interface SignupRow {
  id: string;
  national_id: string;
  identifier_type: 'rpps' | 'adeli';
  identifier: string;
  profile: PscProfile | string;
  id_token: string;
  expires_at: Date | string;
  consumed_at: Date | string | null;
}

const signupGone = () =>
  new AppError(
    'challenge_expired',
    'Votre connexion e-CPS a expiré : recommencez avec « Se connecter avec e-CPS ».',
  );

async function liveSignup(db: DbOrTx, now: Date, token: string | undefined, lock: boolean) {
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [row] = await rows<SignupRow>(
    db,
    lock
      ? sql`SELECT * FROM psc_signups WHERE token_hash = ${sha256Hex(token)} FOR UPDATE`
      : sql`SELECT * FROM psc_signups WHERE token_hash = ${sha256Hex(token)}`,
  );
  if (!row || row.consumed_at !== null || new Date(row.expires_at) <= now) return null;
  const profile = typeof row.profile === 'string' ? (JSON.parse(row.profile) as PscProfile) : row.profile;
  return { row, profile };
}

/** What PSC said about the professional completing their profile. */
export async function readPscSignup(deps: Deps, token: string | undefined): Promise<PscSignupView> {
  const found = await liveSignup(deps.db, deps.clock.now(), token, false);
  if (!found) throw signupGone();
  const p = found.profile;
  return {
    firstName: p.firstName,
    lastName: p.lastName,
    profession: p.profession,
    specialty: p.specialty,
    identifierType: p.identifierType,
    identifier: p.identifier,
    officeAddress: p.officeAddress,
  };
}

/**
 * Step 3 for a new professional: phone and e-mail (and an office address when PSC had none) complete the
 * profile; the account is created active and verified — PSC proved the RPPS — and a session opens.
 */
export async function completePscSignup(
  deps: Deps,
  ctx: RequestContext,
  token: string | undefined,
  input: PscSignupRequest,
): Promise<{ token: string; expiresAt: Date; user: UserRow }> {
  const created = await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const found = await liveSignup(tx, now, token, true);
    if (!found) throw signupGone();
    const { row, profile } = found;
    const office = profile.officeAddress ?? input.officeAddress;
    if (!office)
      throw new AppError('validation_failed', 'L’adresse du cabinet est obligatoire.', {
        fields: { 'officeAddress.line': 'L’adresse du cabinet est obligatoire.' },
      });
    const taken = await rows<{ email: string; identifier: string | null }>(
      tx,
      sql`SELECT email, identifier FROM users
          WHERE email = ${input.email} OR (identifier_type = ${row.identifier_type} AND identifier = ${row.identifier})`,
    );
    if (taken.some((t) => t.identifier === row.identifier))
      throw new AppError(
        'identifier_taken',
        'Un compte existe déjà avec ce numéro RPPS : reconnectez-vous avec e-CPS.',
      );
    if (taken.length > 0)
      throw new AppError('email_taken', 'Un compte existe déjà avec cette adresse e-mail.', {
        fields: { email: 'Un compte existe déjà avec cette adresse e-mail.' },
      });
    const [user] = await tx
      .insert(users)
      .values({
        role: 'professional',
        status: 'active',
        identifierType: row.identifier_type,
        identifier: row.identifier,
        profession: profile.profession,
        specialty: profile.specialty,
        firstName: profile.firstName,
        lastName: profile.lastName,
        nameKey: nameKey(profile.lastName, profile.firstName),
        email: input.email,
        mobilePhone: input.mobilePhone,
        officeLine: office.line,
        officePostalCode: office.postalCode,
        officeCity: office.city,
        passwordHash: null,
        mustChangePassword: false,
        createdAt: now,
        updatedAt: now,
        approvedAt: now,
      })
      .returning();
    if (!user) throw new Error('user insert returned nothing');
    await tx.execute(sql`UPDATE psc_signups SET consumed_at = ${now.toISOString()} WHERE id = ${row.id}`);
    await linkAccount(tx, now, user.id, row.national_id);
    const session = await createSession(tx, deps.clock, deps.config, user.id, null, 'psc');
    await tx.execute(
      sql`INSERT INTO psc_session_tokens (session_id, id_token) VALUES (${session.sessionId}, ${row.id_token})`,
    );
    await appendAudit(tx, deps.clock, ctx, {
      action: 'registration.psc',
      outcome: 'success',
      actorId: user.id,
      targetId: user.id,
      details: { sessionId: session.sessionId, profession: profile.profession },
    });
    return { token: session.token, expiresAt: session.expiresAt, user };
  });
  await safeRefreshZone(deps, created.user.id);
  return created;
}

/** The end_session URL for a session opened through PSC (id_token_hint), or null. */
export async function pscEndSessionUrl(
  deps: Deps,
  psc: PscClient | null,
  sessionId: string,
  postLogoutRedirectUri: string,
): Promise<string | null> {
  const [row] = await rows<{ id_token: string }>(
    deps.db,
    sql`SELECT id_token FROM psc_session_tokens WHERE session_id = ${sessionId}`,
  );
  if (!row || !psc) return null;
  try {
    const configuration = await psc.configuration();
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    return oidc
      .buildEndSessionUrl(configuration, {
        id_token_hint: row.id_token,
        post_logout_redirect_uri: postLogoutRedirectUri,
      })
      .toString();
  } catch {
    return null;
  }
}
