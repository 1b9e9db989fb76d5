-- Pro Santé Connect (D2): login flows in progress, accounts linked to an e-CPS identity, the ID token kept for
-- end_session, and new professionals completing their profile (phone, e-mail) before their account exists.

-- One authorization request: state, nonce and PKCE verifier never leave the server. The browser holds only a
-- random binding value in an HttpOnly cookie (its hash is here), so a callback is accepted once, within
-- 10 minutes, from the browser that started it.
CREATE TABLE psc_flows (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  binding_hash text NOT NULL UNIQUE,
  state text NOT NULL,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz
);
CREATE INDEX psc_flows_expires_idx ON psc_flows (expires_at);

-- An account proven by e-CPS: the national identifier PSC sent (SubjectNameID), when first and last used.
CREATE TABLE psc_links (
  user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  national_id text NOT NULL UNIQUE,
  linked_at timestamptz NOT NULL,
  last_login_at timestamptz NOT NULL
);

-- The ID token of a session opened through PSC, for logout with id_token_hint.
CREATE TABLE psc_session_tokens (
  session_id uuid PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
  id_token text NOT NULL
);

-- A professional PSC authenticated who has no account yet: the profile from the claims waits (30 minutes) for
-- the phone and e-mail; the browser holds the random token (HttpOnly cookie), only its hash is stored.
CREATE TABLE psc_signups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash text NOT NULL UNIQUE,
  national_id text NOT NULL,
  identifier_type text NOT NULL CHECK (identifier_type IN ('rpps', 'adeli')),
  identifier text NOT NULL,
  profile jsonb NOT NULL,
  id_token text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz
);
