import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Database } from './client.ts';
import { rows } from './client.ts';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const MIGRATION_LOCK = 727_001;

export interface Migration {
  name: string;
  sql: string;
}

export function listMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(migrationsDir, name), 'utf8') }));
}

/**
 * Applies the forward-only SQL migrations not yet recorded, each in its own transaction. On a server, an
 * advisory lock makes processes starting together apply them once.
 */
export async function migrate(database: Database): Promise<string[]> {
  const applied: string[] = [];
  const run = async (exec: (text: string) => Promise<void>) => {
    await exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await rows<{ name: string }>(database.db, sql`SELECT name FROM schema_migrations`)).map((r) => r.name),
    );
    for (const migration of listMigrations()) {
      if (done.has(migration.name)) continue;
      await exec(
        `BEGIN;\n${migration.sql}\n;INSERT INTO schema_migrations (name) VALUES ('${migration.name}');\nCOMMIT;`,
      );
      applied.push(migration.name);
    }
  };
  if (database.pool) {
    const client = await database.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await run(async (text) => {
        try {
          await client.query(text);
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      client.release();
    }
  } else {
    await run((text) => database.exec(text));
  }
  return applied;
}
