import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer, type ClientOptions } from 'ws';
import {
  activeProfessional,
  bearer,
  createTestApp,
  supportSession,
  type LoggedIn,
  type TestApp,
} from '../../test/helpers.ts';
import { openDatabase, rows, type Database } from '../db/client.ts';
import { createLiveHub } from './live-hub.ts';
import { publishEvent } from './publish-event.ts';

interface Message {
  type: string;
  id?: number;
  after?: number;
  resync?: boolean;
  [key: string]: unknown;
}

interface Client {
  ws: WebSocket;
  messages: Message[];
  /** Events only (messages that carry an id). */
  events(): Message[];
  hello(): Promise<Message>;
  closed: Promise<{ code: number; reason: string }>;
  pings: number;
}

function urlOf(t: TestApp, query = ''): string {
  const { port } = t.app.server.address() as AddressInfo;
  return `ws://127.0.0.1:${port}/api/events${query}`;
}

async function connect(t: TestApp, query = '', options: ClientOptions = {}): Promise<Client> {
  const ws = new WebSocket(urlOf(t, query), options);
  const messages: Message[] = [];
  ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString('utf8')) as Message));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString('utf8') });
    });
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      resolve();
    });
    ws.once('error', reject);
  });
  const client: Client = {
    ws,
    messages,
    pings: 0,
    events: () => messages.filter((m) => m.id !== undefined),
    hello: async () => {
      await until(() => {
        expect(messages[0]).toBeDefined();
      });
      const first = messages[0] as Message;
      expect(first.type).toBe('hello');
      return first;
    },
    closed,
  };
  ws.on('ping', () => {
    client.pings++;
  });
  return client;
}

const until = (check: () => void, timeout = 5000) => vi.waitFor(check, { timeout, interval: 10 });

/** One heartbeat round, then time for the clients' automatic pongs to come back. */
async function heartbeat(t: TestApp, answering: Client[]) {
  const before = answering.map((c) => c.pings);
  await t.app.liveEvents.heartbeat();
  await until(() => {
    expect(answering.map((c) => c.pings)).toEqual(before.map((n) => n + 1));
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
}

const asUser = (session: LoggedIn, query = '') => ({
  query: `?token=${session.token}${query ? `&${query}` : ''}`,
});

async function publish(t: TestApp, userIds: string[], payload: Record<string, string | number>) {
  await t.deps.db.transaction(async (tx) => {
    await publishEvent(tx, t.clock, userIds, 'message.new', payload);
  });
}

/** The ids of a user's events in the table, in order (what a socket must deliver). */
async function storedIds(t: TestApp, userId: string, after: number): Promise<number[]> {
  const found = await rows<{ id: string | number }>(
    t.deps.db,
    sql`SELECT id FROM user_events WHERE user_id = ${userId} AND id > ${after} ORDER BY id`,
  );
  return found.map((r) => Number(r.id));
}

/**
 * A second server process on the same database: on PostgreSQL its own pool and its own LISTEN connection;
 * on PGlite the one embedded instance, shared.
 */
async function secondInstance(t: TestApp): Promise<{ t2: TestApp; close: () => Promise<void> }> {
  let database: Database & { url: string | undefined } = t.database;
  if (t.database.url) {
    const own = await openDatabase({ databaseUrl: t.database.url, migrations: false, poolSize: 5 });
    database = Object.assign(own, { url: t.database.url });
  }
  const t2 = await createTestApp({}, database);
  await t2.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    t2,
    close: async () => {
      await t2.close();
      if (database !== t.database) await database.close();
    },
  };
}

let t: TestApp;
let support: LoggedIn;
let alice: LoggedIn;
let bruno: LoggedIn;
let chloe: LoggedIn;
beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  support = await supportSession(t);
  alice = await activeProfessional(t, support);
  bruno = await activeProfessional(t, support);
  chloe = await activeProfessional(t, support);
});
afterAll(() => t.close());

