/**
 * Care-request dispatch at national scale, on PostgreSQL, each figure beside a baseline measured in the same run:
 *
 *   npx tsx bench/dispatch/run.ts [--people 300000] [--rounds 100] [--samples 2000] [--creates 100] [--keep]
 *
 * In a database of its own (created on DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432/test,
 * dropped at the end; with --keep it is named after --people, kept, and reused by the next run with --keep, which
 * skips the setup): a generated directory (../shared/tools/gen-annuaire.mjs, professionals settled in
 * proportion to commune population) becomes active users, each with the communes of a 10 km zone; patients'
 * communes are drawn in proportion to population. Prints:
 *   1. the pool audience computed by the use case, p50/p99, beside the bare SQL of the same query;
 *   2. create-request until its recipients and its fan-out row are committed, then until every recipient's live
 *      event and push row is (the fan-out expanded), for the median pool and for the densest commune, beside the
 *      audience query alone;
 *   3. accept under 100 simultaneous tries from 2 server processes, each round exactly one winner, for a request
 *      of the median pool and one of the densest commune, beside one indexed primary-key SELECT and beside 100
 *      simultaneous ones from the same two processes.
 */
import { fork, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import pino from 'pino';
import { systemClock } from '../../server/src/clock.ts';
import { loadConfig } from '../../server/src/config.ts';
import { openDatabase, rows, type Database } from '../../server/src/db/client.ts';
import type { Deps } from '../../server/src/deps.ts';
import { ensureCommunes } from '../../server/src/geo/ensure-communes.ts';
import { createGeocoder } from '../../server/src/geo/geocoder.ts';
import { createPatient } from '../../server/src/patients/create-patient.ts';
import { poolAudience } from '../../server/src/care-requests/audience.ts';
import { createCareRequest } from '../../server/src/care-requests/create-care-request.ts';
import { expandFanouts } from '../../server/src/care-requests/dispatch.ts';
import { acceptCareRequest } from '../../server/src/care-requests/respond-to-care-request.ts';
import { DataCipher } from '../../server/src/shared/crypto.ts';
import { AppError } from '../../server/src/shared/errors.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const generator = resolve(root, '../shared/tools/gen-annuaire.mjs');

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} expects a positive integer`);
  return value;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
const summary = (values: number[]) => ({ p50: percentile(values, 50), p99: percentile(values, 99) });
const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

function depsFor(database: Database, key: Buffer): Deps {
  const config = loadConfig({
    NODE_ENV: 'production',
    RELAIS_DATA_KEY: key.toString('hex'),
    RELAIS_DEMO: '0',
  });
  return {
    config,
    database,
    db: database.db,
    clock: systemClock,
    cipher: new DataCipher(key),
    log: pino({ level: 'silent' }),
  };
}

const ctx = (actorId: string) => ({
  actorId,
  actorRole: 'professional' as const,
  ip: '127.0.0.1',
  userAgent: 'bench',
});

// ---------------------------------------------------------------------------------------------------------------
// The second server process: accepts what the parent tells it to, at the instant it is told.

async function workerMain() {
  const url = process.env.BENCH_DATABASE_URL ?? '';
  const key = Buffer.from(process.env.BENCH_KEY ?? '', 'hex');
  const database = await openDatabase({ databaseUrl: url, migrations: false, poolSize: 25 });
  const deps = depsFor(database, key);
  process.on('message', (message: { requestId?: string; userIds: string[] }) => {
    void (async () => {
      const { requestId } = message;
      const results = await Promise.all(
        message.userIds.map((id) => (requestId ? timedAccept(deps, requestId, id) : timedSelect(deps, id))),
      );
      process.send?.({ requestId, results });
    })();
  });
  process.on('disconnect', () => {
    void database.close().then(() => process.exit(0));
  });
  process.send?.({ ready: true });
}

async function timedAccept(deps: Deps, requestId: string, userId: string) {
  const started = performance.now();
  try {
    await acceptCareRequest(deps, ctx(userId), requestId);
    return { ms: performance.now() - started, won: true };
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 409) throw error;
    return { ms: performance.now() - started, won: false };
  }
}

async function timedSelect(deps: Deps, userId: string) {
  const started = performance.now();
  await rows(deps.db, sql`SELECT * FROM users WHERE id = ${userId}`);
  return { ms: performance.now() - started, won: false };
}

// ---------------------------------------------------------------------------------------------------------------

function generateDirectory(people: number): string {
  const dir = join(root, '.tmp', `bench-annuaire-${people}`);
  const done =
    existsSync(dir) && readdirSync(dir).some((f) => f.startsWith('PS_LibreAcces_Personne_activite'));
  if (!done) {
    mkdirSync(dir, { recursive: true });
    const run = spawnSync(process.execPath, [generator, '--out', dir, '--people', String(people)], {
      stdio: 'inherit',
    });
    if (run.status !== 0) throw new Error('gen-annuaire failed');
  }
  const file = readdirSync(dir).find((f) => f.startsWith('PS_LibreAcces_Personne_activite'));
  if (!file) throw new Error('no persons file');
  return join(dir, file);
}

/** One active user per directory person (first activity row), office at that activity's commune. */
async function loadUsers(pool: pg.Pool, file: string): Promise<number> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  const seen = new Set<string>();
  const now = new Date().toISOString();
  let count = 0;
  async function* csv() {
    let header = true;
    for await (const line of lines) {
      if (header) {
        header = false;
        continue;
      }
      const c = line.split('|');
      const id = c[1] ?? '';
      if (seen.has(id)) continue;
      seen.add(id);
      count++;
      const type = c[0] === '8' ? 'rpps' : 'adeli';
      const last = (c[7] ?? '').replace(/[\t\\]/g, ' ');
      const first = (c[8] ?? '').replace(/[\t\\]/g, ' ');
      yield (
        [
          randomUUID(),
          'professional',
          'active',
          type,
          id,
          c[9],
          first,
          last,
          `${last} ${first}`.toLowerCase(),
          `u${count}@bench.relais.test`,
          `+3361${String(count).padStart(7, '0')}`,
          `${c[28] ?? ''} ${c[32] ?? ''}`,
          c[35],
          c[36], // the office commune's INSEE code stands in the city column, for the zone join below
          now,
          now,
        ].join('\t') + '\n'
      );
    }
  }
  const client = await pool.connect();
  try {
    await pipeline(
      Readable.from(csv()),
      client.query(
        copyFrom(`COPY users (id, role, status, identifier_type, identifier, profession, first_name, last_name, name_key,
                  email, mobile_phone, office_line, office_postal_code, office_city, created_at, updated_at)
                  FROM STDIN`),
      ),
    );
  } finally {
    client.release();
  }
  return count;
}

async function buildZones(pool: pg.Pool) {
  await pool.query(`
    CREATE TABLE near AS
    SELECT a.insee AS home, b.insee AS insee
    FROM communes a JOIN communes b
      ON b.lat BETWEEN a.lat - 0.0905 AND a.lat + 0.0905
     AND b.lon BETWEEN a.lon - 0.0905 / cos(radians(a.lat)) AND a.lon + 0.0905 / cos(radians(a.lat))
    WHERE a.lat IS NOT NULL AND b.lat IS NOT NULL AND NOT b.has_arrondissements
      AND 2 * 6371.0088 * asin(sqrt(power(sin(radians(b.lat - a.lat) / 2), 2)
          + cos(radians(a.lat)) * cos(radians(b.lat)) * power(sin(radians(b.lon - a.lon) / 2), 2))) <= 10`);
  await pool.query('CREATE INDEX ON near (home)');
  await pool.query(`
    INSERT INTO activity_zones (professional_id, insee, profession, home_visits, office_consultations)
    SELECT u.id, n.insee, u.profession, true, true
    FROM users u JOIN near n ON n.home = u.office_city
    ON CONFLICT DO NOTHING`);
  // A live database has had autovacuum pass over its zones long ago: without the visibility map the audience's
  // index-only scan would visit the heap, which no production server does.
  await pool.query('VACUUM ANALYZE');
}

async function main() {
  if (process.argv.includes('--worker')) return workerMain();
  const people = option('people', 300_000);
  const rounds = option('rounds', 100);
  const samples = option('samples', 2000);
  const creates = option('creates', 100);
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const keep = process.argv.includes('--keep');
  const name = keep ? `relais_bench_dispatch_${people}` : `relais_bench_dispatch_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  if (!exists) await admin.query(`CREATE DATABASE ${name}`);
  const url = withDatabase(base, name);
  const key = randomBytes(32);
  let database: Database | undefined;
  try {
    database = await openDatabase({ databaseUrl: url, poolSize: 25 });
    const pool = database.pool;
    if (!pool) throw new Error('PostgreSQL expected');
    const deps = depsFor(database, key);
    const t0 = performance.now();
    const ready =
      exists && (await pool.query("SELECT 1 FROM pg_tables WHERE tablename = 'bench_ready'")).rowCount === 1;
    if (!ready) {
      await ensureCommunes({ database, config: deps.config });
      const file = generateDirectory(people);
      // The office commune travels in office_city for the zone join (its INSEE code); fine for a benchmark.
      const users = await loadUsers(pool, file.replace(/\\/g, '/'));
      await buildZones(pool);
      await pool.query('CREATE TABLE bench_ready ()');
      console.log(`setup: ${users} users in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } else {
      // What earlier runs created goes, so that every run starts from the same tables.
      await pool.query(
        'TRUNCATE care_request_fanouts, care_request_recipients, care_requests, user_events, outbox CASCADE',
      );
      await pool.query('VACUUM ANALYZE care_request_recipients, care_requests, user_events, outbox');
      console.log(`setup: reusing ${name}`);
    }
    const [zoneCount] = await rows<{ n: string; u: string }>(
      deps.db,
      sql`SELECT (SELECT count(*) FROM activity_zones) AS n, (SELECT count(*) FROM users) AS u`,
    );
    console.log(`       ${zoneCount?.u ?? '?'} users, ${zoneCount?.n ?? '?'} zone rows`);
    if (process.argv.includes('--setup-only')) return;

    // Patients in communes drawn in proportion to population.
    const communes = await rows<{ insee: string; name: string; postal: string; population: number }>(
      deps.db,
      sql`SELECT insee, name, postal_codes[1] AS postal, population FROM communes
          WHERE lat IS NOT NULL AND NOT has_arrondissements AND population > 0 AND array_length(postal_codes, 1) > 0`,
    );
    const total = communes.reduce((s, c) => s + c.population, 0);
    const draw = () => {
      let r = Math.random() * total;
      for (const c of communes) if ((r -= c.population) < 0) return c;
      return communes[communes.length - 1] ?? communes[0];
    };
    const [declencheur] = await rows<{ id: string }>(
      deps.db,
      sql`SELECT id FROM users WHERE profession = '10' LIMIT 1`,
    );
    if (!declencheur) throw new Error('no doctor');
    const bare = async (insee: string) => {
      const s = performance.now();
      const r = await pool.query(
        `SELECT professional_id FROM activity_zones WHERE insee = $1 AND profession = '60' AND home_visits`,
        [insee],
      );
      return { ms: performance.now() - s, size: r.rowCount ?? 0 };
    };

    // 1. Audience
    const useCase: number[] = [];
    const raw: number[] = [];
    const sizes: number[] = [];
    for (let i = 0; i < samples; i++) {
      const c = draw();
      if (!c) continue;
      const b = await bare(c.insee);
      raw.push(b.ms);
      sizes.push(b.size);
      const s = performance.now();
      await poolAudience(deps.db, {
        communes: [c.insee],
        profession: '60',
        homeVisit: true,
        exclude: [declencheur.id],
      });
      useCase.push(performance.now() - s);
    }
    const a = summary(useCase);
    const r0 = summary(raw);
    console.log(
      `\n1. pool audience (${samples} patients' communes, nurses, pool median ${percentile(sizes, 50)}, max ${Math.max(...sizes)})`,
    );
    console.log(`   use case  p50 ${fmt(a.p50)}  p99 ${fmt(a.p99)}`);
    console.log(`   bare SQL  p50 ${fmt(r0.p50)}  p99 ${fmt(r0.p99)}`);
    console.log(`   ratio p99 ${(a.p99 / r0.p99).toFixed(2)}×  (target ≤ 2× and < 10 ms)`);

    // 2. Create request: a patient in a median-pool commune and one in the densest commune.
    const geocoder = createGeocoder(deps);
    const medianSize = percentile(sizes, 50);
    const [median] = await rows<{ insee: string; name: string; postal: string }>(
      deps.db,
      sql`SELECT c.insee, c.name, c.postal_codes[1] AS postal FROM communes c
          JOIN (SELECT insee, count(*) AS n FROM activity_zones WHERE profession = '60' AND home_visits GROUP BY insee) z
            ON z.insee = c.insee
          WHERE c.lat IS NOT NULL AND NOT c.has_arrondissements
          ORDER BY abs(z.n - ${medianSize}) LIMIT 1`,
    );
    const [densest] = await rows<{ insee: string; name: string; postal: string; n: string }>(
      deps.db,
      sql`SELECT c.insee, c.name, c.postal_codes[1] AS postal, z.n FROM communes c
          JOIN (SELECT insee, count(*) AS n FROM activity_zones WHERE profession = '60' AND home_visits GROUP BY insee) z
            ON z.insee = c.insee
          WHERE c.lat IS NOT NULL ORDER BY z.n DESC LIMIT 1`,
    );
    if (!median || !densest) throw new Error('no commune found');
    const patientIn = async (c: { name: string; postal: string }) =>
      (
        await createPatient(deps, geocoder, ctx(declencheur.id), {
          firstName: 'Banc',
          lastName: 'Essai',
          birthDate: '1950-01-01',
          sex: 'U',
          address: { line: '1 rue de la Mairie', postalCode: c.postal, city: c.name },
        })
      ).id;
    const request = (patientId: string) => ({
      patientId,
      profession: '60' as const,
      careType: 'pansement' as const,
      details: { startDate: '2026-12-01', frequency: 'quotidien', durationDays: 7 },
      description: 'Pansement simple',
      homeVisit: true,
      responseMinutes: 1440,
    });
    for (const [label, commune, target] of [
      ['median pool', median, 50],
      ['densest commune', densest, 250],
    ] as const) {
      const patientId = await patientIn(commune);
      const times: number[] = [];
      const told: number[] = [];
      const audience: number[] = [];
      let recipients = 0;
      for (let i = 0; i < creates; i++) {
        const s = performance.now();
        const created = await createCareRequest(deps, ctx(declencheur.id), request(patientId));
        times.push(performance.now() - s);
        await expandFanouts(deps);
        told.push(performance.now() - s);
        recipients = created.recipients;
        audience.push((await bare(commune.insee)).ms);
      }
      const c = summary(times);
      const e = summary(told);
      const q = summary(audience);
      console.log(
        `\n2. create request, ${label}: ${commune.name} (${commune.insee}), ${recipients} recipients`,
      );
      console.log(
        `   create until committed  p50 ${fmt(c.p50)}  p99 ${fmt(c.p99)}  (target p99 < ${target} ms)`,
      );
      console.log(
        `   + every recipient told  p50 ${fmt(e.p50)}  p99 ${fmt(e.p99)}  (fan-out: one event and one push row each)`,
      );
      console.log(
        `   audience query alone    p50 ${fmt(q.p50)}  p99 ${fmt(q.p99)}  → ${(c.p99 / q.p99).toFixed(1)}× at p99`,
      );
    }

    // 3. Accept: 100 simultaneous tries per round, 50 from this process and 50 from a second one.
    const child = fork(fileURLToPath(import.meta.url), ['--worker'], {
      env: { ...process.env, BENCH_DATABASE_URL: url, BENCH_KEY: key.toString('hex') },
      execArgv: ['--import', 'tsx'],
    });
    await new Promise<void>((resolveReady) => {
      child.once('message', () => {
        resolveReady();
      });
    });
    type Try = { ms: number; won: boolean };
    const WARM_UP = 5;
    const remoteRun = (message: { requestId?: string; userIds: string[] }) =>
      new Promise<Try[]>((resolveResults) => {
        child.once('message', (m: { requestId?: string; results: Try[] }) => {
          if (m.requestId !== message.requestId) throw new Error('the second process answered another round');
          resolveResults(m.results);
        });
        child.send(message);
      });
    const acceptRounds = async (patientId: string, count: number) => {
      const all: number[] = [];
      const winners: number[] = [];
      const others: number[] = [];
      let exactlyOne = 0;
      let recipients = 0;
      // A few rounds more than counted, first: both processes open their pools' connections and compile the
      // accept path, as a running server has.
      for (let round = -WARM_UP; round < count; round++) {
        const created = await createCareRequest(deps, ctx(declencheur.id), request(patientId));
        recipients = created.recipients;
        await expandFanouts(deps);
        const tries = (
          await rows<{ user_id: string }>(
            deps.db,
            sql`SELECT user_id FROM care_request_recipients WHERE request_id = ${created.id} LIMIT 100`,
          )
        ).map((r) => r.user_id);
        const remote = remoteRun({ requestId: created.id, userIds: tries.slice(50) });
        const local = await Promise.all(tries.slice(0, 50).map((id) => timedAccept(deps, created.id, id)));
        const round_ = [...local, ...(await remote)];
        await expandFanouts(deps); // "déjà acceptée" to the others, outside the timed accepts
        if (round < 0) continue;
        all.push(...round_.map((x) => x.ms));
        for (const x of round_) (x.won ? winners : others).push(x.ms);
        const won = round_.filter((x) => x.won).length;
        if (won === 1) exactlyOne++;
        else {
          const [state] = await rows<{ status: string; accepted_by: string | null; n: number }>(
            deps.db,
            sql`SELECT status, accepted_by, (SELECT count(*)::int FROM care_request_recipients
                                              WHERE request_id = ${created.id} AND response = 'accepted') AS n
                FROM care_requests WHERE id = ${created.id}`,
          );
          console.log(
            `   round ${round}: ${won} winners, ${round_.length} tries; stored: ${JSON.stringify(state)}`,
          );
        }
      }
      return {
        all: summary(all),
        winners: summary(winners),
        others: summary(others),
        exactlyOne,
        recipients,
      };
    };
    // The same number of primary-key SELECTs, as simultaneous, from the same two processes.
    const pkRounds = async (count: number) => {
      const all: number[] = [];
      const ids = Array.from({ length: 50 }, () => declencheur.id);
      for (let round = -WARM_UP; round < count; round++) {
        const remote = remoteRun({ userIds: ids });
        const local = await Promise.all(ids.map((id) => timedSelect(deps, id)));
        const both = [...local, ...(await remote)];
        if (round >= 0) all.push(...both.map((x) => x.ms));
      }
      return summary(all);
    };
    const medianPatient = await patientIn(median);
    const densePatient = await patientIn(densest);
    const pk: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const s = performance.now();
      await pool.query('SELECT * FROM users WHERE id = $1', [declencheur.id]);
      pk.push(performance.now() - s);
    }
    const p = summary(pk);
    const pk100 = await pkRounds(rounds);
    for (const [label, patientId, count] of [
      ['median pool', medianPatient, rounds],
      ['densest commune', densePatient, Math.min(rounds, 30)],
    ] as const) {
      const r = await acceptRounds(patientId, count);
      console.log(
        `\n3. accept, ${label} (${r.recipients} recipients): ${count} rounds × 100 simultaneous tries from 2 processes`,
      );
      console.log(`   exactly one winner in ${r.exactlyOne} of ${count} rounds`);
      console.log(`   accept          p50 ${fmt(r.all.p50)}  p99 ${fmt(r.all.p99)}  (target p99 < 20 ms)`);
      console.log(
        `     the winners   p50 ${fmt(r.winners.p50)}  p99 ${fmt(r.winners.p99)}  (until the full file is read)`,
      );
      console.log(
        `     the others    p50 ${fmt(r.others.p50)}  p99 ${fmt(r.others.p99)}  (until told "déjà acceptée")`,
      );
      console.log(
        `   PK SELECT       p50 ${fmt(p.p50)}  p99 ${fmt(p.p99)}  → ${(r.all.p99 / p.p99).toFixed(1)}× at p99`,
      );
      console.log(
        `   100 simultaneous PK SELECTs from the 2 processes  p50 ${fmt(pk100.p50)}  p99 ${fmt(pk100.p99)}  → ${(r.all.p99 / pk100.p99).toFixed(1)}× at p99`,
      );
    }
    child.disconnect();
  } finally {
    await database?.close();
    if (!keep) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
