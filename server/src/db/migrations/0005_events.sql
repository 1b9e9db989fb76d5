-- Live events for open apps (/api/events). A row per recipient, written in the transaction of the change:
-- the socket layer delivers them after commit (LISTEN/NOTIFY wakes every server process) and a reconnecting
-- client catches up from the last id it saw. Payloads carry ids and codes only, never patient data: the app
-- fetches what the viewer may see through the API.
CREATE TABLE user_events (
  id bigserial PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  type text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX user_events_user_idx ON user_events (user_id, id);
