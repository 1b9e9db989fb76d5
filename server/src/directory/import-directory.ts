import { basename } from 'node:path';
import { sql } from 'drizzle-orm';
import type { DirectoryImportResult, JobReply } from '@relais/contracts';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/client.ts';
import { AppError } from '../shared/errors.ts';
import {
  FileShapeError,
  readFileShape,
  type AnnuaireFiles,
  type Encoding,
  type FileShape,
} from './annuaire-files.ts';
import { recheckPendingRegistrations } from './check-directory-identity.ts';
import { ImportBusyError, openImportSession, type ImportSession, type TableSink } from './import-session.ts';
import {
  createJob,
  finishJob,
  HEARTBEAT_MS,
  markJobRunning,
  reportJobProgress,
  unfinishedJob,
} from './jobs.ts';
import {
  LineErrors,
  type PersonsLoaded,
  loadMailboxes,
  loadPersons,
  MAILBOX_LOAD_COLUMNS,
  PERSON_LOAD_COLUMNS,
  type LoadCounts,
} from './load-annuaire.ts';
import { mergeDuplicates, mergeLatePersons } from './merge-split-persons.ts';
import { deletions } from './name-key.ts';
import { DIRECTORY_TABLES, ident, indexStatements, STAGING } from './staging-tables.ts';

export const IMPORT_JOB_KIND = 'directory_import';

const TABLES = DIRECTORY_TABLES;
/** Persons gone since the last import fetched by key up to this many; beyond, by an anti-join. */
const MAX_VANISHED_LISTED = 50_000;

/** Columns compared to tell a changed person from an unchanged one. */
const CONTENT_COLUMNS = [
  'identifier_type',
  'identifier',
  'practice_civility',
  'civility',
  'last_name',
  'first_name',
  'profession_code',
  'profession_label',
  'skill_code',
  'skill_label',
  'activities',
];

export interface ImportDeps {
  database: Database;
  clock: Clock;
  log?: { error(obj: object, msg: string): void };
}

export interface AnnuaireShapes {
  persons: FileShape<'persons'>;
  mssante: FileShape<'mssante'>;
}

/** A failure to tell support as it is (French); anything else is logged and reported as internal. */
export class ImportFailure extends Error {}

/** Both headers, or a FileShapeError naming every missing column of both files: nothing is written before. */
export async function checkAnnuaireFiles(files: AnnuaireFiles): Promise<AnnuaireShapes> {
  const [persons, mssante] = await Promise.allSettled([
    readFileShape('persons', files.persons),
    readFileShape('mssante', files.mssante),
  ]);
  if (persons.status === 'fulfilled' && mssante.status === 'fulfilled')
    return { persons: persons.value, mssante: mssante.value };
  const problems = [persons, mssante].filter((r) => r.status === 'rejected').map((r) => r.reason as unknown);
  const shapeErrors = problems.filter((p): p is FileShapeError => p instanceof FileShapeError);
  if (shapeErrors.length !== problems.length) throw problems.find((p) => !(p instanceof FileShapeError));
  throw new FileShapeError(
    shapeErrors.map((e) => e.message).join(' '),
    Object.assign({}, ...shapeErrors.map((e) => e.missingColumns)) as FileShapeError['missingColumns'],
  );
}

export interface StartedImport {
  jobId: string;
  /** Runs the import to its end; the job row tells how it went (never rejects). */
  run(
    onProgress?: (progress: JobReply['progress']) => void | Promise<void>,
  ): Promise<DirectoryImportResult | null>;
}

/**
 * Support (or the CLI) starts an import: the files' shape is checked, then the job is created and audited in
 * one transaction. 409 while another import runs.
 */