describe('authentication', () => {
  it('D19: a socket without a live session is closed with 4401', async () => {
    for (const query of ['', '?token=not-a-token', `?token=${'A'.repeat(43)}`]) {
      const client = await connect(t, query);
      expect((await client.closed).code, query).toBe(4401);
      expect(client.messages).toEqual([]);
    }
    const leaving = await activeProfessional(t, support);
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(leaving.token) });
    expect((await (await connect(t, asUser(leaving).query)).closed).code).toBe(4401);
  });

  it('D19: the session comes from a Bearer header, ?token= or the cookie with our own origin', async () => {
    const byHeader = await connect(t, '', { headers: bearer(alice.token) });
    expect((await byHeader.hello()).resync).toBe(false);
    const byQuery = await connect(t, asUser(alice).query);
    await byQuery.hello();
    const cookie = `relais_session=${alice.token}`;
    const byCookie = await connect(t, '', { headers: { cookie }, origin: 'http://localhost:3000' });
    await byCookie.hello();
    const foreign = await connect(t, '', { headers: { cookie }, origin: 'https://evil.example' });
    expect((await foreign.closed).code).toBe(4403);
    for (const c of [byHeader, byQuery, byCookie]) c.ws.close();
  });

  it('D19: a ?token= never reaches a log line', async () => {
    let logged = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    const logging = await createTestApp({ RELAIS_LOG_LEVEL: 'trace' }, t.database, sink);
    await logging.app.listen({ port: 0, host: '127.0.0.1' });
    const client = await connect(logging, asUser(alice).query);
    await client.hello();
    client.ws.close();
    await client.closed;
    await logging.close();
    expect(logged).toContain('/api/events?token=[redacted]');
    expect(logged).not.toContain(alice.token);
  });
});

