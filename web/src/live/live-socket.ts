/**
 * The client side of `GET /api/events` (see server/src/events/routes.ts for the protocol): one WebSocket,
 * authenticated by the session cookie, that reconnects with a growing, jittered delay and resumes with
 * `?after=<last event id>` so that nothing is missed or repeated.
 */

export interface LiveEvent {
  id: number;
  type: string;
  [key: string]: unknown;
}

export interface LiveSocketHandlers {
  /** Each event once, in id order. */
  onEvent: (event: LiveEvent) => void;
  /** The socket is (again) up to date: state loaded before now may be stale, refetch it. */
  onSynced: (info: { resync: boolean; reconnected: boolean }) => void;
  /** 4401: the session is gone. The socket stays closed. */
  onUnauthenticated: () => void;
}

export const CLOSE_UNAUTHENTICATED = 4401;
export const CLOSE_FORBIDDEN = 4403;
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;
/** A client ping every so often; no answer within PONG_WAIT_MS and the socket is deemed dead. */
const PING_EVERY_MS = 30_000;
const PONG_WAIT_MS = 10_000;

/** The n-th retry's delay: doubling from 1 s to 30 s, ±30 % so that a restarted server is not stampeded. */
export function retryDelay(attempt: number, random = Math.random): number {
  const base = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** attempt);
  return Math.round(base * (0.7 + 0.6 * random()));
}

export function eventsUrl(location: { protocol: string; host: string }, after: number | null): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/events${after === null ? '' : `?after=${after}`}`;
}

function parse(data: unknown): Record<string, unknown> | null {
  if (typeof data !== 'string') return null;
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export interface LiveSocket {
  stop(): void;
}

export function openLiveSocket(handlers: LiveSocketHandlers): LiveSocket {
  let socket: WebSocket | null = null;
  let last: number | null = null;
  let attempt = 0;
  let everSynced = false;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;

  const clearTimers = () => {
    clearTimeout(retryTimer);
    clearInterval(pingTimer);
    clearTimeout(pongTimer);
    retryTimer = undefined;
    pingTimer = undefined;
    pongTimer = undefined;
  };

  const schedule = (delay: number) => {
    if (stopped || retryTimer !== undefined) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect();
    }, delay);
  };

  /** Asks the server for a pong; silence means a dead socket (a phone that slept, a network switch). */
  const probe = () => {
    const current = socket;
    if (!current || current.readyState !== WebSocket.OPEN || pongTimer !== undefined) return;
    current.send(JSON.stringify({ type: 'ping' }));
    pongTimer = setTimeout(() => {
      pongTimer = undefined;
      if (socket === current) current.close(4000, 'no pong');
    }, PONG_WAIT_MS);
  };

  const connect = () => {
    if (stopped || socket) return;
    const current = new WebSocket(eventsUrl(window.location, last));
    socket = current;

    current.onmessage = (message) => {
      if (socket !== current) return;
      // Any frame proves the socket alive.
      clearTimeout(pongTimer);
      pongTimer = undefined;
      const frame = parse(message.data);
      if (!frame) return;
      if (frame.type === 'hello') {
        const after = typeof frame.after === 'number' ? frame.after : null;
        if (after !== null) last = Math.max(last ?? 0, after);
        attempt = 0;
        handlers.onSynced({ resync: frame.resync === true, reconnected: everSynced });
        everSynced = true;
        return;
      }
      if (typeof frame.id !== 'number' || typeof frame.type !== 'string') return;
      if (last !== null && frame.id <= last) return;
      last = frame.id;
      handlers.onEvent(frame as LiveEvent);
    };

    current.onopen = () => {
      if (socket !== current) return;
      clearInterval(pingTimer);
      pingTimer = setInterval(probe, PING_EVERY_MS);
    };

    current.onclose = (event) => {
      if (socket !== current) return;
      socket = null;
      clearInterval(pingTimer);
      clearTimeout(pongTimer);
      pingTimer = undefined;
      pongTimer = undefined;
      if (stopped) return;
      if (event.code === CLOSE_UNAUTHENTICATED) {
        handlers.onUnauthenticated();
        return;
      }
      if (event.code === CLOSE_FORBIDDEN) return;
      schedule(retryDelay(attempt));
      attempt += 1;
    };
  };

  /** Back on the network or in the foreground: reconnect now rather than at the end of a long delay. */
  const wake = () => {
    if (stopped) return;
    if (!socket) {
      clearTimeout(retryTimer);
      retryTimer = undefined;
      attempt = 0;
      connect();
    } else {
      probe();
    }
  };
  const onVisibility = () => {
    if (document.visibilityState === 'visible') wake();
  };
  window.addEventListener('online', wake);
  document.addEventListener('visibilitychange', onVisibility);

  connect();

  return {
    stop() {
      stopped = true;
      clearTimers();
      window.removeEventListener('online', wake);
      document.removeEventListener('visibilitychange', onVisibility);
      const current = socket;
      socket = null;
      if (current && current.readyState <= WebSocket.OPEN) current.close(1000, 'bye');
    },
  };
}
