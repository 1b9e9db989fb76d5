/**
 * Secure messaging delivered live across server processes, on PostgreSQL, beside a bare WebSocket fan-out
 * measured in the same run:
 *
 *   npx tsx bench/messaging/run.ts [--sockets 1000] [--messages 1500] [--rate 20] [--warmup 200] [--quick]
 *                                  [--count-queries] [--cpu-prof DIR]
 *
 * In a database of its own (created on DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432/test,
 * dropped at the end): `--sockets` active professionals (inserted directly, one shared password hash), two
 * real server processes (server/src/main.ts, PORT=0, test mode for the SMS outbox) on that database, every
 * professional signed in through the real password + SMS code login on the server their socket will use, one
 * `/api/events?token=` socket each, half on each process. Threads of 5 to 10 participants, each mixing both
 * processes. After a warm-up, `--messages` messages at a steady `--rate` per second (open loop), each sent by
 * one participant to its own process through `POST /api/threads/:id/messages`; the time from the request to
 * the `message.new` event on every other participant's socket is recorded. The heartbeat runs as in production
 * (every 25 s, sessions re-checked), so a run longer than that crosses at least one.
 *
 * Baseline: a plain `ws` server in a child process, the same sockets, groups, rate and message count; a message
 * goes up the sender's socket and the server writes it to the other members' sockets.
 *
 * `--quick`: 100 sockets, 200 messages, a smoke run.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { luhnKey } from '@relais/contracts';
import { hashSecret } from '../../server/src/accounts/passwords.ts';
import { loadConfig } from '../../server/src/config.ts';
import { openDatabase, type Database } from '../../server/src/db/client.ts';
import { ensureCommunes } from '../../server/src/geo/ensure-communes.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const PASSWORD = 'Banc-Essai-Messagerie-2026';
const TARGET_P99_MS = 50;
/** Each server process: its pool (main.ts opens 10) plus its LISTEN connection. */
const SERVER_CONNECTIONS = 10 + 1;

const quick = process.argv.includes('--quick');
/** `--count-queries`: the server processes count their SQL statements (count-queries.ts), reported per message. */
const countQueries = process.argv.includes('--count-queries');
/** `--cpu-prof DIR`: the server processes write V8 CPU profiles there when they stop. */
const profileDir = process.argv.includes('--cpu-prof')
  ? resolve(process.argv[process.argv.indexOf('--cpu-prof') + 1] ?? '.tmp/bench-messaging-prof')
  : undefined;
function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} expects a positive integer`);
  return value;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
interface Summary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}
function summary(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
  };
}
const line = (label: string, s: Summary) =>
  `   ${label.padEnd(34)} n ${String(s.count).padStart(6)}  p50 ${fmt(s.p50).padStart(10)}  p99 ${fmt(s.p99).padStart(10)}  max ${fmt(s.max).padStart(10)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

/** Runs `work` over `items` with at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item);
      }
    }),
  );
}

function shuffle<T>(list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [list[i], list[j]] = [list[j] as T, list[i] as T];
  }
  return list;
}

// ---------------------------------------------------------------------------------------------------------------
// The baseline: a bare ws server in a child process. `?g=<group>` joins a group; a text frame is written as is
// to the other sockets of the sender's group.

function echoServerMain() {
  const groups = new Map<string, Set<WebSocket>>();
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (ws, request) => {
    const group = new URL(request.url ?? '/', 'http://x').searchParams.get('g') ?? '';
    let members = groups.get(group);
    if (!members) groups.set(group, (members = new Set()));
    members.add(ws);
    ws.on('message', (data: RawData) => {
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : '';
      for (const other of members) if (other !== ws) other.send(text);
    });
    ws.on('close', () => members.delete(ws));
  });
  server.on('listening', () => {
    const address = server.address();
    process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  });
  process.on('disconnect', () => {
    server.close();
    process.exit(0);
  });
}

// ---------------------------------------------------------------------------------------------------------------

const queryFile = (dataDir: string, n: number) => join(dataDir, `queries-${n}.json`);

/** The statements a counting server has sent so far (see count-queries.ts). */
async function queryCounts(server: Server, file: string): Promise<Map<string, [number, number]>> {
  rmSync(file, { force: true });
  server.child.kill('SIGUSR2');
  for (let i = 0; i < 100; i++) {
    await sleep(20);
    try {
      return new Map(
        Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, [number, number]>),
      );
    } catch {
      // not written yet
    }
  }
  throw new Error(`no query counts in ${file}`);
}

