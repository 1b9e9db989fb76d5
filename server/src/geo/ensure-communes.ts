import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { rows, type Database, type Tx } from '../db/client.ts';
import { parseCommunesCsv, type CommuneRecord } from './communes-csv.ts';

/**
 * Codes, names, postal codes and population come from the same CSV as the centres: the shared file carries
 * `@etalab/decoupage-administratif`'s data already, so the package would only duplicate it (and pin the
 * reference to an npm release instead of the file the operator configures).
 */
export interface CommunesDeps {
  database: Database;
  config: { communesFile: string | undefined };
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void } | undefined;
}

export interface CommunesStatus {
  /** True when this call (re)loaded the tables. */
  loaded: boolean;
  rows: number;
  /** The file's hash (with the loader's version), recorded beside the tables. */
  contentHash: string | null;
  ms: number;
}

/** Bumped when parsing changes, so that the same file is loaded again. */
const LOADER_VERSION = 'communes-loader-1';
const BATCH_ROWS = 5000;
const COMMUNES_LOCK = 727_003;

const done = new WeakMap<Database, Promise<CommunesStatus>>();

/**
 * Loads the communes CSV (`config.communesFile`) into `communes` and `commune_postal_codes` when the file
 * changed since the last load (hash) or the table is incomplete (row count); otherwise only reads and hashes the
 * file. Once per database handle and process: later calls return the first answer. Processes starting together
 * on one server load it once (advisory lock, hash checked again under it). Call at start-up, after migrations.
 */
export function ensureCommunes(deps: CommunesDeps): Promise<CommunesStatus> {
  let status = done.get(deps.database);
  if (!status) {
    status = loadIfChanged(deps);
    done.set(deps.database, status);
    status.catch(() => done.delete(deps.database));
  }
  return status;
}

async function loadIfChanged(deps: CommunesDeps): Promise<CommunesStatus> {
  const started = performance.now();
  const db = deps.database.db;
  const file = deps.config.communesFile;
  if (!file) {
    deps.log?.warn(
      {},
      'RELAIS_COMMUNES_FILE is not set and the shared communes file is absent: no geography',
    );
    const [count] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM communes`);
    return { loaded: false, rows: count?.n ?? 0, contentHash: null, ms: performance.now() - started };
  }
  const text = await readFile(file, 'utf8');
  const contentHash = createHash('sha256').update(LOADER_VERSION).update('\n').update(text).digest('hex');
  if (await isCurrent(deps.database, contentHash))
    return {
      loaded: false,
      rows: await countCommunes(deps.database),
      contentHash,
      ms: performance.now() - started,
    };

  const { communes, rejected } = parseCommunesCsv(text);
  if (rejected.length > 0)
    deps.log?.warn(
      { file, rejected: rejected.slice(0, 20), count: rejected.length },
      'communes file: lines skipped',
    );
  const loaded = await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${COMMUNES_LOCK})`);
    const [source] = await rows<{ content_hash: string }>(tx, sql`SELECT content_hash FROM communes_source`);
    if (source?.content_hash === contentHash) return false;
    // TRUNCATE rather than DELETE: no dead rows for the unique checks to step over; readers wait for the commit.
    await tx.execute(sql`TRUNCATE commune_postal_codes, communes`);
    for (let i = 0; i < communes.length; i += BATCH_ROWS)
      await insertBatch(tx, communes.slice(i, i + BATCH_ROWS));
    await tx.execute(sql`
      INSERT INTO communes_source (singleton, content_hash, row_count, loaded_at)
      VALUES (true, ${contentHash}, ${communes.length}, now())
      ON CONFLICT (singleton) DO UPDATE
        SET content_hash = excluded.content_hash, row_count = excluded.row_count, loaded_at = excluded.loaded_at`);
    return true;
  });
  const ms = performance.now() - started;
  if (loaded) deps.log?.info({ file, rows: communes.length, ms: Math.round(ms) }, 'communes loaded');
  return { loaded, rows: await countCommunes(deps.database), contentHash, ms };
}

async function isCurrent(database: Database, contentHash: string): Promise<boolean> {
  const [source] = await rows<{ content_hash: string; row_count: number }>(
    database.db,
    sql`SELECT content_hash, row_count FROM communes_source`,
  );
  return source?.content_hash === contentHash && source.row_count === (await countCommunes(database));
}

async function countCommunes(database: Database): Promise<number> {
  const [count] = await rows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM communes`);
  return count?.n ?? 0;
}

/** One statement per batch for both tables: the rows travel as one JSON parameter, which both engines expand fast. */
async function insertBatch(tx: Tx, batch: CommuneRecord[]) {
  const json = JSON.stringify(
    batch.map((c) => ({
      insee: c.insee,
      name: c.name,
      search_key: c.searchKey,
      postal_codes: c.postalCodes.join(' '),
      lat: c.lat,
      lon: c.lon,
      population: c.population,
      parent_insee: c.parentInsee,
      has_arrondissements: c.hasArrondissements,
    })),
  );
  await tx.execute(sql`
    WITH x AS (
      SELECT * FROM json_to_recordset(${json}::json) AS r(insee text, name text, search_key text, postal_codes text,
        lat double precision, lon double precision, population integer, parent_insee text, has_arrondissements boolean)
    ), inserted AS (
      INSERT INTO communes (insee, name, search_key, postal_codes, lat, lon, population, parent_insee,
                            has_arrondissements)
      SELECT insee, name, search_key, string_to_array(postal_codes, ' '), lat, lon, population, parent_insee,
             has_arrondissements
      FROM x
    )
    INSERT INTO commune_postal_codes (postal_code, insee)
    SELECT unnest(string_to_array(postal_codes, ' ')), insee FROM x`);
}

/** The hash of the communes data now loaded; activity zones record it to notice a reload. */
export async function communesHash(database: Database): Promise<string | null> {
  const [source] = await rows<{ content_hash: string }>(
    database.db,
    sql`SELECT content_hash FROM communes_source`,
  );
  return source?.content_hash ?? null;
}
