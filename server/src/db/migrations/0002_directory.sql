-- The national directory (Annuaire Santé) and the jobs that import it.
--
-- The four directory_* tables are replaced whole by each import: it loads fresh copies in the schema
-- directory_import, indexes them like the tables below (it reads these definitions from the catalogue), then
-- drops these and moves the new ones here in one short transaction (directory/import-directory.ts).
-- So: no foreign key may point at them (keep a national_id as a plain value), and an index added here by a
-- later migration is carried by every import without code change.
CREATE SCHEMA directory_import;

-- One row per person (IDNPS). Persons absent from a later file stay, inactive.
CREATE TABLE directory_persons (
  national_id text COLLATE "C" NOT NULL,
  identifier_type text NOT NULL CHECK (identifier_type IN ('rpps', 'adeli')),
  identifier text NOT NULL,
  practice_civility text,
  civility text,
  last_name text NOT NULL,
  first_name text NOT NULL,
  profession_code text NOT NULL,
  profession_label text,
  skill_code text,
  skill_label text,
  -- JSON text written by the import (directory/load-annuaire.ts), one array per activity row:
  -- [structureName, address, postalCode, communeCode, communeName, phone] (positions, not keys: a national file
  -- holds 1.5 million of them). Text, not json: the server does not re-parse what the import built, and a
  -- stray control character in the source cannot fail an import; readers use readActivities().
  activities text NOT NULL,
  -- normalised names (lower case, no accent, single spaces): "last first", and "last first" without the last
  -- name's leading particles ("fontaine anne" for "de La Fontaine") when it differs; "first last" is searched by
  -- rotating the query's words, not with a third index
  search_key text COLLATE "C" NOT NULL,
  search_key_alt text COLLATE "C",
  line integer NOT NULL,
  active boolean NOT NULL DEFAULT true,
  inactive_since timestamptz,
  CONSTRAINT directory_persons_pkey PRIMARY KEY (national_id)
);
CREATE INDEX directory_persons_search_idx ON directory_persons (search_key) WHERE active;
CREATE INDEX directory_persons_search_alt_idx ON directory_persons (search_key_alt)
  WHERE active AND search_key_alt IS NOT NULL;

-- MSSanté mailboxes of persons (Extraction_Correspondance_MSSante), by IDNPS.
CREATE TABLE directory_mssante (
  national_id text COLLATE "C" NOT NULL,
  address text NOT NULL,
  mailbox_type text,
  line integer NOT NULL
);
CREATE INDEX directory_mssante_person_idx ON directory_mssante (national_id);

-- The words of active persons' names, and each word's one-letter deletions: name search corrects a typo
-- by meeting the query word's deletions here (no extension needed on either engine).
CREATE TABLE directory_tokens (
  token text COLLATE "C" NOT NULL,
  persons integer NOT NULL,
  CONSTRAINT directory_tokens_pkey PRIMARY KEY (token)
);
CREATE TABLE directory_token_variants (
  variant text COLLATE "C" NOT NULL,
  token text COLLATE "C" NOT NULL
);
CREATE INDEX directory_token_variants_variant_idx ON directory_token_variants (variant);

-- Long-running work (directory imports), visible to every process. heartbeat_at moves while a job runs:
-- a job whose heartbeat stopped belonged to a process that died, and reads as failed.
CREATE TABLE jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL,
  state text NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
  progress jsonb NOT NULL DEFAULT '{"rows": 0, "persons": 0, "malformed": 0}',
  errors jsonb NOT NULL DEFAULT '[]',
  result jsonb,
  failure text,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz,
  heartbeat_at timestamptz NOT NULL
);
CREATE INDEX jobs_unfinished_idx ON jobs (kind, created_at) WHERE state IN ('queued', 'running');

-- Active users found by any word of their name (GET /api/directory/users).
CREATE INDEX users_name_words_idx ON users USING gin (string_to_array(name_key, ' '));
