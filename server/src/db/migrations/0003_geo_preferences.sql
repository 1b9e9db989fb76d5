-- French geography (communes and their centres), professionals' activity zones (D5) and notification hours (D6).

-- Every commune of the Code officiel géographique plus the municipal arrondissements of Paris, Lyon and
-- Marseille, loaded from the communes CSV at start-up (geo/ensure-communes.ts). The unit of matching (D9).
CREATE TABLE communes (
  insee text PRIMARY KEY,
  name text NOT NULL,
  -- lower case, no accents, Saint/Sainte spelt out, words separated by one space (geo/place-key.ts)
  search_key text NOT NULL,
  postal_codes text[] NOT NULL,
  lat double precision,
  lon double precision,
  population integer NOT NULL,
  -- the whole city (75056, 69123, 13055) of a municipal arrondissement
  parent_insee text,
  -- true for Paris, Lyon and Marseille as a whole: matching uses their arrondissements
  has_arrondissements boolean NOT NULL DEFAULT false,
  CHECK ((lat IS NULL) = (lon IS NULL))
);
CREATE INDEX communes_lat_lon_idx ON communes (lat, lon) WHERE lat IS NOT NULL;
CREATE INDEX communes_search_key_idx ON communes (search_key text_pattern_ops);

-- Reloaded with communes, in the same statements: no foreign key to check row by row.
CREATE TABLE commune_postal_codes (
  postal_code text NOT NULL,
  insee text NOT NULL
);
-- equality and prefix ("91…") lookups alike
CREATE UNIQUE INDEX commune_postal_codes_key ON commune_postal_codes (postal_code text_pattern_ops, insee);

-- What the communes tables were loaded from: a changed file (hash) or a partial table (count) reloads them.
CREATE TABLE communes_source (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  content_hash text NOT NULL,
  row_count integer NOT NULL,
  loaded_at timestamptz NOT NULL
);

-- The office address geocoded, with the address it was computed from: a changed address is geocoded again.
CREATE TABLE office_locations (
  professional_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  address_line text NOT NULL,
  postal_code text NOT NULL,
  city text NOT NULL,
  insee text,
  commune_name text,
  lat double precision,
  lon double precision,
  score real NOT NULL DEFAULT 0,
  source text CHECK (source IN ('offline', 'geoplateforme')),
  geocoded_at timestamptz NOT NULL,
  CHECK ((lat IS NULL) = (lon IS NULL))
);

-- "Pref. PeC" (D5).
CREATE TABLE activity_preferences (
  professional_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  home_visits boolean NOT NULL DEFAULT true,
  office_consultations boolean NOT NULL DEFAULT true,
  radius_km integer NOT NULL DEFAULT 10 CHECK (radius_km BETWEEN 1 AND 100),
  removed_communes text[] NOT NULL DEFAULT '{}',
  -- the communes data (communes_source.content_hash) the zone rows were computed on; stale zones are rebuilt
  zone_communes_hash text,
  updated_at timestamptz NOT NULL,
  CHECK (home_visits OR office_consultations)
);

-- The communes attributed to each professional (D5), carrying what the pool audience (D9) filters on, so that
-- one index-only scan answers "who of this profession serves this commune": rebuilt when preferences, the office
-- address or the communes change. Besides the listed communes it holds the whole city (75056, 69123, 13055) of
-- any attributed arrondissement, so that a patient located only to "Paris" still finds professionals.
CREATE TABLE activity_zones (
  professional_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  insee text NOT NULL,
  profession text NOT NULL,
  home_visits boolean NOT NULL,
  office_consultations boolean NOT NULL,
  PRIMARY KEY (professional_id, insee)
);
CREATE INDEX activity_zones_audience_idx ON activity_zones (insee, profession)
  INCLUDE (professional_id, home_visits, office_consultations);

-- "Pref. Notifs" (D6): {"monday": {"mode": "all_day"|"custom"|"unavailable", "ranges": [...]}, ...}.
CREATE TABLE notification_schedules (
  professional_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  days jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);
