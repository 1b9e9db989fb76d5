import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.ts';
import { migrate } from './migrate.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A handle use cases receive: the database or an open transaction on it. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  kind: 'embedded' | 'postgres';
  db: Db;
  /** Runs several SQL statements at once (migrations, maintenance). */
  exec(sqlText: string): Promise<void>;
  /** The server pool, for LISTEN/NOTIFY and COPY; absent on the embedded database. */
  pool: pg.Pool | undefined;
  close(): Promise<void>;
}

/** Rows of a raw SQL query, on either engine. */
export async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}

export class DatabaseLockedError extends Error {}

/**
 * PGlite does not lock its folder, and two processes writing one data directory corrupt it:
 * a lock file holding the owner's pid refuses a second live process.
 */
function lockFolder(dir: string): () => void {
  const lockPath = join(dir, 'relais.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8').trim());
      if (owner && isAlive(owner)) {
        throw new DatabaseLockedError(
          `The embedded database in ${dir} is in use by process ${owner}; stop it or choose another RELAIS_DATA_DIR.`,
        );
      }
      rmSync(lockPath, { force: true }); // stale lock of a process that is gone
    }
  }
  throw new DatabaseLockedError(`Could not lock ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Folder of the embedded database; omitted = in memory (tests). */
  pgliteDir?: string | undefined;
  /** A dump made by `PGlite.dumpDataDir()` to start from (tests clone a migrated snapshot). */
  pgliteSnapshot?: Blob | File | undefined;
  migrations?: boolean;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    pool.on('error', () => undefined); // an idle client's lost connection is replaced on next use
    const database: Database = {
      kind: 'postgres',
      db: drizzlePg(pool, { schema }),
      exec: async (text) => {
        await pool.query(text);
      },
      pool,
      close: () => pool.end(),
    };
    if (options.migrations !== false) await migrate(database);
    return database;
  }
  let unlock = (): void => undefined;
  if (options.pgliteDir) {
    mkdirSync(options.pgliteDir, { recursive: true });
    unlock = lockFolder(options.pgliteDir);
  }
  try {
    const client = await PGlite.create({
      dataDir: options.pgliteDir,
      loadDataDir: options.pgliteSnapshot,
    });
    const database: Database = {
      kind: 'embedded',
      db: drizzlePglite(client, { schema }),
      exec: async (text) => {
        await client.exec(text);
      },
      pool: undefined,
      close: async () => {
        await client.close();
        unlock();
      },
    };
    if (options.migrations !== false) await migrate(database);
    return database;
  } catch (error) {
    unlock();
    throw error;
  }
}
