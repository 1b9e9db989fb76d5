import { sql } from 'drizzle-orm';
import { QuestionnaireDefinition, type Questionnaire } from '@relais/contracts';
import type { Clock } from '../clock.ts';
import { rows, type Database, type DbOrTx } from '../db/client.ts';
import { AppError } from '../shared/errors.ts';
import { BUILT_IN_QUESTIONNAIRES } from './built-in-questionnaires.ts';

const seeded = new WeakMap<Database, Promise<void>>();

/** The built-in questionnaires exist (version 1) in every database; once per process and database. */
export function ensureBuiltInQuestionnaires(database: Database, clock: Clock): Promise<void> {
  let done = seeded.get(database);
  if (!done) {
    done = (async () => {
      for (const q of BUILT_IN_QUESTIONNAIRES)
        await database.db.execute(sql`
          INSERT INTO questionnaires (id, version, definition, created_at)
          VALUES (${q.id}, 1, ${JSON.stringify(q)}::jsonb, ${clock.now().toISOString()})
          ON CONFLICT DO NOTHING`);
    })();
    seeded.set(database, done);
    done.catch(() => seeded.delete(database));
  }
  return done;
}

interface Row {
  id: string;
  version: number;
  definition: QuestionnaireDefinition | string;
}

const toQuestionnaire = (r: Row): Questionnaire => {
  const def =
    typeof r.definition === 'string' ? (JSON.parse(r.definition) as QuestionnaireDefinition) : r.definition;
  return { ...def, version: r.version };
};

/** The latest version of each questionnaire. */
export async function listQuestionnaires(db: DbOrTx): Promise<Questionnaire[]> {
  const found = await rows<Row>(
    db,
    sql`SELECT DISTINCT ON (id) id, version, definition FROM questionnaires ORDER BY id, version DESC`,
  );
  return found.map(toQuestionnaire);
}

export async function latestQuestionnaire(db: DbOrTx, id: string): Promise<Questionnaire> {
  const [found] = await rows<Row>(
    db,
    sql`SELECT id, version, definition FROM questionnaires WHERE id = ${id} ORDER BY version DESC LIMIT 1`,
  );
  if (!found)
    throw new AppError('validation_failed', 'Questionnaire inconnu.', {
      fields: { questionnaireId: 'Questionnaire inconnu.' },
    });
  return toQuestionnaire(found);
}

export async function questionnaireVersion(
  db: DbOrTx,
  id: string,
  version: number,
): Promise<Questionnaire | undefined> {
  const [found] = await rows<Row>(
    db,
    sql`SELECT id, version, definition FROM questionnaires WHERE id = ${id} AND version = ${version}`,
  );
  return found ? toQuestionnaire(found) : undefined;
}

/** Support adds a questionnaire, or a new version of one (the previous answers keep their version). */
export async function addQuestionnaire(
  db: DbOrTx,
  clock: Clock,
  definition: QuestionnaireDefinition,
  createdBy: string,
): Promise<{ id: string; version: number }> {
  const parsed = QuestionnaireDefinition.parse(definition);
  const [next] = await rows<{ version: number }>(
    db,
    sql`SELECT coalesce(max(version), 0)::int + 1 AS version FROM questionnaires WHERE id = ${parsed.id}`,
  );
  const version = next?.version ?? 1;
  await db.execute(sql`INSERT INTO questionnaires (id, version, definition, created_at, created_by)
                       VALUES (${parsed.id}, ${version}, ${JSON.stringify(parsed)}::jsonb, ${clock.now().toISOString()}, ${createdBy})`);
  return { id: parsed.id, version };
}
