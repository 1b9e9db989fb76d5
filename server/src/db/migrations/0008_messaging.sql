-- Secure messaging between professionals (D19). Bodies are encrypted by the application.
CREATE TABLE threads (
  id uuid PRIMARY KEY,
  subject bytea,                 -- encrypted
  patient_id uuid REFERENCES patients(id),
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE thread_participants (
  thread_id uuid NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  joined_at timestamptz NOT NULL,
  left_at timestamptz,
  last_read_at timestamptz,
  PRIMARY KEY (thread_id, user_id)
);
CREATE INDEX thread_participants_user_idx ON thread_participants (user_id, thread_id);

CREATE TABLE messages (
  id uuid PRIMARY KEY,
  thread_id uuid NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
  author_id uuid NOT NULL REFERENCES users(id),
  body bytea NOT NULL,           -- encrypted
  sent_at timestamptz NOT NULL
);
CREATE INDEX messages_thread_idx ON messages (thread_id, sent_at DESC);
