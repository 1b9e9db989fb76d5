/**
 * National directory import and search, measured in one run on PostgreSQL:
 *
 *   npx tsx bench/directory-import/run.ts [--people 1200000] [--queries 400] [--keep-files] [--files DIR]
 *
 * Generates the Annuaire Santé files with ../shared/tools/gen-annuaire.mjs, then in a database of its own
 * (created on DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432/test, dropped at the end):
 * a raw COPY of the same files into unindexed tables (the baseline, before and after), the import into an empty
 * directory, the same import again (a daily refresh), and name searches. Peak RSS is this process's, which
 * runs the import.
 * `--files DIR` measures files generated earlier (kept) instead.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { systemContext } from '../../server/src/audit/append-audit.ts';
import { systemClock } from '../../server/src/clock.ts';
import { openDatabase, type Database } from '../../server/src/db/client.ts';
import {
  findNewestFiles,
  readFileShape,
  type AnnuaireFiles,
} from '../../server/src/directory/annuaire-files.ts';
import { startDirectoryImport } from '../../server/src/directory/import-directory.ts';
import { searchNationalDirectory } from '../../server/src/directory/search-national-directory.ts';
import { normalizeName } from '../../server/src/directory/name-key.ts';

const here = dirname(fileURLToPath(import.meta.url));
const generator = resolve(here, '../../../shared/tools/gen-annuaire.mjs');

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} expects a positive integer`);
  return value;
}

const people = option('people', 1_200_000);
const queryCount = option('queries', 400);
const givenFolder = process.argv.includes('--files')
  ? process.argv[process.argv.indexOf('--files') + 1]
  : undefined;
const keepFiles = process.argv.includes('--keep-files') || givenFolder !== undefined;
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const benchDb = `relais_bench_directory_${process.pid}`;

const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

/** The baseline: each file as it is, piped into a table of text columns without index or parsing in Node. */
async function rawCopy(database: Database, files: AnnuaireFiles): Promise<number> {
  const pool = database.pool;
  if (!pool) throw new Error('PostgreSQL expected');
  const client = await pool.connect();
  try {
    const started = performance.now();
    for (const [name, path] of [
      ['bench_raw_persons', files.persons],
      ['bench_raw_mssante', files.mssante],
    ] as const) {
      const shape = await readFileShape(name === 'bench_raw_persons' ? 'persons' : 'mssante', path);
      const columns = Array.from({ length: shape.fieldCount }, (_, i) => `c${i} text`).join(', ');
      await client.query(`CREATE TABLE ${name} (${columns})`);
      await pipeline(
        createReadStream(path, { highWaterMark: 1 << 20 }),
        client.query(
          copyFrom(`COPY ${name} FROM STDIN WITH (FORMAT csv, DELIMITER '|', QUOTE E'\\x01', HEADER true)`),
        ),
      );
    }
    const elapsed = performance.now() - started;
    await client.query('DROP TABLE bench_raw_persons, bench_raw_mssante');
    await client.query('CHECKPOINT');
    return elapsed;
  } finally {
    client.release();
  }
}

