import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { openTestDatabase } from '../../test/helpers.ts';
import { openImportSession } from './import-session.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe('import session', () => {
  it('Directory: a row the database refuses fails the load, without hanging, and nothing stays', async () => {
    const session = await openImportSession(database);
    try {
      const sink = await session.load(
        'directory_import.refusal',
        ['id', 'name'],
        'DROP TABLE IF EXISTS directory_import.refusal; CREATE TABLE directory_import.refusal (id int, name text NOT NULL);',
      );
      for (let i = 0; i < 20_000; i++) sink.push([i, i === 10 ? null : `nom ${i}`], true);
      await expect(
        (async () => {
          await sink.flush();
          await sink.end();
        })(),
      ).rejects.toThrow();
      await sink.abort();
      const [left] = await session.query<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'refusal'`,
      );
      expect(left?.n).toBe(0);
    } finally {
      await session.run('DROP TABLE IF EXISTS directory_import.refusal');
      await session.release();
    }
  });
});
