-- Care requests (D7–D14, D22). Time-driven state is derived from stored instants: the worker of any process
-- claims due phase changes and expiries with FOR UPDATE SKIP LOCKED.
CREATE TABLE care_requests (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patients(id),
  declencheur_id uuid NOT NULL REFERENCES users(id),
  profession text NOT NULL,
  care_type text NOT NULL,
  details jsonb NOT NULL,               -- {startDate, frequency, durationDays}: shown to the pool (D10)
  description bytea NOT NULL,           -- free text, encrypted: never shown to the pool
  home_visit boolean NOT NULL,
  response_minutes integer NOT NULL CHECK (response_minutes BETWEEN 30 AND 10080),
  commune_insee text NOT NULL,          -- copied from the patient when the request is created
  extra_radius_km integer NOT NULL DEFAULT 0,
  status text NOT NULL CHECK (status IN ('open', 'accepted', 'expired', 'cancelled')),
  phase text NOT NULL CHECK (phase IN ('priority', 'pool')),
  created_at timestamptz NOT NULL,
  priority_until timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  pool_opened_at timestamptz,
  accepted_by uuid REFERENCES users(id),
  accepted_at timestamptz,
  closed_at timestamptz,
  relaunched_from uuid REFERENCES care_requests(id),
  CHECK (priority_until <= expires_at),
  CHECK ((status = 'accepted') = (accepted_by IS NOT NULL))
);
CREATE INDEX care_requests_pool_due_idx ON care_requests (priority_until) WHERE status = 'open' AND phase = 'priority';
CREATE INDEX care_requests_expiry_due_idx ON care_requests (expires_at) WHERE status = 'open';
CREATE INDEX care_requests_declencheur_idx ON care_requests (declencheur_id, created_at);
CREATE INDEX care_requests_patient_idx ON care_requests (patient_id, created_at);

-- Who received a request, through which phase, and what they answered. Rows are written when the phase opens.
CREATE TABLE care_request_recipients (
  request_id uuid NOT NULL REFERENCES care_requests(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  via text NOT NULL CHECK (via IN ('usual', 'treating_doctor', 'pool')),
  added_at timestamptz NOT NULL,
  response text CHECK (response IN ('accepted', 'declined')),
  responded_at timestamptz,
  decline_reason bytea,
  PRIMARY KEY (request_id, user_id)
);
CREATE INDEX care_request_recipients_inbox_idx ON care_request_recipients (user_id, request_id) WHERE response IS NULL;
