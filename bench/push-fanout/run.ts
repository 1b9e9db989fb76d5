/**
 * Web Push fan-out when a pool opens, on PostgreSQL, beside the ceiling measured in the same run:
 *
 *   npx tsx bench/push-fanout/run.ts [--sizes 500,7000]
 *
 * In a database of its own (created on DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432/test,
 * dropped at the end): as many active nurses as the largest pool, each with a device subscribed on a local HTTPS
 * push endpoint that runs in a child process (bench/push-fanout/endpoint.ts, certificate made for the run). For each
 * size, an open request's pool is written (one outbox push row per recipient, in one transaction, as the dispatch
 * does), then a worker pass of the server's delivery code starts; the figure is the time from the commit until the
 * endpoint has accepted every push (each encrypted for its subscription and VAPID-signed), and deliveries per second.
 * Beside it: the same number of bare HTTPS POSTs of the same size to the same endpoint, same concurrency and agent.
 */
import { fork } from 'node:child_process';
import { createECDH, randomBytes } from 'node:crypto';
import { Agent, request } from 'node:https';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { systemClock } from '../../server/src/clock.ts';
import { loadConfig } from '../../server/src/config.ts';
import { openDatabase, rows, type Database } from '../../server/src/db/client.ts';
import type { Deps } from '../../server/src/deps.ts';
import { createWorker } from '../../server/src/jobs/worker.ts';
import { DELIVERY_CONCURRENCY } from '../../server/src/notifications/deliver-outbox.ts';
import {
  enqueuePoolPushes,
  seedOpenRequest,
  seedSubscribedUsers,
} from '../../server/src/notifications/push-fixtures.ts';
import { DataCipher } from '../../server/src/shared/crypto.ts';

const here = dirname(fileURLToPath(import.meta.url));
const sizesArg = process.argv.indexOf('--sizes');
const SIZES = (sizesArg >= 0 ? (process.argv[sizesArg + 1] ?? '') : '500,7000').split(',').map(Number);
if (SIZES.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error('--sizes expects positive integers');
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

type EndpointMessage =
  { port: number; ca: string } | { armed: true } | { done: true; received: number; bytes: number };

async function main() {
  const endpoint = fork(join(here, 'endpoint.ts'), [], { execArgv: ['--import', 'tsx'] });
  const next = <T extends EndpointMessage>(test: (m: EndpointMessage) => boolean) =>
    new Promise<T>((resolve) => {
      const on = (m: EndpointMessage) => {
        if (!test(m)) return;
        endpoint.off('message', on);
        resolve(m as T);
      };
      endpoint.on('message', on);
    });
  const { port, ca } = await next<{ port: number; ca: string }>((m) => 'port' in m);
  const origin = `https://127.0.0.1:${port}`;
  const arm = async (n: number) => {
    const armed = next((m) => 'armed' in m);
    endpoint.send({ expect: n });
    await armed;
    return next<{ done: true; received: number; bytes: number }>((m) => 'done' in m);
  };

  const name = `relais_bench_push_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  let database: Database | undefined;
  try {
    database = await openDatabase({ databaseUrl: u.toString(), poolSize: 10 });
    const key = randomBytes(32);
    const deps: Deps = {
      config: loadConfig({ NODE_ENV: 'production', RELAIS_DATA_KEY: key.toString('hex'), RELAIS_DEMO: '0' }),
      database,
      db: database.db,
      clock: systemClock,
      cipher: new DataCipher(key),
      log: pino({ level: process.env.BENCH_TRACE ? 'debug' : 'silent' }, pino.destination(2)),
    };
    const agent = new Agent({ ca, keepAlive: true, maxSockets: 128 });
    const worker = createWorker(deps, { pushAgent: agent });
    const largest = Math.max(...SIZES);
    const subscribe = (subscriber: string) => {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      return {
        endpoint: `${origin}/push/${subscriber}`,
        keys: {
          p256dh: ecdh.getPublicKey().toString('base64url'),
          auth: randomBytes(16).toString('base64url'),
        },
      };
    };
    const seeded = performance.now();
    const users = await seedSubscribedUsers(database.db, systemClock, deps.cipher, largest + 1, subscribe);
    await database.db.execute(sql`ANALYZE`);
    process.stdout.write(
      `push-fanout: ${largest} subscribed nurses seeded in ${fmt(performance.now() - seeded)}; ` +
        `delivery concurrency ${DELIVERY_CONCURRENCY}, endpoint in its own process\n`,
    );
    const [declencheur, ...nurses] = users.userIds;

    // Warm-up: VAPID keys generated, connections opened, code paths compiled.
    const warm = await seedOpenRequest(
      database.db,
      systemClock,
      deps.cipher,
      declencheur ?? '',
      nurses.slice(0, 50),
    );
    const warmDone = arm(50);
    await database.db.transaction((tx) =>
      enqueuePoolPushes(tx, systemClock, deps.cipher, warm, nurses.slice(0, 50)),
    );
    await worker.runDueWork();
    await warmDone;

    const results: string[] = [];
    for (const size of SIZES) {
      const pool = nurses.slice(0, size);
      const requestId = await seedOpenRequest(database.db, systemClock, deps.cipher, declencheur ?? '', pool);
      const done = arm(size);
      await database.db.transaction((tx) => enqueuePoolPushes(tx, systemClock, deps.cipher, requestId, pool));
      const committed = performance.now();
      const pass = worker.runDueWork();
      const { bytes } = await done;
      const ms = performance.now() - committed;
      await pass;
      const [sent] = await rows<{ n: number }>(
        database.db,
        sql`SELECT count(*)::int AS n FROM outbox WHERE idempotency_key LIKE ${`care_request.new:${requestId}:%`} AND state = 'sent'`,
      );
      if (sent?.n !== size) throw new Error(`expected ${size} rows sent, found ${sent?.n}`);

      // The ceiling: the same number of bare POSTs of the same size, same agent, same concurrency.
      const body = randomBytes(Math.round(bytes / size));
      const bareDone = arm(size);
      const started = performance.now();
      let issued = 0;
      await Promise.all(
        Array.from({ length: DELIVERY_CONCURRENCY }, async () => {
          while (issued < size) {
            const i = issued++;
            await new Promise<void>((resolve, reject) => {
              const req = request(
                `${origin}/bare/${i}`,
                { method: 'POST', agent, headers: { 'content-length': body.length } },
                (res) => {
                  res.resume();
                  res.on('end', resolve);
                },
              );
              req.on('error', reject);
              req.end(body);
            });
          }
        }),
      );
      await bareDone;
      const bareMs = performance.now() - started;
      const target = size <= 500 ? 1000 : 5000;
      results.push(
        `pool of ${String(size).padStart(5)}: every push accepted ${fmt(ms).padStart(8)} ` +
          `(${Math.round((size / ms) * 1000)} deliveries/s; target < ${target / 1000} s: ${ms < target ? 'met' : 'MISSED'})` +
          ` | bare HTTPS POSTs ${fmt(bareMs).padStart(7)} (${Math.round((size / bareMs) * 1000)}/s)`,
      );
      process.stdout.write(`${results.at(-1) ?? ''}\n`);
    }
    agent.destroy();
  } finally {
    await database?.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    endpoint.disconnect();
  }
}

await main();
