-- Bilans and follow-up questionnaires (D17), alerts, end of care and archives (D18).
-- Questionnaires are data: support adds one without code; each change is a new version.
CREATE TABLE questionnaires (
  id text NOT NULL,
  version integer NOT NULL,
  definition jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  created_by uuid REFERENCES users(id),
  PRIMARY KEY (id, version)
);

CREATE TABLE assessments (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patients(id),
  author_id uuid NOT NULL REFERENCES users(id),
  questionnaire_id text NOT NULL,
  questionnaire_version integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('bilan', 'follow_up')),
  care_request_id uuid REFERENCES care_requests(id),
  answers bytea NOT NULL,      -- encrypted {code: value}
  indicators bytea NOT NULL,   -- encrypted [{code, label, status}]
  created_at timestamptz NOT NULL,
  FOREIGN KEY (questionnaire_id, questionnaire_version) REFERENCES questionnaires(id, version)
);
CREATE INDEX assessments_patient_idx ON assessments (patient_id, created_at);

-- "Remontée d'indicateur négatif": one row per alerted professional.
CREATE TABLE alerts (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  assessment_id uuid NOT NULL REFERENCES assessments(id),
  created_at timestamptz NOT NULL,
  read_at timestamptz
);
CREATE INDEX alerts_user_idx ON alerts (user_id, created_at);
CREATE INDEX alerts_unread_idx ON alerts (user_id) WHERE read_at IS NULL;

-- "Fin série de soins": the professional's series of care for the patient is over (their file is read-only).
CREATE TABLE care_endings (
  patient_id uuid NOT NULL REFERENCES patients(id),
  user_id uuid NOT NULL REFERENCES users(id),
  ended_at timestamptz NOT NULL,
  PRIMARY KEY (patient_id, user_id)
);
