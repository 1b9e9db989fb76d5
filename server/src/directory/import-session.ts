import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { setTimeout } from 'node:timers/promises';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { rows, type Database, type Db } from '../db/client.ts';
import * as schema from '../db/schema.ts';
import { textOf } from './annuaire-files.ts';

export type CopyValue = string | number | null;

/**
 * Rows going into one table: buffered by `push`, written by `flush` (which waits while the database is busy).
 * Strings are UTF-8 byte strings (see `readDataLines`); `clean` says none holds a tab, a backslash, a quote or
 * a control character, so they go out without escaping.
 */
export interface TableSink {
  push(values: readonly CopyValue[], clean?: boolean): void;
  flush(): Promise<void>;
  /** Writes the rest and makes the rows durable. */
  end(): Promise<void>;
  /** Gives up: nothing of this load stays. */
  abort(): Promise<void>;
}

/**
 * One connection held for a whole import: a pg client of the pool on PostgreSQL (COPY, session settings and the
 * import's advisory lock live on it), the database itself on PGlite (one connection anyway).
 */
export interface ImportSession {
  kind: Database['kind'];
  db: Db;
  /** Statements without parameters, several at once allowed. */
  run(text: string): Promise<void>;
  query<T>(query: SQL): Promise<T[]>;
  /**
   * Creates `table` afresh (`createSql`) and returns a sink loading it: `COPY … FREEZE` in the transaction that
   * created the table on PostgreSQL, batched INSERTs on PGlite.
   */
  load(table: string, columns: readonly string[], createSql: string): Promise<TableSink>;
  /** Independent statements (index builds): on PostgreSQL two at a time, on a second connection too. */
  runAll(statements: readonly string[]): Promise<void>;
  /** Statements run meanwhile on a connection of their own (PostgreSQL); await the promise before relying on them. */
  runAside(statements: readonly string[]): Promise<void>;
  release(): Promise<void>;
}

const IMPORT_LOCK = 727_010;

export class ImportBusyError extends Error {}

export async function openImportSession(database: Database): Promise<ImportSession> {
  if (!database.pool) return embeddedSession(database);
  const client = await database.pool.connect();
  try {
    const [lock] = (
      await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [IMPORT_LOCK])
    ).rows;
    if (!lock?.ok) throw new ImportBusyError('Un autre import de l’annuaire est en cours.');
    // Index builds of a national file sort a few hundred MB: give them room, on this connection only.
    await client.query("SET maintenance_work_mem = '256MB'");
  } catch (error) {
    client.release();
    throw error;
  }
  return postgresSession(client, database.pool);
}

