import type { Database } from './client.ts';
export interface Migration {
    name: string;
    sql: string;
}
export declare function listMigrations(): Migration[];
/**
 * Applies the forward-only SQL migrations not yet recorded, each in its own transaction. On a server, an
 * advisory lock makes processes starting together apply them once.
 */
export declare function migrate(database: Database): Promise<string[]>;
