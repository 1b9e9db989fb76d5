-- Notification delivery (issue 8): VAPID keys, Web Push subscriptions per device, channel choices per kind, and the
-- outbox states D6 needs (a row postponed to the user's hours; a row dropped because it no longer matters).
CREATE TABLE push_vapid_keys (
  id smallint PRIMARY KEY CHECK (id = 1),
  public_key text NOT NULL,            -- base64url, uncompressed P-256 point: what browsers subscribe with
  private_key bytea NOT NULL,          -- encrypted by the application (DataCipher)
  created_at timestamptz NOT NULL
);

CREATE TABLE push_subscriptions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  device_id uuid NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  endpoint text NOT NULL UNIQUE,
  keys bytea NOT NULL,                 -- encrypted {p256dh, auth}
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX push_subscriptions_user_idx ON push_subscriptions (user_id);
CREATE INDEX push_subscriptions_device_idx ON push_subscriptions (device_id);

-- Per kind (care_requests, messages, alerts): push and/or SMS. No row: push only.
CREATE TABLE notification_channels (
  user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  channels jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);

ALTER TABLE outbox DROP CONSTRAINT outbox_state_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_state_check CHECK (state IN ('pending', 'sent', 'dead', 'dropped'));
-- Set when D6 held the row back: at the start of the user's hours such rows leave as one grouped notification.
ALTER TABLE outbox ADD COLUMN postponed_at timestamptz;
CREATE INDEX outbox_user_pending_idx ON outbox (user_id, created_at) WHERE state = 'pending';
CREATE INDEX outbox_failed_idx ON outbox (created_at) WHERE state IN ('dead', 'dropped');
