-- Patient files (D15, D16, D21). Identity, address, phone and exact coordinates are encrypted by the
-- application (AES-256-GCM, key outside the database); what stays in clear is what matching needs and may
-- be shown to a pool professional anyway: the commune and the approximate cell (D10), computed once.
CREATE TABLE patients (
  id uuid PRIMARY KEY,
  identity bytea NOT NULL,          -- {firstName, lastName, birthDate, sex}
  contact bytea NOT NULL,           -- {address: {line, postalCode, city}, phone}
  location bytea NOT NULL,          -- {lat, lon}: the geocoded address
  commune_insee text NOT NULL,
  cell_id text NOT NULL,
  cell_lat double precision NOT NULL,
  cell_lon double precision NOT NULL,
  cell_radius_m integer NOT NULL,
  treating_doctor_user_id uuid REFERENCES users(id),
  treating_doctor_national_id text, -- a directory person (no foreign key: the directory is replaced by imports)
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  archived_at timestamptz
);
CREATE INDEX patients_treating_doctor_idx ON patients (treating_doctor_user_id) WHERE treating_doctor_user_id IS NOT NULL;

-- Blind index for name search: keyed hashes (HMAC) of the prefixes of each normalised name word. Finding
-- "dup" needs no decryption and the table reveals no name without the key.
CREATE TABLE patient_name_index (
  patient_id uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  term bytea NOT NULL,
  PRIMARY KEY (term, patient_id)
);
CREATE INDEX patient_name_index_patient_idx ON patient_name_index (patient_id);

-- The care team (D16): one row per reason a professional belongs to it.
CREATE TABLE care_team (
  patient_id uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  reason text NOT NULL CHECK (reason IN ('creator', 'usual', 'accepted', 'declencheur')),
  added_at timestamptz NOT NULL,
  PRIMARY KEY (patient_id, user_id, reason)
);
CREATE INDEX care_team_user_idx ON care_team (user_id, patient_id);
