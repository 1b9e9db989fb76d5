import { sql } from 'drizzle-orm';
import type { ImportSession } from './import-session.ts';

/** The tables an import replaces, all four in one switch. */
export const DIRECTORY_TABLES = [
  'directory_persons',
  'directory_mssante',
  'directory_tokens',
  'directory_token_variants',
] as const;
/** Where an import builds its tables before they replace the live ones. */
export const STAGING = 'directory_import';

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The live tables' indexes and key constraints, restated for the staging tables: the migrations stay the one
 * place that defines them.
 */
export async function indexStatements(
  session: ImportSession,
  liveSchema: string,
  tables: readonly string[] = DIRECTORY_TABLES,
): Promise<string[]> {
  const found = await session.query<{
    table: string;
    def: string;
    constraint: string | null;
    condef: string | null;
  }>(
    sql`SELECT c.relname AS "table", pg_get_indexdef(x.indexrelid) AS def,
               con.conname AS "constraint", pg_get_constraintdef(con.oid) AS condef
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class c ON c.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = c.oid AND con.contype IN ('p', 'u')
        WHERE n.nspname = ${liveSchema} AND c.relname = ANY(${sql.param([...tables])}::text[])
        ORDER BY con.conname IS NULL, c.relname, i.relname`,
  );
  return found.map((row) => {
    if (row.constraint && row.condef)
      return `ALTER TABLE ${STAGING}.${row.table} ADD CONSTRAINT ${ident(row.constraint)} ${row.condef}`;
    const on = new RegExp(` ON (ONLY )?(?:"?${liveSchema}"?\\.)?"?${row.table}"? USING `);
    if (!on.test(row.def)) throw new Error(`unexpected index definition: ${row.def}`);
    return row.def.replace(on, ` ON ${STAGING}.${row.table} USING `);
  });
}
