-- Notifications of a whole audience (a pool opening for thousands, "déjà acceptée" to every other recipient, a
-- cancellation): the change's transaction writes one fan-out row; the worker expands it into one live event and
-- one outbox row per professional right after the commit (and after a crash: the row stays until expanded).
-- This keeps the transaction that decides (create, accept) short whatever the size of the pool.
CREATE TABLE care_request_fanouts (
  id bigserial PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES care_requests(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('care_request.new', 'care_request.taken', 'care_request.cancelled')),
  -- for care_request.new, the recipients of which phase are told
  via text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL
);
