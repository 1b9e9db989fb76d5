import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.ts';
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
export declare function rows<T>(db: DbOrTx, query: SQL): Promise<T[]>;
export declare class DatabaseLockedError extends Error {
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
export declare function openDatabase(options: OpenOptions): Promise<Database>;
