import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { systemClock } from '../clock.ts';
import { openDatabase, rows, type Database } from '../db/client.ts';
import { DataCipher } from '../shared/crypto.ts';
import { enqueuePoolPushes, seedOpenRequest, seedSubscribedUsers } from './push-fixtures.ts';
import { startPushEndpoint, type PushEndpoint } from './test-peers.ts';

/**
 * The server process killed (SIGKILL) while it delivers a backlog, then started again: nothing is lost, and the push
 * service, which cannot deduplicate, receives each notification at most twice. Real processes (server/src/main.ts)
 * on a PostgreSQL database of their own, whichever database the other tests of this run use.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const base = process.env.RELAIS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbName = `relais_push_restart_${randomBytes(4).toString('hex')}`;
const dbUrl = (() => {
  const u = new URL(base);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const key = randomBytes(32);
const BACKLOG = 400;

let push: PushEndpoint;
let database: Database;
let dir: string;
let child: ChildProcess | undefined;
let port: number;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => {
        resolve(p);
      });
    });
  });

async function startServer(): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/src/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl,
      RELAIS_DATA_KEY: key.toString('hex'),
      RELAIS_DATA_DIR: join(dir, 'data'),
      RELAIS_TEST_MODE: '1',
      RELAIS_DEMO: '0',
      RELAIS_LOG_LEVEL: 'error',
      RELAIS_WEB_DIST: join(dir, 'no-web'),
      // The push endpoint's certificate was made for this run: the server process trusts it like a public CA.
      NODE_EXTRA_CA_CERTS: join(dir, 'push-ca.pem'),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return proc;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  proc.kill('SIGKILL');
  throw new Error('server did not start');
}

const stateCounts = async () =>
  Object.fromEntries(
    (
      await rows<{ state: string; n: number }>(
        database.db,
        sql`SELECT state, count(*)::int AS n FROM outbox WHERE channel = 'push' GROUP BY state`,
      )
    ).map((r) => [r.state, r.n]),
  );

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'relais-restart-'));
  push = await startPushEndpoint();
  writeFileSync(join(dir, 'push-ca.pem'), push.ca);
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  database = await openDatabase({ databaseUrl: dbUrl, poolSize: 4 }); // migrates the new database
  port = await freePort();
}, 120_000);

afterAll(async () => {
  child?.kill('SIGKILL');
  await database.close();
  await push.stop();
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
});

describe('delivery across a crash of the server process', () => {
  it('D14 — killed while delivering a backlog, restarted: nothing is lost, each push arrives at most twice', async () => {
    child = await startServer();
    const cipher = new DataCipher(key);
    const users = await seedSubscribedUsers(database.db, systemClock, cipher, BACKLOG + 1, (n) =>
      push.subscribe(n),
    );
    const [declencheur, ...recipients] = users.userIds;
    const requestId = await seedOpenRequest(database.db, systemClock, cipher, declencheur ?? '', recipients);
    // The push service answers slowly: the kill lands in the middle of the batch.
    push.setDelay(150);
    await database.db.transaction((tx) => enqueuePoolPushes(tx, systemClock, cipher, requestId, recipients));
    const until = Date.now() + 60_000;
    while (push.received.length < 40 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await new Promise((r) => child?.once('exit', r));
    // What the dead process had already sent is still being answered (the endpoint answers after its delay):
    // a real push service would deliver those too, so they count as sent before the restart.
    await new Promise((r) => setTimeout(r, 1_000));
    const beforeRestart = push.received.length;
    expect(beforeRestart).toBeGreaterThanOrEqual(40);
    expect(beforeRestart).toBeLessThan(BACKLOG);
    expect((await stateCounts()).pending).toBeGreaterThan(0);

    push.setDelay(0);
    child = await startServer();
    // The dead process's lease (one minute) must run out before another process takes its rows.
    const moved = await fetch(`http://127.0.0.1:${port}/api/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: 120_000 }),
    });
    expect(moved.status).toBe(200);
    const deadline = Date.now() + 120_000;
    while ((await stateCounts()).sent !== BACKLOG && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(await stateCounts()).toEqual({ sent: BACKLOG });

    const perRow = new Map<string, number>();
    for (const r of push.received) {
      expect(r.vapidValid).toBe(true);
      expect(r.payload?.tag).toBe(`care_request.new:${requestId}`);
      perRow.set(r.name, (perRow.get(r.name) ?? 0) + 1);
    }
    const names = users.names.slice(1);
    expect(names.every((n) => (perRow.get(n) ?? 0) >= 1)).toBe(true); // nothing lost
    const counts = [...perRow.values()];
    const duplicates = counts.filter((c) => c === 2).length;
    expect(Math.max(...counts)).toBeLessThanOrEqual(2); // at most twice
    // Only what the killed process had sent without recording it can arrive twice.
    expect(duplicates).toBeLessThanOrEqual(beforeRestart);
    process.stdout.write(
      `[restart] backlog ${BACKLOG}: ${beforeRestart} pushes before the kill, ${duplicates} delivered twice, none lost\n`,
    );
  }, 420_000);
});