export async function startDirectoryImport(
  deps: ImportDeps,
  ctx: RequestContext,
  files: AnnuaireFiles,
  options: {
    force?: boolean | undefined;
    /** Persons out of place held in memory at most (tests make it small to exercise the SQL merge). */
    maxLatePersons?: number;
  } = {},
): Promise<StartedImport> {
  let shapes: AnnuaireShapes;
  try {
    shapes = await checkAnnuaireFiles(files);
  } catch (error) {
    if (error instanceof FileShapeError)
      throw new AppError('validation_failed', error.message, { missingColumns: error.missingColumns });
    throw error;
  }
  const { db } = deps.database;
  const jobId = await db.transaction(async (tx) => {
    if (await unfinishedJob(tx, deps.clock, IMPORT_JOB_KIND))
      throw new AppError('state_conflict', 'Un import de l’annuaire est déjà en cours.');
    const id = await createJob(tx, deps.clock, IMPORT_JOB_KIND, ctx.actorId);
    await appendAudit(tx, deps.clock, ctx, {
      action: 'directory.import.start',
      outcome: 'success',
      targetId: id,
      details: {
        persons: basename(files.persons),
        mssante: basename(files.mssante),
        force: options.force ?? false,
      },
    });
    return id;
  });
  return {
    jobId,
    run: (onProgress) =>
      runDirectoryImport(deps, ctx, {
        jobId,
        shapes,
        force: options.force ?? false,
        maxLatePersons: options.maxLatePersons,
        onProgress,
      }),
  };
}

interface RunOptions {
  jobId: string;
  shapes: AnnuaireShapes;
  force: boolean;
  maxLatePersons?: number | undefined;
  onProgress?: ((progress: JobReply['progress']) => void | Promise<void>) | undefined;
}

/**
 * Loads both files into fresh tables of the schema directory_import (COPY on PostgreSQL), merges split and
 * duplicated persons, indexes them like the live tables, keeps the persons that vanished (inactive), then
 * swaps them for the live tables in one short transaction that also ends the job and audits it. Until that
 * transaction commits, searches read the previous directory; a failure anywhere leaves it untouched.
 */
async function runDirectoryImport(
  deps: ImportDeps,
  ctx: RequestContext,
  options: RunOptions,
): Promise<DirectoryImportResult | null> {
  const { db } = deps.database;
  const { jobId } = options;
  const counts: LoadCounts = { rows: 0, persons: 0, malformed: 0, mailboxes: 0 };
  const errors = new LineErrors();
  let step = 'reading';
  const progress = (): JobReply['progress'] => ({ ...counts, malformed: errors.count, step });
  let lastReport = 0;
  const report = async (force = false) => {
    if (!force && Date.now() - lastReport < 1000) return;
    lastReport = Date.now();
    await reportJobProgress(db, deps.clock, jobId, progress(), errors.kept);
    await options.onProgress?.(progress());
  };
  const heartbeat = setInterval(() => {
    reportJobProgress(db, deps.clock, jobId, progress(), errors.kept).catch(() => undefined);
  }, HEARTBEAT_MS);
  heartbeat.unref();

  let session: ImportSession | undefined;
  try {
    await markJobRunning(db, deps.clock, jobId);
    session = await openImportSession(deps.database);
    const result = await importInto(session, {
      ...options,
      counts,
      errors,
      ctx,
      clock: deps.clock,
      setStep: async (name) => {
        step = name;
        await report(true);
      },
      tick: () => report(),
    });
    await options.onProgress?.(progress());
    return result;
  } catch (error) {
    const failure =
      error instanceof ImportFailure || error instanceof ImportBusyError || error instanceof FileShapeError
        ? error.message
        : 'Erreur interne pendant l’import : consultez les journaux du serveur.';
    if (!(error instanceof ImportFailure || error instanceof ImportBusyError))
      deps.log?.error({ err: error, jobId }, 'directory import failed');
    if (session) await dropStaging(session).catch(() => undefined);
    await db
      .transaction(async (tx) => {
        await finishJob(tx, deps.clock, jobId, { state: 'failed', failure }, progress(), errors.kept);
        await appendAudit(tx, deps.clock, ctx, {
          action: 'directory.import',
          outcome: 'failure',
          targetId: jobId,
          details: { failure, rows: counts.rows, malformed: errors.count },
        });
      })
      .catch((e: unknown) => deps.log?.error({ err: e, jobId }, 'could not record the failed import'));
    return null;
  } finally {
    clearInterval(heartbeat);
    await session?.release();
  }
}

interface ImportContext extends RunOptions {
  counts: LoadCounts;
  errors: LineErrors;
  ctx: RequestContext;
  clock: Clock;
  setStep(step: string): Promise<void>;
  tick(): Promise<void>;
}