interface Server {
  child: ChildProcess;
  url: string;
}

/** server/src/main.ts as it runs in production, on the bench database; resolves once it listens. */
function startServer(n: number, databaseUrl: string, key: string, dataDir: string): Promise<Server> {
  const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const counting = countQueries ? ['--import', join(here, 'count-queries.ts')] : [];
  const child = spawn(
    process.execPath,
    [...profile, '--import', 'tsx', ...counting, join(root, 'server/src/main.ts')],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        RELAIS_TEST_MODE: '1', // GET /api/test/outbox: the SMS codes of the real login
        RELAIS_DEMO: '0',
        DATABASE_URL: databaseUrl,
        PORT: '0',
        HOST: '127.0.0.1',
        RELAIS_DATA_KEY: key,
        RELAIS_DATA_DIR: join(dataDir, `server-${n}`),
        RELAIS_WEB_DIST: join(dataDir, 'no-web-dist'),
        RELAIS_LOG_LEVEL: 'warn',
        RELAIS_LOGIN_RATE_PER_MINUTE: '100000',
        BENCH_QUERY_FILE: queryFile(dataDir, n),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolveStarted, reject) => {
    let started = false;
    const out = createInterface({ input: child.stdout });
    out.on('line', (text) => {
      const found = /écoute sur (http:\/\/\S+)/.exec(text);
      if (!started && found?.[1]) {
        started = true;
        resolveStarted({ child, url: found[1] });
      } else if (text.trim()) process.stderr.write(`[server ${n}] ${text}\n`);
    });
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(`[server ${n}] ${chunk.toString()}`));
    child.once('exit', (code) => {
      if (!started) reject(new Error(`server ${n} exited with ${code ?? 'a signal'} before listening`));
    });
  });
}

