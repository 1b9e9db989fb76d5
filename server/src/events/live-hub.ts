import type { WebSocket } from '@fastify/websocket';
import type { Deps } from '../deps.ts';
import { listenForEvents, type StopListening } from './listen-for-events.ts';
import { liveSessionIds } from './live-sessions.ts';
import { eventBounds, readEventsForUsers, readUserEvents, type StoredEvent } from './read-user-events.ts';
import { createSettledHorizon } from './settled-horizon.ts';

export interface LiveHubOptions {
  /** Ping period; a client that misses two pongs in a row is dropped. */
  heartbeatMs?: number;
  /** A pass even without a notification, in case one was lost. */
  safetyPassMs?: number;
}

export interface Subscriber {
  userId: string;
  sessionId: string;
  /** The last event id the client saw; absent = only what happens from now on. */
  after: number | undefined;
}

export interface LiveHub {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Takes over an authenticated socket: hello, catch-up, then live events. */
  attach(socket: WebSocket, subscriber: Subscriber): void;
  /** One heartbeat round at once (the timer calls it every `heartbeatMs`; tests call it directly). */
  heartbeat(): Promise<void>;
  openSockets(): number;
}

interface Connection {
  socket: WebSocket;
  userId: string;
  sessionId: string;
  /** Highest event id delivered on this socket (or acknowledged by `after`): nothing ≤ it is sent again. */
  cursor: number;
  /** Every event of this user with an id ≤ syncedTo has been delivered (or was ≤ cursor). */
  syncedTo: number;
  pumping: boolean;
  missedPongs: number;
}

const PAGE = 500;
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const START_WAIT_MS = 10_000;
const POLL_MIN_MS = 10;
const POLL_MAX_MS = 250;

const PONG = '{"type":"pong"}';

export const CLOSE_UNAUTHENTICATED = 4401;
export const CLOSE_FORBIDDEN = 4403;

/**
 * The live events of one server process. One listener wakes a pass; a pass moves the settled horizon (see
 * settled-horizon.ts), reads the new events of the connected users in one query and hands them to the sockets
 * that are up to date. A socket that is behind (catch-up after a reconnect, a page limit) pumps its own user's
 * events until it reaches the horizon, then joins the passes. Each socket keeps its cursor, so an event goes
 * out at most once per socket and in id order; the horizon makes sure none is skipped.
 */