describe('delivery', () => {
  it('D14: an event reaches the sockets of its recipient only, as {id, type, ...payload}', async () => {
    const a = await connect(t, asUser(alice).query);
    const b = await connect(t, asUser(bruno).query);
    const helloA = await a.hello();
    await b.hello();
    await publish(t, [alice.userId], { threadId: 'fil-1', kind: 'secret de Alice' });
    await publish(t, [bruno.userId], { threadId: 'sentinelle' });
    await until(() => {
      expect(b.events()).toHaveLength(1);
    });
    await until(() => {
      expect(a.events()).toHaveLength(1);
    });
    expect(b.events()[0]).toMatchObject({ type: 'message.new', threadId: 'sentinelle' });
    const [event] = a.events();
    expect(event).toEqual({
      id: expect.any(Number) as number,
      type: 'message.new',
      threadId: 'fil-1',
      kind: 'secret de Alice',
    });
    expect(event?.id).toBeGreaterThan(helloA.after ?? Infinity);
    expect(t.app.liveEvents.openSockets()).toBe(2);
    a.ws.close();
    b.ws.close();
    await Promise.all([a.closed, b.closed]);
    await until(() => {
      expect(t.app.liveEvents.openSockets()).toBe(0);
    });
  });

  it('D14: an event published in one app instance reaches a socket connected to another instance', async () => {
    const { t2, close } = await secondInstance(t);
    try {
      const onSecond = await connect(t2, asUser(alice).query);
      const onFirst = await connect(t, asUser(alice).query);
      await onSecond.hello();
      await onFirst.hello();
      await publish(t, [alice.userId], { threadId: 'depuis-1' });
      await publish(t2, [alice.userId], { threadId: 'depuis-2' });
      for (const c of [onFirst, onSecond]) {
        await until(() => {
          expect(c.events()).toHaveLength(2);
        });
        expect(c.events().map((e) => e.threadId)).toEqual(['depuis-1', 'depuis-2']);
      }
      onSecond.ws.close();
      onFirst.ws.close();
    } finally {
      await close();
    }
  });

  it('D19: a client that reconnects with ?after= receives what it missed, in order, once, then live events', async () => {
    const { t2, close } = await secondInstance(t);
    try {
      const first = await connect(t, asUser(alice).query);
      await first.hello();
      await publish(t, [alice.userId], { n: 1 });
      await until(() => {
        expect(first.events()).toHaveLength(1);
      });
      const last = first.events()[0]?.id ?? 0;
      first.ws.close();
      await first.closed;

      for (const n of [2, 3, 4]) await publish(t, [alice.userId, bruno.userId], { n });
      const again = await connect(t2, asUser(alice, `after=${last}`).query);
      expect(await again.hello()).toMatchObject({ after: last, resync: false });
      await until(() => {
        expect(again.events()).toHaveLength(3);
      });
      await publish(t, [alice.userId], { n: 5 });
      await until(() => {
        expect(again.events()).toHaveLength(4);
      });
      expect(again.events().map((e) => e.n)).toEqual([2, 3, 4, 5]);
      expect(again.events().map((e) => e.id)).toEqual(await storedIds(t, alice.userId, last));
      again.ws.close();
    } finally {
      await close();
    }
  });

  it('D19: a catch-up longer than a page arrives whole and in order while new events keep coming', async () => {
    const before = await connect(t, asUser(chloe).query);
    const after = (await before.hello()).after ?? 0;
    before.ws.close();
    // 600 events as publishEvent stores them, in one statement (a loop of 600 calls is slow on PGlite)
    await t.deps.db.execute(sql`
      INSERT INTO user_events (user_id, type, payload, created_at)
      SELECT ${chloe.userId}, 'message.new', jsonb_build_object('n', n), now()
      FROM generate_series(0, 599) AS n ORDER BY n`);
    const client = await connect(t, asUser(chloe, `after=${after}`).query);
    const live = Array.from({ length: 20 }, (_, i) => publish(t, [chloe.userId], { n: 600 + i }));
    await Promise.all(live);
    await until(() => {
      expect(client.events()).toHaveLength(620);
    }, 15_000);
    expect(client.events().map((e) => e.id)).toEqual(await storedIds(t, chloe.userId, after));
    client.ws.close();
  });

  it('D19: no event is delivered twice or out of order when many transactions publish at once', async () => {
    const { t2, close } = await secondInstance(t);
    try {
      const sockets = [
        await connect(t, asUser(alice).query),
        await connect(t2, asUser(alice).query),
        await connect(t2, asUser(bruno).query),
      ];
      const hellos = await Promise.all(sockets.map((s) => s.hello()));
      const start = Math.min(...hellos.map((h) => h.after ?? 0));
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          publish(i % 2 ? t : t2, i % 3 ? [alice.userId, bruno.userId] : [alice.userId], { n: i }),
        ),
      );
      const aliceIds = await storedIds(t, alice.userId, start);
      const brunoIds = await storedIds(t, bruno.userId, start);
      expect(aliceIds).toHaveLength(40);
      const expected = [aliceIds, aliceIds, brunoIds];
      for (const [i, socket] of sockets.entries()) {
        await until(() => {
          expect(socket.events().length).toBe(expected[i]?.length);
        });
        expect(socket.events().map((e) => e.id)).toEqual(expected[i]);
      }
      for (const s of sockets) s.ws.close();
    } finally {
      await close();
    }
  });

  it.runIf(process.env.RELAIS_TEST_DATABASE_URL)(
    'D19: an event whose transaction commits after a later id waits for it, and a rolled-back one holds nothing up',
    async () => {
      const client = await connect(t, asUser(alice).query);
      await client.hello();
      let release: (commit: boolean) => void = () => undefined;
      const released = new Promise<boolean>((resolve) => (release = resolve));
      let published: () => void = () => undefined;
      const isPublished = new Promise<void>((resolve) => (published = resolve));
      const slow = t.deps.db
        .transaction(async (tx) => {
          await publishEvent(tx, t.clock, [alice.userId], 'message.new', { n: 'lent' });
          published();
          if (!(await released)) tx.rollback();
        })
        .catch(() => 'rolled back');
      await isPublished;
      await publish(t, [alice.userId], { n: 'rapide' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(client.events()).toEqual([]); // the later id is held back, not sent ahead of the earlier one
      release(true);
      await slow;
      await until(() => {
        expect(client.events()).toHaveLength(2);
      });
      expect(client.events().map((e) => e.n)).toEqual(['lent', 'rapide']);

      let releaseAgain: (commit: boolean) => void = () => undefined;
      const releasedAgain = new Promise<boolean>((resolve) => (releaseAgain = resolve));
      let publishedAgain: () => void = () => undefined;
      const isPublishedAgain = new Promise<void>((resolve) => (publishedAgain = resolve));
      const doomed = t.deps.db
        .transaction(async (tx) => {
          await publishEvent(tx, t.clock, [alice.userId], 'message.new', { n: 'annulé' });
          publishedAgain();
          if (!(await releasedAgain)) tx.rollback();
        })
        .catch(() => 'rolled back');
      await isPublishedAgain;
      await publish(t, [alice.userId], { n: 'après' });
      releaseAgain(false);
      expect(await doomed).toBe('rolled back');
      await until(() => {
        expect(client.events()).toHaveLength(3);
      });
      expect(client.events().map((e) => e.n)).toEqual(['lent', 'rapide', 'après']);
      client.ws.close();
    },
  );

  it('D19: an `after` this database never gave starts from now and asks the client to refetch', async () => {
    const client = await connect(t, asUser(alice, 'after=999999999999').query);
    const hello = await client.hello();
    expect(hello.resync).toBe(true);
    expect(hello.after).toBeLessThan(999999999999);
    await publish(t, [alice.userId], { n: 'neuf' });
    await until(() => {
      expect(client.events()).toHaveLength(1);
    });
    client.ws.close();
  });
});

