import { sql } from 'drizzle-orm';
import { textOf } from './annuaire-files.ts';
import type { ImportSession } from './import-session.ts';
import { PERSON_LOAD_COLUMNS, readActivities, type LatePerson, type LineErrors } from './load-annuaire.ts';

const KEY = PERSON_LOAD_COLUMNS.indexOf('search_key');
const ACTIVITIES = PERSON_LOAD_COLUMNS.indexOf('activities');
const LINE = PERSON_LOAD_COLUMNS.indexOf('line');

/** Where a merge reports the rows it leaves out. */
export interface MergeReport {
  file: string;
  errors: LineErrors;
}

/**
 * Persons met again after others (same IDNPS, lines not consecutive): one naming the same person is merged into
 * the first (its activities added), one naming someone else is reported and left out.
 */
export async function mergeLatePersons(
  session: ImportSession,
  table: string,
  late: LatePerson[],
  report: MergeReport,
): Promise<number> {
  if (late.length === 0) return 0;
  const ids = [...new Set(late.map((person) => String(person.values[0])))];
  const firsts = await session.query<{
    national_id: string;
    search_key: string;
    line: number;
    activities: string;
  }>(
    sql`SELECT national_id, search_key, line, activities FROM ${sql.raw(table)}
        WHERE national_id = ANY(${sql.param(ids)}::text[])`,
  );
  const byId = new Map(firsts.map((row) => [row.national_id, row]));
  const merged = new Map<string, unknown[][]>();
  for (const { values } of late) {
    const id = String(values[0]);
    const first = byId.get(id);
    if (first && first.search_key === values[KEY]) {
      const extra = readActivities(textOf(String(values[ACTIVITIES])));
      merged.set(id, [...(merged.get(id) ?? readActivities(first.activities)), ...extra]);
    } else
      report.errors.add(
        report.file,
        Number(values[LINE]),
        `identifiant ${id} déjà attribué ligne ${first?.line ?? '?'} à une autre personne : ligne ignorée`,
      );
  }
  if (merged.size > 0) {
    const updates = [...merged].map(([national_id, activities]) => ({
      national_id,
      activities: JSON.stringify(activities),
    }));
    await session.query(
      sql`UPDATE ${sql.raw(table)} p SET activities = v.activities
          FROM json_to_recordset(${JSON.stringify(updates)}::json) AS v(national_id text, activities text)
          WHERE p.national_id = v.national_id`,
    );
  }
  return late.length;
}

/**
 * The SQL way of `mergeLatePersons`, for a file with too many persons out of place to hold them in memory.
 */
export async function mergeDuplicates(
  session: ImportSession,
  table: string,
  report: MergeReport,
): Promise<number> {
  await session.run(`DROP TABLE IF EXISTS directory_import_duplicates;
    CREATE TEMP TABLE directory_import_duplicates AS
      SELECT p.national_id, p.line, p.search_key, p.activities,
             first_value(p.line) OVER w AS first_line, first_value(p.search_key) OVER w AS first_key
      FROM ${table} p
      WHERE p.national_id IN (SELECT national_id FROM ${table} GROUP BY national_id HAVING count(*) > 1)
      WINDOW w AS (PARTITION BY p.national_id ORDER BY p.line);`);
  const [count] = await session.query<{ n: number }>(
    sql.raw(`SELECT count(*)::int AS n FROM directory_import_duplicates WHERE line <> first_line`),
  );
  const duplicates = count?.n ?? 0;
  if (duplicates > 0) {
    const conflicts = await session.query<{ national_id: string; line: number; first_line: number }>(
      sql.raw(`SELECT national_id, line, first_line FROM directory_import_duplicates
               WHERE line <> first_line AND search_key <> first_key ORDER BY line`),
    );
    for (const row of conflicts)
      report.errors.add(
        report.file,
        row.line,
        `identifiant ${row.national_id} déjà attribué ligne ${row.first_line} à une autre personne : ligne ignorée`,
      );
    await session.run(`
      UPDATE ${table} p SET activities = m.activities
      FROM (SELECT d.national_id, d.first_line, json_agg(e.activity ORDER BY d.line, e.position)::text AS activities
            FROM directory_import_duplicates d,
                 json_array_elements(d.activities::json) WITH ORDINALITY AS e(activity, position)
            WHERE d.search_key = d.first_key
            GROUP BY d.national_id, d.first_line) m
      WHERE p.national_id = m.national_id AND p.line = m.first_line;
      DELETE FROM ${table} p USING directory_import_duplicates d
      WHERE p.national_id = d.national_id AND p.line = d.line AND d.line <> d.first_line;`);
  }
  await session.run('DROP TABLE directory_import_duplicates');
  return duplicates;
}
