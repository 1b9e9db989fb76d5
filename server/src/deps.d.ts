import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Database, Db } from './db/client.ts';
import type { DataCipher } from './shared/crypto.ts';
/** What a use case may need; passed explicitly, never read from a global. */
export interface Deps {
    config: Config;
    database: Database;
    db: Db;
    clock: Clock;
    cipher: DataCipher;
    log: FastifyBaseLogger;
}
