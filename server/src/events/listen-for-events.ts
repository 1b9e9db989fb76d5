import type { PGlite } from '@electric-sql/pglite';
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import type { Database } from '../db/client.ts';
import { EVENTS_CHANNEL } from './publish-event.ts';

export type StopListening = () => Promise<void>;

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;

/**
 * Calls `onWake` whenever a transaction that published events commits, in this process or another. The
 * payload is not needed: the reader asks the table what is new. `onWake` is also called after every
 * (re)connection, since notifications sent while not listening are lost.
 */
export async function listenForEvents(
  database: Database,
  onWake: () => void,
  log: FastifyBaseLogger,
): Promise<StopListening> {
  if (database.kind === 'embedded') {
    const client = (database.db as unknown as { $client: PGlite }).$client;
    const unlisten = await client.listen(EVENTS_CHANNEL, onWake);
    return async () => {
      if (!client.closed) await unlisten();
    };
  }
  const pool = database.pool;
  if (!pool) throw new Error('a PostgreSQL database without a pool');
  return listenOnServer(pool, onWake, log);
}

/** A dedicated connection (LISTEN holds its session), reopened with backoff when it drops. */
function listenOnServer(pool: pg.Pool, onWake: () => void, log: FastifyBaseLogger): Promise<StopListening> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retryMs = RETRY_MIN_MS;
  let retryTimer: NodeJS.Timeout | undefined;

  const scheduleReconnect = () => {
    if (stopped || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ ...pool.options, keepAlive: true });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (client === next) client = undefined;
      void next.end().catch(() => undefined);
      if (stopped) return;
      log.warn({ err: error }, 'live events: LISTEN connection lost, reconnecting');
      scheduleReconnect();
    };
    next.on('error', onLost);
    next.on('end', () => {
      onLost();
    });
    next.on('notification', (message) => {
      if (message.channel === EVENTS_CHANNEL) onWake();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (stopped) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    retryMs = RETRY_MIN_MS;
    onWake();
  };

  return connect().then(() => async () => {
    stopped = true;
    if (retryTimer) clearTimeout(retryTimer);
    const current = client;
    client = undefined;
    await current?.end().catch(() => undefined);
  });
}
