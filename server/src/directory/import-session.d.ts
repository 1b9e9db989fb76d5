import { type SQL } from 'drizzle-orm';
import { type Database, type Db } from '../db/client.ts';
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
     * created the table on PostgreSQL, batched INSERTs on PGlite. Values of `jsonColumns` are JSON text.
     */
    load(table: string, columns: readonly string[], createSql: string, jsonColumns?: readonly string[]): Promise<TableSink>;
    /** Independent statements (index builds): on PostgreSQL two at a time, on a second connection too. */
    runAll(statements: readonly string[]): Promise<void>;
    release(): Promise<void>;
}
export declare class ImportBusyError extends Error {
}
export declare function openImportSession(database: Database): Promise<ImportSession>;
