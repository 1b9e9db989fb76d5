-- Accounts, devices, second factor, sessions, documents, audit trail and outbox.
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  role text NOT NULL CHECK (role IN ('professional', 'support')),
  status text NOT NULL CHECK (status IN ('pending', 'active', 'blocked', 'rejected')),
  identifier_type text CHECK (identifier_type IN ('rpps', 'adeli')),
  identifier text,
  profession text,
  specialty text,
  first_name text NOT NULL,
  last_name text NOT NULL,
  name_key text NOT NULL,
  email text NOT NULL,
  mobile_phone text,
  office_line text,
  office_postal_code text,
  office_city text,
  network text,
  password_hash text,
  must_change_password boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0,
  blocked_reason text,
  rejection_reason text,
  directory_check jsonb,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  approved_at timestamptz,
  approved_by uuid REFERENCES users(id),
  CHECK ((identifier_type IS NULL) = (identifier IS NULL)),
  CHECK (role = 'support' OR (identifier IS NOT NULL AND profession IS NOT NULL))
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE UNIQUE INDEX users_identifier_key ON users (identifier_type, identifier);
CREATE INDEX users_status_idx ON users (status, created_at);
CREATE INDEX users_name_key_idx ON users (name_key text_pattern_ops);

CREATE TABLE documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('proof')),
  mime_type text NOT NULL,
  size integer NOT NULL,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX documents_owner_idx ON documents (owner_id);

CREATE TABLE devices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  secret_hash text NOT NULL,
  pattern_hash text,
  pattern_failures integer NOT NULL DEFAULT 0,
  pattern_revoked_at timestamptz,
  user_agent text,
  created_at timestamptz NOT NULL,
  last_used_at timestamptz NOT NULL
);
CREATE INDEX devices_user_idx ON devices (user_id);

CREATE TABLE otp_challenges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX otp_challenges_user_idx ON otp_challenges (user_id);

CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash text NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  device_id uuid REFERENCES devices(id) ON DELETE SET NULL,
  method text NOT NULL CHECK (method IN ('password_otp', 'password_trusted_device', 'pattern', 'psc')),
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL;

-- The audit trail: append-only, each record chained by hash to the previous one (see audit/append.ts).
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id uuid,
  actor_role text,
  action text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'refused')),
  patient_id uuid,
  target_id text,
  ip text,
  user_agent text,
  details jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at);
CREATE INDEX audit_log_patient_idx ON audit_log (patient_id, at) WHERE patient_id IS NOT NULL;
CREATE INDEX audit_log_at_idx ON audit_log (at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  channel text NOT NULL CHECK (channel IN ('sms', 'email', 'push')),
  recipient text NOT NULL,
  user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  kind text NOT NULL,
  subject text,
  body bytea NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'sent', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  idempotency_key text NOT NULL UNIQUE,
  last_error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX outbox_recipient_idx ON outbox (recipient, created_at);