describe('heartbeat and session', () => {
  it('D19: the server answers {"type":"ping"} with {"type":"pong"}, after the hello', async () => {
    const client = await connect(t, asUser(alice).query);
    client.ws.send(JSON.stringify({ type: 'ping' })); // at once, before the hello has come
    await until(() => {
      expect(client.messages).toHaveLength(2);
    });
    expect(client.messages.map((m) => m.type)).toEqual(['hello', 'pong']);
    client.ws.send(JSON.stringify({ type: 'ping' }));
    await until(() => {
      expect(client.messages).toHaveLength(3);
    });
    expect(client.messages[2]).toEqual({ type: 'pong' });
    client.ws.close();
  });

  it('D19: a client that answers pings stays; one that misses two pongs is dropped', async () => {
    const answering = await connect(t, asUser(alice).query);
    const silent = await connect(t, asUser(bruno).query, { autoPong: false });
    await answering.hello();
    await silent.hello();
    for (let round = 1; round <= 4; round++) await heartbeat(t, [answering]);
    expect((await silent.closed).code).toBe(1006);
    expect(answering.ws.readyState).toBe(WebSocket.OPEN);
    answering.ws.close();
  });

  it('D19: a revoked session closes its socket with 4401 at the next heartbeat', async () => {
    const pro = await activeProfessional(t, support);
    const client = await connect(t, asUser(pro).query);
    await client.hello();
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(pro.token) });
    await t.app.liveEvents.heartbeat();
    expect((await client.closed).code).toBe(4401);
  });

  it('D19: a socket that opens while the heartbeat checks sessions is not closed for a session it did not ask about', async () => {
    // The session check of a heartbeat is held until the new socket is in; without care, the answer (which does
    // not name the new socket's session) would close that socket with 4401.
    let release: (() => void) | undefined;
    let gate: Promise<void> | undefined;
    const held = <T extends object>(builder: T, wait: Promise<void>): T =>
      new Proxy(builder, {
        get(target, prop, receiver) {
          const value: unknown = Reflect.get(target, prop, receiver);
          if (typeof value !== 'function') return value;
          if (prop === 'then')
            return (ok: (v: unknown) => unknown, ko: (e: unknown) => unknown) =>
              wait.then(() => (value as (a: unknown, b: unknown) => unknown).call(target, ok, ko));
          return (...args: unknown[]) => {
            const next = (value as (...a: unknown[]) => unknown).apply(target, args);
            return next !== null && typeof next === 'object' ? held(next, wait) : next;
          };
        },
      });
    const db = new Proxy(t.deps.db, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          return prop === 'select' && gate && result !== null && typeof result === 'object'
            ? held(result, gate)
            : result;
        };
      },
    });
    const hub = createLiveHub({ ...t.deps, db }, { heartbeatMs: 3_600_000, safetyPassMs: 3_600_000 });
    await hub.start();
    const sessionOf = async (p: LoggedIn) =>
      (
        await rows<{ id: string }>(
          t.deps.db,
          sql`SELECT id FROM sessions WHERE user_id = ${p.userId} AND revoked_at IS NULL LIMIT 1`,
        )
      )[0]?.id ?? '';
    const subscribers = new Map([
      ['alice', { userId: alice.userId, sessionId: await sessionOf(alice), after: undefined }],
      ['bruno', { userId: bruno.userId, sessionId: await sessionOf(bruno), after: undefined }],
    ]);
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    server.on('connection', (ws, request) => {
      const who = new URL(request.url ?? '/', 'http://x').searchParams.get('as') ?? '';
      const subscriber = subscribers.get(who);
      // The socket @fastify/websocket would hand over is this same ws socket.
      // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
      if (subscriber) hub.attach(ws, subscriber);
    });
    await new Promise((resolve) => server.once('listening', resolve));
    const open = async (who: string) => {
      const ws = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/?as=${who}`);
      const closes: number[] = [];
      ws.on('close', (code) => closes.push(code));
      await new Promise((resolve) => ws.once('message', resolve)); // the hello
      return { ws, closes };
    };
    try {
      const first = await open('alice');
      gate = new Promise((resolve) => (release = resolve));
      const beat = hub.heartbeat(); // asks about alice's session only, and waits at the gate
      const second = await open('bruno'); // in while the answer is awaited
      release?.();
      await beat;
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(second.closes).toEqual([]);
      expect(second.ws.readyState).toBe(WebSocket.OPEN);
      expect(first.ws.readyState).toBe(WebSocket.OPEN);
      first.ws.close();
      second.ws.close();
    } finally {
      await hub.stop();
      await new Promise((resolve) => {
        server.close(resolve);
      });
    }
  });

  it('D21: an open socket does not keep an idle session alive', async () => {
    const pro = await activeProfessional(t, support);
    const client = await connect(t, asUser(pro).query);
    await client.hello();
    for (let round = 0; round < 4; round++) {
      t.clock.advance(25 * 60_000);
      await heartbeat(t, [client]);
    }
    expect(client.ws.readyState).toBe(WebSocket.OPEN); // 100 minutes of heartbeats, no request
    t.clock.advance(25 * 60_000);
    await t.app.liveEvents.heartbeat();
    expect((await client.closed).code).toBe(4401);
  });
});