async function dropStaging(session: ImportSession): Promise<void> {
  await session.run(`DROP TABLE IF EXISTS ${TABLES.map((t) => `${STAGING}.${t}`).join(', ')}`);
}

async function importInto(session: ImportSession, c: ImportContext): Promise<DirectoryImportResult> {
  const [schemaRow] = await session.query<{ name: string }>(sql`SELECT current_schema() AS name`);
  const liveSchema = schemaRow?.name ?? 'public';
  const live = ident(liveSchema);
  const staged = (table: string) => `${STAGING}.${table}`;
  const fresh = (table: string) =>
    `DROP TABLE IF EXISTS ${staged(table)}; ` +
    `CREATE TABLE ${staged(table)} (LIKE ${live}.${table} INCLUDING ALL EXCLUDING INDEXES);`;
  const context = { counts: c.counts, errors: c.errors, tick: () => c.tick() };

  const loadTable = async (
    table: string,
    columns: readonly string[],
    fill: (sink: TableSink) => Promise<void>,
  ) => {
    const sink = await session.load(staged(table), columns, fresh(table));
    try {
      await fill(sink);
      await sink.end();
    } catch (error) {
      await sink.abort();
      throw error;
    }
  };

  const words = new Map<string, number>();
  const loaded: { mailboxes: Encoding; persons?: PersonsLoaded } = { mailboxes: 'utf-8' };
  await loadTable('directory_mssante', MAILBOX_LOAD_COLUMNS, async (sink) => {
    loaded.mailboxes = await loadMailboxes(c.shapes.mssante, sink, context);
  });
  // The mailboxes' index builds on another connection while the persons load: the server has room then.
  const mailboxIndexes = session.runAside(await indexStatements(session, liveSchema, ['directory_mssante']));
  mailboxIndexes.catch(() => undefined);
  await loadTable('directory_persons', PERSON_LOAD_COLUMNS, async (sink) => {
    loaded.persons = await loadPersons(c.shapes.persons, sink, words, context, c.maxLatePersons);
  });
  const mailboxEncoding = loaded.mailboxes;
  const {
    encoding: personEncoding,
    late,
    lateInTable,
  } = loaded.persons ?? {
    encoding: 'utf-8',
    late: [],
    lateInTable: false,
  };
  await loadTable('directory_tokens', ['token', 'persons'], async (sink) => {
    for (const [word, persons] of words) if (word) sink.push([word, persons]);
    await sink.flush();
  });
  await loadTable('directory_token_variants', ['variant', 'token'], async (sink) => {
    let n = 0;
    for (const word of words.keys()) {
      if (word.length < 4) continue;
      for (const variant of deletions(word)) sink.push([variant, word]);
      if (++n % 5000 === 0) await sink.flush();
    }
  });
  words.clear();

  await c.setStep('checking');
  const report = { file: basename(c.shapes.persons.path), errors: c.errors };
  let duplicates = lateInTable ? await mergeDuplicates(session, staged('directory_persons'), report) : 0;
  const [sizes] = await session.query<{ persons: number; active: number }>(
    sql.raw(`SELECT (SELECT count(*) FROM ${staged('directory_persons')})::int AS persons,
                    (SELECT count(*) FROM ${live}.directory_persons WHERE active)::int AS active`),
  );
  const persons = sizes?.persons ?? 0;
  const activeBefore = sizes?.active ?? 0;
  if (persons === 0) throw new ImportFailure('Aucune personne valide dans le fichier : import abandonné.');
  if (!c.force && persons < activeBefore / 2)
    throw new ImportFailure(
      `Le fichier compte ${persons} personnes contre ${activeBefore} actives dans l’annuaire actuel : fichier ` +
        'tronqué ? Import abandonné ; relancez-le en le forçant si la baisse est réelle.',
    );

  await c.setStep('indexing');
  await session.runAll(
    await indexStatements(session, liveSchema, [
      'directory_persons',
      'directory_tokens',
      'directory_token_variants',
    ]),
  );
  await mailboxIndexes;
  duplicates += await mergeLatePersons(session, staged('directory_persons'), late, report);
  await c.setStep('comparing');
  await session.run(`ANALYZE ${TABLES.map(staged).join(', ')}`);

  // One pass over both directories: who is new, back, changed, gone.
  const changedTest = CONTENT_COLUMNS.map((col) => `n.${col} IS DISTINCT FROM l.${col}`).join(' OR ');
  const [diff] = await session.query<{
    added: number;
    reactivated: number;
    changed: number;
    vanished: number;
    vanished_ids: string[] | null;
  }>(
    sql.raw(`SELECT count(*) FILTER (WHERE l.national_id IS NULL)::int AS added,
                    count(*) FILTER (WHERE n.national_id IS NOT NULL AND NOT l.active)::int AS reactivated,
                    count(*) FILTER (WHERE n.national_id IS NOT NULL AND l.active AND (${changedTest}))::int AS changed,
                    count(*) FILTER (WHERE n.national_id IS NULL)::int AS vanished,
                    (array_agg(l.national_id) FILTER (WHERE n.national_id IS NULL))[1:${MAX_VANISHED_LISTED}] AS vanished_ids
             FROM ${staged('directory_persons')} n
             FULL JOIN ${live}.directory_persons l ON l.national_id = n.national_id`),
  );
  const now = c.clock.now().toISOString();
  const columns = (
    await session.query<{ name: string }>(
      sql`SELECT attname AS name FROM pg_attribute
          WHERE attrelid = ${`${STAGING}.directory_persons`}::regclass AND attnum > 0 AND NOT attisdropped
          ORDER BY attnum`,
    )
  ).map((r) => r.name);
  const carried = columns.map((col) =>
    col === 'active'
      ? 'false'
      : col === 'inactive_since'
        ? `CASE WHEN l.active THEN '${now}'::timestamptz ELSE l.inactive_since END`
        : `l.${ident(col)}`,
  );
  // The persons gone from the file stay, inactive: fetched by key when they are few (a daily refresh).
  const gone =
    (diff?.vanished ?? 0) <= MAX_VANISHED_LISTED
      ? sql`l.national_id = ANY(${sql.param(diff?.vanished_ids ?? [])}::text[])`
      : sql.raw(
          `NOT EXISTS (SELECT 1 FROM ${staged('directory_persons')} n WHERE n.national_id = l.national_id)`,
        );
  const [vanished] =
    (diff?.vanished ?? 0) === 0
      ? [{ deactivated: 0 }]
      : await session.query<{ deactivated: number }>(
          sql`WITH carried AS (
                INSERT INTO ${sql.raw(staged('directory_persons'))} (${sql.raw(columns.map(ident).join(', '))})
                SELECT ${sql.raw(carried.join(', '))} FROM ${sql.raw(live)}.directory_persons l WHERE ${gone}
                RETURNING inactive_since)
              SELECT count(*) FILTER (WHERE inactive_since = ${now}::timestamptz)::int AS deactivated FROM carried`,
        );
  const added = diff?.added ?? 0;
  const changed = diff?.changed ?? 0;
  const reactivated = diff?.reactivated ?? 0;
  const result: DirectoryImportResult = {
    persons,
    added,
    changed,
    reactivated,
    deactivated: vanished?.deactivated ?? 0,
    unchanged: persons - added - changed - reactivated,
    mailboxes: c.counts.mailboxes,
    duplicates,
    encoding: { persons: personEncoding, mssante: mailboxEncoding },
    files: { persons: basename(c.shapes.persons.path), mssante: basename(c.shapes.mssante.path) },
  };

  await c.setStep('switching');
  await session.db.transaction(async (tx) => {
    await tx.execute(sql.raw(`SET LOCAL lock_timeout = '60s'`));
    await tx.execute(sql.raw(`DROP TABLE ${TABLES.map((t) => `${live}.${t}`).join(', ')}`));
    for (const table of TABLES) await tx.execute(sql.raw(`ALTER TABLE ${staged(table)} SET SCHEMA ${live}`));
    const rechecked = await recheckPendingRegistrations(tx);
    c.counts.persons = persons;
    await finishJob(
      tx,
      c.clock,
      c.jobId,
      { state: 'succeeded', result },
      { ...c.counts, malformed: c.errors.count, step: 'done' },
      c.errors.kept,
    );
    await appendAudit(tx, c.clock, c.ctx, {
      action: 'directory.import',
      outcome: 'success',
      targetId: c.jobId,
      details: { ...result, rows: c.counts.rows, malformed: c.errors.count, rechecked },
    });
  });
  return result;
}
