import { sql } from 'drizzle-orm';
import type { DirectoryImportResult, JobLineError, JobReply, JobState } from '@relais/contracts';
import type { Clock } from '../clock.ts';
import { rows, type DbOrTx } from '../db/client.ts';

/** A running job's process refreshes `heartbeat_at` this often; twice as long without it, the job is dead. */
export const HEARTBEAT_MS = 15_000;
const STALE_MS = 120_000;

interface JobRow {
  id: string;
  kind: string;
  state: JobState;
  progress: Partial<JobReply['progress']>;
  errors: JobLineError[];
  result: DirectoryImportResult | null;
  failure: string | null;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
  heartbeat_at: Date | string;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function isStale(row: JobRow, clock: Clock): boolean {
  return (
    (row.state === 'queued' || row.state === 'running') &&
    clock.now().getTime() - new Date(row.heartbeat_at).getTime() > STALE_MS
  );
}

export async function createJob(
  tx: DbOrTx,
  clock: Clock,
  kind: string,
  createdBy: string | null,
): Promise<string> {
  const now = clock.now().toISOString();
  const [row] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO jobs (kind, state, progress, created_by, created_at, heartbeat_at)
        VALUES (${kind}, 'queued', ${JSON.stringify({ rows: 0, persons: 0, malformed: 0 })}::jsonb, ${createdBy},
                ${now}, ${now})
        RETURNING id`,
  );
  if (!row) throw new Error('job insert returned nothing');
  return row.id;
}

/** The job of this kind still queued or running in a live process, if any. */
export async function unfinishedJob(db: DbOrTx, clock: Clock, kind: string): Promise<string | null> {
  const found = await rows<JobRow>(
    db,
    sql`SELECT * FROM jobs WHERE kind = ${kind} AND state IN ('queued', 'running') ORDER BY created_at DESC`,
  );
  return found.find((row) => !isStale(row, clock))?.id ?? null;
}

export async function markJobRunning(db: DbOrTx, clock: Clock, id: string): Promise<void> {
  const now = clock.now().toISOString();
  await db.execute(
    sql`UPDATE jobs SET state = 'running', started_at = ${now}, heartbeat_at = ${now} WHERE id = ${id}`,
  );
}

export async function reportJobProgress(
  db: DbOrTx,
  clock: Clock,
  id: string,
  progress: JobReply['progress'],
  errors: JobLineError[],
): Promise<void> {
  await db.execute(
    sql`UPDATE jobs SET progress = ${JSON.stringify(progress)}::jsonb, errors = ${JSON.stringify(errors)}::jsonb,
               heartbeat_at = ${clock.now().toISOString()}
        WHERE id = ${id} AND state = 'running'`,
  );
}

export async function finishJob(
  db: DbOrTx,
  clock: Clock,
  id: string,
  outcome: { state: 'succeeded'; result: DirectoryImportResult } | { state: 'failed'; failure: string },
  progress: JobReply['progress'],
  errors: JobLineError[],
): Promise<void> {
  const now = clock.now().toISOString();
  await db.execute(
    sql`UPDATE jobs SET state = ${outcome.state}, progress = ${JSON.stringify(progress)}::jsonb,
               errors = ${JSON.stringify(errors)}::jsonb,
               result = ${outcome.state === 'succeeded' ? JSON.stringify(outcome.result) : null}::jsonb,
               failure = ${outcome.state === 'failed' ? outcome.failure : null},
               finished_at = ${now}, heartbeat_at = ${now}
        WHERE id = ${id}`,
  );
}

/** A job as support reads it; one whose process died reads as failed. */
export async function readJob(db: DbOrTx, clock: Clock, id: string): Promise<JobReply | null> {
  const [row] = await rows<JobRow>(db, sql`SELECT * FROM jobs WHERE id = ${id}`);
  if (!row) return null;
  const stale = isStale(row, clock);
  return {
    id: row.id,
    kind: row.kind,
    state: stale ? 'failed' : row.state,
    progress: { rows: 0, persons: 0, malformed: 0, ...row.progress },
    errors: row.errors,
    failure: stale ? 'Le traitement s’est interrompu (processus arrêté) : relancez l’import.' : row.failure,
    result: row.result,
    createdAt: iso(row.created_at) ?? '',
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}
