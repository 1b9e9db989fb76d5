import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { ensureCommunes } from '../src/geo/ensure-communes.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    pgTemplate: string;
    runId: string;
  }
}

const { communesFile } = loadConfig({});
const runId = `${process.pid}_${Date.now().toString(36)}`;

/**
 * Migrates once, then every test file starts from a copy: a PGlite data-dir dump, or a PostgreSQL database
 * cloned from a migrated template (RELAIS_TEST_DATABASE_URL selects the server).
 */
export default async function setup(project: TestProject) {
  project.provide('runId', runId);
  const url = process.env.RELAIS_TEST_DATABASE_URL;
  if (!url) {
    const database = await openDatabase({});
    await ensureCommunes({ database, config: { communesFile } });
    const client = (database.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
    const dump = await client.dumpDataDir('none');
    const dir = resolve('.tmp');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `pglite-snapshot-${runId}.tar`);
    writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
    await database.close();
    project.provide('pgliteSnapshot', path);
    project.provide('pgTemplate', '');
    return;
  }
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const template = `relais_tpl_${runId}`;
  await admin.query(`CREATE DATABASE ${template}`);
  const database = await openDatabase({ databaseUrl: withDatabase(url, template), poolSize: 2 });
  await ensureCommunes({ database, config: { communesFile } });
  await database.close();
  project.provide('pgTemplate', template);
  project.provide('pgliteSnapshot', '');
  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
      [`relais_t_${runId}_%`, template],
    );
    for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
    await admin.end();
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