function postgresSession(client: pg.PoolClient, pool: pg.Pool): ImportSession {
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    run: async (text) => {
      await client.query(text);
    },
    query: (query) => rows(db, query),
    load: async (table, columns, createSql) => {
      await client.query(`BEGIN; ${createSql}`);
      let stream;
      try {
        // A deep buffer lets the parser run ahead while the server ingests: they overlap instead of taking turns.
        stream = client.query(
          copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FREEZE)`, {
            highWaterMark: 16 << 20,
          }),
        );
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
      return copySink(stream, client);
    },
    runAside: async (statements) => {
      const other = await pool.connect();
      try {
        await other.query("SET maintenance_work_mem = '256MB'");
        for (const statement of statements) await other.query(statement);
      } finally {
        await other.query('RESET maintenance_work_mem').catch(() => undefined);
        other.release();
      }
    },
    runAll: async (statements) => {
      const other = await pool.connect();
      try {
        await other.query("SET maintenance_work_mem = '256MB'");
        const queue = [...statements];
        const work = async (connection: pg.PoolClient) => {
          for (let next = queue.shift(); next !== undefined; next = queue.shift())
            await connection.query(next);
        };
        const outcomes = await Promise.allSettled([work(client), work(other)]);
        for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
      } finally {
        await other.query('RESET maintenance_work_mem').catch(() => undefined);
        other.release();
      }
    },
    release: async () => {
      try {
        await client.query('SELECT pg_advisory_unlock($1)', [IMPORT_LOCK]);
        await client.query('RESET maintenance_work_mem');
        client.release();
      } catch (error) {
        client.release(error instanceof Error ? error : true);
      }
    },
  };
}

/** COPY text format: tab between values, backslash escapes, \N for null. */
// eslint-disable-next-line no-control-regex -- NUL is one of the characters looked for
const COPY_SPECIAL = /[\\\t\n\r\x00]/;

function copyText(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  if (!COPY_SPECIAL.test(value)) return value;
  // PostgreSQL text holds no NUL: it is dropped.
  return value.replace(new RegExp(COPY_SPECIAL.source, 'g'), (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '',
  );
}

/** Buffer's own latin1Write, without the argument checks of `write(…, 'latin1')` (a million calls). */
type LatinBuffer = Buffer & { latin1Write(text: string, offset: number): number };

/**
 * COPY rows written into buffers (byte strings copy byte for byte), handed to the stream in blocks of about 1 MB:
 * one write per row, no re-encoding.
 */
function copySink(stream: ReturnType<typeof copyFrom>, client: pg.PoolClient): TableSink {
  const state: { failure?: Error } = {};
  let failed: (error: Error) => void = () => undefined;
  const failing = new Promise<never>((_, reject) => {
    failed = reject;
  });
  failing.catch(() => undefined);
  const fail = (error: Error) => {
    state.failure ??= error;
    failed(state.failure);
  };
  stream.on('error', fail);
  stream.on('close', () => {
    if (!stream.writableFinished) fail(new Error('COPY stream closed before its end'));
  });
  /** Room in the stream again, or the COPY's failure (the server refused a row): never a wait without end. */
  const drained = () => Promise.race([once(stream, 'drain'), failing]);
  const BLOCK = 1 << 20;
  let block = Buffer.allocUnsafe(BLOCK);
  let position = 0;
  const full: Buffer[] = [];
  const handOff = (room: number) => {
    full.push(block.subarray(0, position));
    block = Buffer.allocUnsafe(Math.max(BLOCK, room));
    position = 0;
  };
  const check = () => {
    if (state.failure) throw state.failure;
  };
  const write = async () => {
    check();
    if (position > 0) handOff(0);
    for (const chunk of full.splice(0)) {
      check();
      if (!stream.write(chunk)) await drained();
    }
  };
  return {
    push(values, clean = false) {
      let line = '';
      for (let i = 0; i < values.length; i++) {
        const value = values[i] ?? null;
        line += `${i > 0 ? '\t' : ''}${value === null ? '\\N' : clean || typeof value === 'number' ? value : copyText(value)}`;
      }
      line += '\n';
      if (position + line.length > block.length) handOff(line.length);
      position += (block as LatinBuffer).latin1Write(line, position);
    },
    async flush() {
      if (full.length > 0 || position >= BLOCK / 2) await write();
    },
    async end() {
      try {
        await write();
        stream.end();
        await Promise.race([finished(stream), failing]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    async abort() {
      // After a refused row the server has ended the COPY already; otherwise CopyFail ends it.
      if (!state.failure && !stream.destroyed) {
        stream.destroy(new Error('import aborted'));
        await Promise.race([finished(stream), failing, setTimeout(10_000)]).catch(() => undefined);
      }
      await client.query('ROLLBACK').catch(() => undefined);
    },
  };
}

function embeddedSession(database: Database): ImportSession {
  const db = database.db;
  return {
    kind: 'embedded',
    db,
    run: (text) => database.exec(text),
    query: (query) => rows(db, query),
    load: async (table, columns, createSql) => {
      await database.exec(createSql);
      return insertSink(db, table, columns);
    },
    runAll: async (statements) => {
      for (const statement of statements) await database.exec(statement);
    },
    runAside: async (statements) => {
      for (const statement of statements) await database.exec(statement);
    },
    release: () => Promise.resolve(),
  };
}

/** PGlite: batches of rows as one JSON parameter, spread by json_populate_recordset. */
function insertSink(db: Db, table: string, columns: readonly string[]): TableSink {
  const BATCH = 1000;
  let pending: string[] = [];
  const columnList = sql.raw(columns.join(', '));
  const keys = columns.map((column) => `${JSON.stringify(column)}:`);
  const insert = async (batch: string[]) => {
    await db.execute(
      sql`INSERT INTO ${sql.raw(table)} (${columnList})
          SELECT ${columnList} FROM json_populate_recordset(NULL::${sql.raw(table)}, ${`[${batch.join(',')}]`}::json)`,
    );
  };
  const drain = async (all: boolean) => {
    while (pending.length >= BATCH || (all && pending.length > 0)) {
      const batch = pending.slice(0, BATCH);
      pending = pending.slice(BATCH);
      await insert(batch);
    }
  };
  return {
    push(values) {
      const fields = keys.map((key, i) => {
        const value = values[i] ?? null;
        // PostgreSQL text holds no NUL: it is dropped, as COPY's side does.
        return (
          key + JSON.stringify(typeof value === 'string' ? textOf(value).replaceAll('\u0000', '') : value)
        );
      });
      pending.push(`{${fields.join(',')}}`);
    },
    flush: () => drain(false),
    end: () => drain(true),
    abort: async () => {
      pending = [];
      await db.execute(sql`DROP TABLE IF EXISTS ${sql.raw(table)}`);
    },
  };
}