export function createLiveHub(deps: Deps, options: LiveHubOptions = {}): LiveHub {
  const { db, log } = deps;
  const heartbeatMs = options.heartbeatMs ?? 25_000;
  const safetyPassMs = options.safetyPassMs ?? 10_000;
  /** Every open socket, from its upgrade; `connections` are those past their hello. */
  const sockets = new Set<WebSocket>();
  const connections = new Set<Connection>();
  const horizon = createSettledHorizon(db);
  let delivered = 0; // the horizon the connections have been brought to
  let stopped = false;
  let started = false;
  let stopListening: StopListening | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let safetyTimer: NodeJS.Timeout | undefined;
  let pollTimer: NodeJS.Timeout | undefined;
  let pollMs = POLL_MIN_MS;
  let running: Promise<void> | undefined;
  let wakes = 0;

  const wake = () => {
    if (stopped || !started) return;
    wakes++;
    if (running) return; // the running pass goes round once more
    running = runPasses().finally(() => {
      running = undefined;
    });
  };

  const runPasses = async () => {
    let seen: number;
    do {
      seen = wakes;
      try {
        await pass();
      } catch (error) {
        log.error({ err: error }, 'live events: pass failed');
        schedulePoll();
      }
    } while (wakes !== seen && !stopped);
  };

  const schedulePoll = () => {
    if (pollTimer || stopped) return;
    pollTimer = setTimeout(() => {
      pollTimer = undefined;
      wake();
    }, pollMs);
    pollMs = Math.min(pollMs * 2, POLL_MAX_MS);
  };

  const pass = async () => {
    const base = delivered;
    const { settled, waiting } = await horizon.advance();
    if (waiting) schedulePoll();
    else pollMs = POLL_MIN_MS;
    if (settled <= base) return;
    const upToDate = [...connections].filter((c) => !c.pumping && c.syncedTo === base);
    const events = await readEventsForUsers(db, [...new Set(upToDate.map((c) => c.userId))], base, settled);
    delivered = settled;
    const byUser = new Map<string, StoredEvent[]>();
    for (const e of events) {
      const list = byUser.get(e.userId);
      if (list) list.push(e);
      else byUser.set(e.userId, [e]);
    }
    for (const c of upToDate) {
      if (!connections.has(c) || c.pumping || c.syncedTo !== base) continue;
      send(c, byUser.get(c.userId) ?? []);
      c.syncedTo = settled;
    }
    for (const c of connections) if (c.syncedTo < delivered) void pump(c);
  };

  /** Brings one socket up to the horizon by itself, a page at a time. */
  const pump = async (c: Connection) => {
    if (c.pumping) return;
    c.pumping = true;
    try {
      while (connections.has(c) && c.syncedTo < delivered) {
        const target = delivered;
        const page = await readUserEvents(db, c.userId, Math.max(c.cursor, c.syncedTo), target, PAGE);
        send(c, page);
        const lastOfPage = page.at(-1);
        c.syncedTo = page.length === PAGE && lastOfPage ? lastOfPage.id : target;
      }
    } catch (error) {
      if (connections.has(c)) {
        log.error({ err: error }, 'live events: catch-up failed');
        c.socket.close(1011, 'Erreur interne, reconnectez-vous.'); // the client resumes from its last id
      }
    } finally {
      c.pumping = false;
    }
  };

  const send = (c: Connection, events: readonly StoredEvent[]) => {
    for (const e of events) {
      if (e.id <= c.cursor) continue;
      if (c.socket.readyState !== c.socket.OPEN) return;
      if (c.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        // A client that does not read: drop it; it will resume from its last id.
        c.socket.terminate();
        return;
      }
      c.socket.send(JSON.stringify(eventMessage(e)));
      c.cursor = e.id;
    }
  };

  const heartbeat = async () => {
    for (const c of connections) {
      if (c.missedPongs >= 2) {
        c.socket.terminate();
        continue;
      }
      c.missedPongs++;
      c.socket.ping();
    }
    // Only the sockets whose sessions are asked about are judged by the answer: one that attaches while the
    // query runs is not in it, and would otherwise be closed for a live session.
    const checked = [...connections];
    const sessions = [...new Set(checked.map((c) => c.sessionId))];
    if (sessions.length === 0) return;
    const live = await liveSessionIds(db, deps.clock, deps.config, sessions);
    for (const c of checked)
      if (connections.has(c) && !live.has(c.sessionId)) {
        log.info({ userId: c.userId }, 'live events: session no longer live, socket closed');
        c.socket.close(CLOSE_UNAUTHENTICATED, 'Session expirée.');
      }
  };

  const attach = (socket: WebSocket, subscriber: Subscriber) => {
    const c: Connection = {
      socket,
      userId: subscriber.userId,
      sessionId: subscriber.sessionId,
      cursor: 0,
      syncedTo: 0,
      pumping: false,
      missedPongs: 0,
    };
    let closed = false;
    let greeted = false;
    let pongOwed = false; // a ping before the hello is answered after it: the hello always comes first
    sockets.add(socket);
    socket.on('close', () => {
      closed = true;
      sockets.delete(socket);
      connections.delete(c);
    });
    socket.on('pong', () => {
      c.missedPongs = 0;
    });
    socket.on('message', (data, isBinary) => {
      c.missedPongs = 0;
      if (isBinary || !isPing(data)) return;
      if (greeted) socket.send(PONG);
      else pongOwed = true;
    });
    void open(c, subscriber.after)
      .then((hello) => {
        if (closed || stopped) return;
        socket.send(JSON.stringify(hello));
        greeted = true;
        if (pongOwed) socket.send(PONG);
        connections.add(c);
        if (c.syncedTo < delivered) void pump(c);
      })
      .catch((error: unknown) => {
        log.error({ err: error }, 'live events: could not open a subscription');
        socket.close(1011, 'Erreur interne, reconnectez-vous.');
      });
  };

  /** Places the cursor: from `after` when the table can still answer for it, else from now. */
  const open = async (c: Connection, after: number | undefined) => {
    let resync = false;
    c.cursor = delivered;
    if (after !== undefined) {
      const { oldest, last } = await eventBounds(db);
      if (after > last)
        resync = true; // an id this database never gave (reset, another server)
      else {
        c.cursor = after;
        resync = after < (oldest === null ? last : oldest - 1); // older events were purged
      }
    }
    c.syncedTo = Math.min(c.cursor, delivered);
    return { type: 'hello', after: c.cursor, resync };
  };

  return {
    async start() {
      stopListening = await listenForEvents(deps.database, wake, log);
      // The first horizon must be settled, or a socket opened without `after` would get old events.
      const deadline = Date.now() + START_WAIT_MS;
      for (;;) {
        const { settled, waiting } = await horizon.advance();
        delivered = settled;
        if (!waiting) break;
        if (Date.now() > deadline) {
          log.warn('live events: writers still running at start-up; starting anyway');
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MIN_MS));
      }
      started = true;
      heartbeatTimer = setInterval(() => {
        heartbeat().catch((error: unknown) => {
          log.error({ err: error }, 'live events: heartbeat failed');
        });
      }, heartbeatMs);
      heartbeatTimer.unref();
      safetyTimer = setInterval(wake, safetyPassMs);
      safetyTimer.unref();
      wake();
    },
    async stop() {
      stopped = true;
      clearInterval(heartbeatTimer);
      clearInterval(safetyTimer);
      clearTimeout(pollTimer);
      for (const socket of sockets) socket.close(1001, 'Serveur en cours d’arrêt.');
      connections.clear();
      await running;
      await stopListening?.();
    },
    attach,
    heartbeat,
    openSockets: () => sockets.size,
  };
}

/** `{"id", "type", ...payload}`; the payload cannot override the id or the type. */
export function eventMessage(e: StoredEvent): Record<string, unknown> {
  return Object.assign({ id: e.id, type: e.type }, e.payload, { id: e.id, type: e.type });
}

function isPing(data: unknown): boolean {
  try {
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : '';
    const message = JSON.parse(text) as unknown;
    return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'ping';
  } catch {
    return false;
  }
}