/** Name queries as people type them: full names both ways, prefixes, and one typo in the last name. */
function makeQueries(sample: { last_name: string; first_name: string }[]): { q: string; expect: string }[] {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const typo = (word: string) => {
    if (word.length < 5) return word;
    const i = 1 + Math.floor(rnd() * (word.length - 2));
    switch (Math.floor(rnd() * 3)) {
      case 0:
        return word.slice(0, i) + word.slice(i + 1); // a letter missing
      case 1:
        return word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2); // two letters swapped
      default:
        return word.slice(0, i) + (word[i] === 'e' ? 'a' : 'e') + word.slice(i + 1); // a wrong letter
    }
  };
  return sample.map((p, i) => {
    const last = normalizeName(p.last_name).split(' ').pop() ?? '';
    const first = normalizeName(p.first_name).split(' ')[0] ?? '';
    switch (i % 5) {
      case 0:
        return { q: p.last_name.toLowerCase(), expect: last };
      case 1:
        return { q: `${p.last_name} ${p.first_name}`, expect: last };
      case 2:
        return { q: `${p.first_name.toLowerCase()} ${p.last_name.slice(0, 4)}`, expect: last };
      case 3:
        return { q: typo(last), expect: last };
      default:
        return { q: `${typo(last)} ${first}`, expect: last };
    }
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function main() {
  const folder = givenFolder ?? mkdtempSync(join(tmpdir(), 'relais-annuaire-'));
  if (!givenFolder) {
    say(`Generating ${thousands(people)} people into ${folder} …`);
    const gen = spawnSync(process.execPath, [generator, '--out', folder, '--people', String(people)], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (gen.status !== 0) throw new Error('gen-annuaire.mjs failed');
  }
  const files = await findNewestFiles(folder);
  const megabytes = (statSync(files.persons).size + statSync(files.mssante).size) / 1024 ** 2;

  await adminQuery(`CREATE DATABASE ${benchDb}`);
  let database: Database | undefined;
  try {
    database = await openDatabase({ databaseUrl: withDatabase(baseUrl, benchDb), poolSize: 4 });
    const version =
      (await database.pool?.query<{ server_version: string }>('SHOW server_version'))?.rows[0]
        ?.server_version ?? '?';
    await database.pool?.query('CHECKPOINT');

    const rawMs = await rawCopy(database, files);
    const db = database;
    const importOnce = async () => {
      const started = performance.now();
      const job = await startDirectoryImport({ database: db, clock: systemClock }, systemContext, files, {
        force: true,
      });
      let rows = 0;
      let step = '';
      let stepStarted = started;
      const steps: string[] = [];
      const result = await job.run((p) => {
        rows = p.rows;
        if (p.step !== step) {
          if (step) steps.push(`${step} ${seconds(performance.now() - stepStarted)} s`);
          step = p.step ?? '';
          stepStarted = performance.now();
        }
      });
      const ms = performance.now() - started;
      if (!result) {
        const [failure] =
          (
            await db.pool?.query<{ failure: string }>(
              'SELECT failure FROM jobs ORDER BY created_at DESC LIMIT 1',
            )
          )?.rows ?? [];
        throw new Error(`import failed: ${failure?.failure ?? '?'}`);
      }
      await db.pool?.query('CHECKPOINT');
      return { ms, rows, steps, result };
    };
    // The first import fills an empty directory; the second is the daily refresh (same files: nothing changes,
    // every person is compared).
    const { ms: importMs, rows, steps, result } = await importOnce();
    const refresh = await importOnce();
    // The baseline again, after: the faster of the two is the one compared with (the stricter ratio).
    const rawAfterMs = await rawCopy(database, files);
    const baselineMs = Math.min(rawMs, rawAfterMs);
    const rssMb = process.resourceUsage().maxRSS / 1024;

    const sample =
      (
        await database.pool?.query<{ last_name: string; first_name: string }>(
          `SELECT last_name, first_name FROM directory_persons TABLESAMPLE BERNOULLI (1) REPEATABLE (42)
           WHERE active LIMIT ${queryCount}`,
        )
      )?.rows ?? [];
    const queries = makeQueries(sample);
    for (const { q } of queries.slice(0, 50)) await searchNationalDirectory(database.db, { q, limit: 20 });
    const timings: number[] = [];
    let answered = 0;
    for (const { q, expect } of queries) {
      const t = performance.now();
      const found = await searchNationalDirectory(database.db, { q, limit: 20 });
      timings.push(performance.now() - t);
      if (found.some((e) => normalizeName(e.lastName).split(' ').includes(expect))) answered++;
    }
    timings.sort((a, b) => a - b);

    const rawRate = rows / (baselineMs / 1000);
    const importRate = rows / (importMs / 1000);
    const ratio = importRate / rawRate;
    const p50 = percentile(timings, 50);
    const p95 = percentile(timings, 95);
    const check = (ok: boolean) => (ok ? 'ok' : 'MISSED');
    say('');
    say(`Directory import — PostgreSQL ${version}, ${thousands(result.persons)} people`);
    say(`  files            ${thousands(rows)} data rows, ${megabytes.toFixed(0)} MB`);
    say(
      `  import           ${seconds(importMs)} s, ${thousands(importRate)} rows/s   [target < 60 s: ${check(importMs < 60_000)}]`,
    );
    say(`  steps            ${steps.join(', ')}`);
    say(
      `  raw COPY         ${seconds(baselineMs)} s, ${thousands(rawRate)} rows/s (same rows, unindexed text tables; ` +
        `best of ${seconds(rawMs)} s before and ${seconds(rawAfterMs)} s after the imports)`,
    );
    say(
      `  refresh          ${seconds(refresh.ms)} s for the same files again (daily refresh: ` +
        `${thousands(refresh.result.unchanged)} unchanged, ${thousands(refresh.result.changed)} changed; ` +
        `${refresh.steps.join(', ')})`,
    );
    say(`  ratio            ${ratio.toFixed(2)}× raw COPY   [target ≥ 0.5×: ${check(ratio >= 0.5)}]`);
    say(`  peak RSS         ${rssMb.toFixed(0)} MB   [target < 500 MB: ${check(rssMb < 500)}]`);
    say(
      `  result           ${thousands(result.persons)} persons, ${thousands(result.mailboxes)} mailboxes, ` +
        `${thousands(result.duplicates)} duplicate IDNPS rows`,
    );
    say(
      `  search           ${timings.length} name queries (1 in 2.5 with a typo): p50 ${p50.toFixed(2)} ms, ` +
        `p95 ${p95.toFixed(2)} ms, max ${(timings.at(-1) ?? 0).toFixed(1)} ms   [target p95 < 20 ms: ${check(p95 < 20)}]`,
    );
    say(
      `  search answers   ${answered}/${timings.length} queries found the intended last name in the first 20`,
    );
  } finally {
    await database?.close();
    await adminQuery(`DROP DATABASE IF EXISTS ${benchDb} WITH (FORCE)`);
    if (!keepFiles) rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