async function api<T>(base: string, path: string, init: { token?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

interface User {
  i: number;
  id: string;
  email: string;
  phone: string;
  /** The process this user's socket and requests go to. */
  server: number;
  identifier: string;
  token: string;
}

/** The real login: password, then the 6-digit code of the SMS the server queued. */
async function login(base: string, user: User): Promise<string> {
  const { challengeId } = await api<{ challengeId: string }>(base, '/api/auth/login', {
    body: { identifier: user.email, password: PASSWORD },
  });
  const sms = await api<{ body: string }[]>(
    base,
    `/api/test/outbox?channel=sms&to=${encodeURIComponent(user.phone)}`,
  );
  const code = /(\d{6})/.exec(sms[0]?.body ?? '')?.[1];
  if (!code) throw new Error(`no SMS code for ${user.email}`);
  const session = await api<{ token: string }>(base, '/api/auth/otp', { body: { challengeId, code } });
  return session.token;
}

interface Group {
  id: string;
  members: number[];
}

/** Groups of 5 to 10, each with members on both processes (even users on process 0, odd on process 1). */
function makeGroups(count: number): number[][] {
  const sides = [
    shuffle(Array.from({ length: Math.ceil(count / 2) }, (_, k) => 2 * k)),
    shuffle(Array.from({ length: Math.floor(count / 2) }, (_, k) => 2 * k + 1)),
  ];
  const groups: number[][] = [];
  for (;;) {
    const size = 5 + Math.floor(Math.random() * 6);
    const group: number[] = [];
    for (let k = 0; k < size; k++) {
      const side = (k + groups.length) % 2;
      const member = sides[side]?.pop() ?? sides[1 - side]?.pop();
      if (member !== undefined) group.push(member);
    }
    if (group.length === 0) break;
    groups.push(group);
  }
  // A short last group joins the previous one (at most 14 then).
  const last = groups.at(-1);
  if (groups.length > 1 && last && last.length < 5) groups.at(-2)?.push(...(groups.pop() ?? []));
  return groups;
}

/** Every socket this process opened, closed at the end whatever happens. */
const open = new Set<WebSocket>();

/** What one socket received: message id → arrival time. */
type Receipts = Map<string, number>;

interface Socket {
  ws: WebSocket;
  receipts: Receipts;
  duplicates: number;
  pings: number;
  /** The hello's `after`: where this socket's events start. */
  after: number;
  /** Application pongs received (answers to {"type":"ping"}). */
  pongs: number;
  /** When and how it closed, if it did. */
  closed?: { at: number; code: number };
}

/** Opens a socket; with `hello`, resolves once the server's hello came (the Relais protocol's first frame). */
function openSocket(url: string, hello: boolean, key: (data: string) => string | undefined): Promise<Socket> {
  const ws = new WebSocket(url);
  const socket: Socket = { ws, receipts: new Map(), duplicates: 0, pings: 0, after: 0, pongs: 0 };
  open.add(ws);
  ws.once('close', () => open.delete(ws));
  return new Promise((resolveOpen, reject) => {
    let ready = false;
    const isReady = () => {
      ready = true;
      resolveOpen(socket);
    };
    ws.on('message', (data: RawData) => {
      const at = performance.now();
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : '';
      if (!ready) {
        const first = JSON.parse(text) as { type?: string; after?: number };
        if (first.type === 'hello') {
          socket.after = first.after ?? 0;
          isReady();
        }
        return;
      }
      if (text === '{"type":"pong"}') socket.pongs++;
      const id = key(text);
      if (id === undefined) return;
      if (socket.receipts.has(id)) socket.duplicates++;
      else socket.receipts.set(id, at);
    });
    ws.on('ping', () => socket.pings++);
    ws.once('open', () => {
      if (!hello) isReady();
    });
    ws.once('error', reject);
    ws.once('close', (code) => {
      socket.closed = { at: performance.now(), code };
      if (!ready) reject(new Error(`socket closed with ${code} before it was ready`));
    });
  });
}

interface Sent {
  group: Group;
  sender: number;
  at: number;
  /** The message id, once known. */
  id?: string;
  /** Time of the send's own answer (HTTP 201); absent for the baseline. */
  answeredAt?: number;
  failed?: string;
}

/** Sends `count` messages at `rate` per second, open loop: a slow answer does not hold the next send back. */
async function steady(
  count: number,
  rate: number,
  groups: Group[],
  send: (s: Sent, k: number) => Promise<void>,
) {
  const sent: Sent[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let k = 0; k < count; k++) {
    const wait = start + (k * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    const group = groups[k % groups.length] as Group;
    const sender = group.members[Math.floor(Math.random() * group.members.length)] as number;
    const s: Sent = { group, sender, at: performance.now() };
    sent.push(s);
    pending.push(
      send(s, k).catch((error: unknown) => {
        s.failed = error instanceof Error ? error.message : String(error);
      }),
    );
  }
  await Promise.all(pending);
  return { sent, seconds: (performance.now() - start) / 1000 };
}

/** Waits until every recipient socket holds every sent message, or `timeoutMs` passes. */
async function settle(sent: Sent[], sockets: Socket[], timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  const missing = () => {
    let n = 0;
    for (const s of sent)
      for (const m of s.group.members) if (m !== s.sender && (!s.id || !sockets[m]?.receipts.has(s.id))) n++;
    return n;
  };
  while (missing() > 0 && performance.now() < deadline) await sleep(20);
  return missing();
}

interface Latencies {
  all: number[];
  sameProcess: number[];
  otherProcess: number[];
  answered: number[];
  missing: number;
  failed: number;
}

function latencies(sent: Sent[], sockets: Socket[], processOf: (i: number) => number): Latencies {
  const out: Latencies = { all: [], sameProcess: [], otherProcess: [], answered: [], missing: 0, failed: 0 };
  for (const s of sent) {
    if (s.failed || !s.id) {
      out.failed++;
      continue;
    }
    if (s.answeredAt !== undefined) out.answered.push(s.answeredAt - s.at);
    for (const m of s.group.members) {
      if (m === s.sender) continue;
      const at = sockets[m]?.receipts.get(s.id);
      if (at === undefined) {
        out.missing++;
        continue;
      }
      out.all.push(at - s.at);
      (processOf(m) === processOf(s.sender) ? out.sameProcess : out.otherProcess).push(at - s.at);
    }
  }
  return out;
}

/** Where the deliveries that never came went missing: which messages, sockets, processes, and whether stored. */
async function explainMissing(
  sent: Sent[],
  sockets: Socket[],
  users: User[],
  pool: pg.Pool,
): Promise<string> {
  const pairs: { k: number; s: Sent; m: number }[] = [];
  sent.forEach((s, k) => {
    for (const m of s.group.members)
      if (m !== s.sender && s.id && !sockets[m]?.receipts.has(s.id)) pairs.push({ k, s, m });
  });
  const messages = new Set(pairs.map((p) => p.k));
  const whole = [...messages].filter((k) => {
    const s = sent[k] as Sent;
    return s.group.members.every((m) => m === s.sender || !sockets[m]?.receipts.has(s.id ?? ''));
  });
  const { rows } = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM user_events e
     JOIN unnest($1::uuid[], $2::text[]) AS p(user_id, message_id)
       ON e.user_id = p.user_id AND e.payload->>'messageId' = p.message_id`,
    [pairs.map((p) => (users[p.m] as User).id), pairs.map((p) => p.s.id ?? '')],
  );
  const sameProcess = pairs.filter((p) => p.m % 2 === p.s.sender % 2).length;
  const positions = [...messages].sort((a, b) => a - b);
  return (
    `${pairs.length} over ${messages.size} messages (${whole.length} lost for every recipient), ` +
    `${new Set(pairs.map((p) => p.m)).size} sockets (${pairs.filter((p) => p.m % 2 === 0).length} on process 1), ` +
    `${sameProcess} on the sender's process; ${rows[0]?.n ?? '?'} of them stored in user_events; ` +
    `message positions ${positions.slice(0, 20).join(',')}${positions.length > 20 ? ',…' : ''} of ${sent.length}`
  );
}

/**
 * The sockets that missed deliveries: how much they received in all, whether they still answer an application
 * ping, and whether a reconnect with `?after=<their hello's after>` (the catch-up) brings the missed messages.
 */
async function probeSilentSockets(sent: Sent[], sockets: Socket[], users: User[], servers: Server[]) {
  const affected = new Map<number, Set<string>>();
  for (const s of sent)
    for (const m of s.group.members)
      if (m !== s.sender && s.id && !sockets[m]?.receipts.has(s.id))
        affected.set(m, (affected.get(m) ?? new Set()).add(s.id));
  const lines: string[] = [];
  for (const [m, missed] of [...affected].slice(0, 8)) {
    const socket = sockets[m] as Socket;
    const user = users[m] as User;
    socket.ws.send('{"type":"ping"}');
    await sleep(2000);
    const base = (servers[user.server] as Server).url.replace(/^http/, 'ws');
    const again = await openSocket(
      `${base}/api/events?token=${user.token}&after=${socket.after}`,
      true,
      (text) => {
        const e = JSON.parse(text) as { type?: string; messageId?: string };
        return e.type === 'message.new' ? e.messageId : undefined;
      },
    );
    await sleep(2000);
    const caughtUp = [...missed].filter((id) => again.receipts.has(id)).length;
    again.ws.close();
    lines.push(
      `user ${m} (process ${user.server + 1}, hello after ${socket.after}, ` +
        `${socket.closed ? `closed with ${socket.closed.code}` : 'open'}): received ${socket.receipts.size}, ` +
        `missed ${missed.size}, answered the ping ${socket.pongs > 0 ? 'yes' : 'no'}, ` +
        `catch-up after reconnect brought ${caughtUp} of ${missed.size} (and ${again.receipts.size} in all)`,
    );
  }
  return `\n     ${lines.join('\n     ')}`;
}

/** Transactions and rows of the bench database so far (the whole cluster's view of this database). */
async function dbCounters(admin: pg.Client, name: string) {
  const { rows } = await admin.query<{ xact: string; fetched: string; inserted: string; updated: string }>(
    `SELECT xact_commit + xact_rollback AS xact, tup_fetched AS fetched, tup_inserted AS inserted,
            tup_updated AS updated
     FROM pg_stat_database WHERE datname = $1`,
    [name],
  );
  const r = rows[0];
  return {
    xact: Number(r?.xact ?? 0),
    fetched: Number(r?.fetched ?? 0),
    inserted: Number(r?.inserted ?? 0),
    updated: Number(r?.updated ?? 0),
  };
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux); NaN elsewhere. */
function cpuMs(pid: number | undefined): number {
  try {
    const fields =
      readFileSync(`/proc/${pid ?? 'self'}/stat`, 'utf8')
        .split(') ')[1]
        ?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime in clock ticks of 10 ms
  } catch {
    return NaN;
  }
}

async function main() {
  if (process.argv.includes('--echo-server')) {
    echoServerMain();
    return;
  }
  const socketCount = option('sockets', quick ? 100 : 1000);
  const messageCount = option('messages', quick ? 200 : 1500);
  const rate = option('rate', 20);
  const warmupCount = option('warmup', quick ? 50 : 200);
  if (socketCount < 10) throw new Error('--sockets expects at least 10');

  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `relais_bench_messaging_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const { rows: limits } = await admin.query<{ max: string; used: string }>(
    `SELECT current_setting('max_connections') AS max, (SELECT count(*) FROM pg_stat_activity) AS used`,
  );
  const maxConnections = Number(limits[0]?.max ?? 100);
  const used = Number(limits[0]?.used ?? 0);
  const ours = 2 * SERVER_CONNECTIONS + 2 + 1; // the servers, this process's pool, the admin connection
  if (used + ours > maxConnections)
    throw new Error(
      `PostgreSQL has ${used} of ${maxConnections} connections in use; this bench needs ${ours}`,
    );
  await admin.query(`CREATE DATABASE ${name}`);
  const url = withDatabase(base, name);
  const key = randomBytes(32).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'relais-bench-messaging-'));
  const servers: Server[] = [];
  const children: ChildProcess[] = [];
  const sockets: Socket[] = [];
  let database: Database | undefined;
  const stop = () => {
    for (const ws of open) ws.terminate();
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  };
  process.once('SIGINT', () => {
    stop();
    process.exitCode = 130;
  });
  try {
    const t0 = performance.now();
    database = await openDatabase({ databaseUrl: url, poolSize: 2 }); // migrates
    const config = loadConfig({ NODE_ENV: 'test', RELAIS_DEMO: '0', RELAIS_DATA_KEY: key });
    await ensureCommunes({ database, config }); // once here, not raced by the two servers
    const pool = database.pool;
    if (!pool) throw new Error('PostgreSQL expected');

    // Active professionals, one shared password hash (argon2 once, not a thousand times).
    const hash = await hashSecret(PASSWORD);
    const users: User[] = Array.from({ length: socketCount }, (_, i) => {
      const body = '10' + String(90_000_000 + i).padStart(8, '0');
      return {
        i,
        id: randomUUID(),
        email: `pro${i}@bench.relais.test`,
        phone: `+3361${String(i).padStart(7, '0')}`,
        server: i % 2,
        token: '',
        identifier: body + luhnKey(body),
      };
    });
    const now = new Date().toISOString();
    await pool.query(
      `INSERT INTO users (id, role, status, identifier_type, identifier, profession, first_name, last_name, name_key,
                          email, mobile_phone, password_hash, created_at, updated_at)
       SELECT u.id, 'professional', 'active', 'rpps', u.identifier, '60', 'Banc', 'Essai ' || u.n,
              'essai ' || u.n || ' banc', u.email, u.phone, $5, $6, $6
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS u(id, identifier, email, phone, n)`,
      [
        users.map((u) => u.id),
        users.map((u) => u.identifier),
        users.map((u) => u.email),
        users.map((u) => u.phone),
        hash,
        now,
      ],
    );

    for (const n of [0, 1]) {
      const server = await startServer(n, url, key, dataDir);
      servers.push(server);
      children.push(server.child);
    }
    const serverUrl = (u: User) => (servers[u.server] as Server).url;
    console.log(
      `setup: database ${name}, 2 server processes (${servers.map((s) => s.url).join(', ')}), ` +
        `PostgreSQL connections ≤ ${ours} of ${maxConnections} (${used} used by others)`,
    );

    const tLogin = performance.now();
    await eachLimited(users, 8, async (u) => {
      u.token = await login(serverUrl(u), u);
    });
    console.log(
      `       ${socketCount} real logins (password + SMS code) in ${((performance.now() - tLogin) / 1000).toFixed(1)} s`,
    );

    const groups: Group[] = [];
    await eachLimited(makeGroups(socketCount), 8, async (members) => {
      const creator = users[members[0] as number] as User;
      const { id } = await api<{ id: string }>(serverUrl(creator), '/api/threads', {
        token: creator.token,
        body: {
          participantIds: members.slice(1).map((m) => (users[m] as User).id),
          subject: 'Banc d’essai',
        },
      });
      groups.push({ id, members });
    });
    const sizes = groups.map((g) => g.members.length);
    const fanOut = sizes.reduce((s, n) => s + n - 1, 0) / sizes.length;
    console.log(
      `       ${groups.length} threads of ${Math.min(...sizes)} to ${Math.max(...sizes)} participants (mean fan-out ${fanOut.toFixed(1)} sockets), each across both processes`,
    );

    const eventKey = (text: string) => {
      const m = JSON.parse(text) as { type?: string; messageId?: string };
      return m.type === 'message.new' ? m.messageId : undefined;
    };
    await eachLimited(users, 50, async (u) => {
      sockets[u.i] = await openSocket(
        `${serverUrl(u).replace(/^http/, 'ws')}/api/events?token=${u.token}`,
        true,
        eventKey,
      );
    });
    console.log(
      `       ${sockets.length} sockets on /api/events, hello received on each (${sockets.length / 2} per process); setup ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const sendRelais = async (s: Sent) => {
      const sender = users[s.sender] as User;
      const message = await api<{ id: string }>(serverUrl(sender), `/api/threads/${s.group.id}/messages`, {
        token: sender.token,
        body: { body: `Bonjour, message de banc d’essai ${randomUUID()}` },
      });
      s.answeredAt = performance.now();
      s.id = message.id;
    };
    const processOfUser = (i: number) => i % 2;

    // Warm-up (JIT, pools, plans), not measured.
    const warm = await steady(warmupCount, rate, groups, sendRelais);
    await settle(warm.sent, sockets, 10_000);

    const before = await dbCounters(admin, name);
    const queriesBefore = countQueries
      ? await Promise.all(servers.map((x, n) => queryCounts(x, queryFile(dataDir, n))))
      : [];
    const cpuBefore = [...servers.map((x) => cpuMs(x.child.pid)), cpuMs(undefined)];
    const loadBefore = loadavg()[0] ?? NaN;
    // The database round trip alone, sampled during the run: how loaded the machine and PostgreSQL are.
    const roundTrips: number[] = [];
    const sampling = { on: true };
    const sampler = (async () => {
      while (sampling.on) {
        const started = performance.now();
        await pool.query('SELECT 1');
        roundTrips.push(performance.now() - started);
        await sleep(20);
      }
    })();
    const run = await steady(messageCount, rate, groups, sendRelais);
    sampling.on = false;
    await sampler;
    const missingAfterWait = await settle(run.sent, sockets, 10_000);
    const after = await dbCounters(admin, name);
    const cpuAfter = [...servers.map((x) => cpuMs(x.child.pid)), cpuMs(undefined)];
    const loadAfter = loadavg()[0] ?? NaN;
    const queriesAfter = countQueries
      ? await Promise.all(servers.map((x, n) => queryCounts(x, queryFile(dataDir, n))))
      : [];
    const relais = latencies(run.sent, sockets, processOfUser);
    const lost = relais.missing > 0 ? await explainMissing(run.sent, sockets, users, pool) : undefined;
    const probe =
      relais.missing > 0 ? await probeSilentSockets(run.sent, sockets, users, servers) : undefined;
    const duplicates = sockets.reduce((n, s) => n + s.duplicates, 0);
    const pings = sockets.reduce((n, s) => n + s.pings, 0);

    const closedDuringRun = sockets.filter((x) => x.closed).length;
    for (const s of sockets) s.ws.close();

    // Baseline: bare ws fan-out, the same groups, rate and count.
    const echo = fork(fileURLToPath(import.meta.url), ['--echo-server'], {
      execArgv: ['--import', 'tsx'],
    });
    children.push(echo);
    const echoPort = await new Promise<number>((resolvePort) => {
      echo.once('message', (m: { port: number }) => {
        resolvePort(m.port);
      });
    });
    const baseKey = (text: string) => (JSON.parse(text) as { messageId?: string }).messageId;
    const groupOf = new Map<number, string>();
    for (const g of groups) for (const m of g.members) groupOf.set(m, g.id);
    const bare: Socket[] = [];
    await eachLimited(users, 50, async (u) => {
      bare[u.i] = await openSocket(`ws://127.0.0.1:${echoPort}/?g=${groupOf.get(u.i) ?? ''}`, false, baseKey);
    });
    let seq = 0;
    const sendBare = (s: Sent) => {
      const id = `m${++seq}`;
      s.id = id;
      (bare[s.sender] as Socket).ws.send(
        JSON.stringify({ id: seq, type: 'message.new', threadId: s.group.id, messageId: id }),
      );
      return Promise.resolve();
    };
    const warmBare = await steady(warmupCount, rate, groups, sendBare);
    await settle(warmBare.sent, bare, 10_000);
    const runBare = await steady(messageCount, rate, groups, sendBare);
    await settle(runBare.sent, bare, 10_000);
    const baseline = latencies(runBare.sent, bare, () => 0);
    for (const s of bare) s.ws.close();
    echo.disconnect();

    // Report.
    const r = summary(relais.all);
    const b = summary(baseline.all);
    const perMessage = (n: number) => (n / messageCount).toFixed(1);
    console.log(
      `\nmessaging: ${socketCount} sockets over 2 processes, ${messageCount} messages at ${rate}/s ` +
        `(${run.seconds.toFixed(1)} s, after ${warmupCount} warm-up), send → message.new on every other participant's socket`,
    );
    console.log(line('Relais send → receipt', r));
    console.log(line('  receiver on the sender’s process', summary(relais.sameProcess)));
    console.log(line('  receiver on the other process', summary(relais.otherProcess)));
    console.log(line('  POST answered (201)', summary(relais.answered)));
    console.log(line('bare ws fan-out send → receipt', b));
    console.log(line('PostgreSQL SELECT 1 during the run', summary(roundTrips)));
    console.log(
      `   ratio Relais/bare  p50 ${(r.p50 / b.p50).toFixed(1)}×  p99 ${(r.p99 / b.p99).toFixed(1)}×`,
    );
    console.log(
      `   target p99 < ${TARGET_P99_MS} ms: ${r.p99 < TARGET_P99_MS ? 'MET' : 'NOT MET'} (p99 ${fmt(r.p99)})`,
    );
    console.log(
      `   delivery: ${relais.missing} missing (${missingAfterWait} after a 10 s wait), ${duplicates} duplicates, ` +
        `${relais.failed} failed sends, ${closedDuringRun} sockets closed after their hello, ` +
        `${pings} heartbeat pings answered; bare: ${baseline.missing} missing`,
    );
    console.log(
      `   database per message: ${perMessage(after.xact - before.xact)} transactions, ` +
        `${perMessage(after.fetched - before.fetched)} rows fetched, ${perMessage(after.inserted - before.inserted)} inserted, ` +
        `${perMessage(after.updated - before.updated)} updated`,
    );
    const cpu = cpuAfter.map((v, i) => (v - (cpuBefore[i] ?? 0)) / messageCount);
    console.log(
      `   CPU per message: server 1 ${fmt(cpu[0] ?? NaN)}, server 2 ${fmt(cpu[1] ?? NaN)}, bench clients ${fmt(cpu[2] ?? NaN)}; ` +
        `machine load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${availableParallelism()} cores`,
    );
    queriesAfter.forEach((counts, n) => {
      const diff = [...counts]
        .map(([text, [count, ms]]) => {
          const [c0, ms0] = queriesBefore[n]?.get(text) ?? [0, 0];
          return { text, count: count - c0, ms: ms - ms0 };
        })
        .filter((q) => q.count > 0)
        .sort((a, b) => b.count - a.count);
      const total = diff.reduce((t, q) => t + q.count, 0);
      console.log(`   server ${n + 1}: ${perMessage(total)} SQL statements per message; the most frequent:`);
      for (const q of diff.slice(0, 12))
        console.log(
          `     ${perMessage(q.count).padStart(5)}/msg  ${(q.ms / q.count).toFixed(1).padStart(6)} ms avg  ${q.text}`,
        );
    });
    if (lost) console.log(`   missing deliveries: ${lost}`);
    if (probe) console.log(`   sockets that missed some: ${probe}`);
    if (relais.missing > 0 || duplicates > 0 || relais.failed > 0) process.exitCode = 1;
  } finally {
    stop();
    await Promise.all(
      children.map((c) =>
        c.exitCode !== null || c.signalCode !== null
          ? Promise.resolve()
          : new Promise<void>((resolveExit) => {
              const timer = setTimeout(() => {
                c.kill('SIGKILL');
              }, 10_000);
              c.once('exit', () => {
                clearTimeout(timer);
                resolveExit();
              });
            }),
      ),
    );
    await database?.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
