import { sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../db/client.ts';

/**
 * Event ids come from one sequence, but transactions commit in any order: id 11 may be visible while id 10,
 * taken earlier by a transaction still running, is not yet. A reader that delivers 11 and then asks for
 * `id > 11` would skip 10 forever (and a client catching up from 11 would never see it).
 *
 * The settled horizon is an id below which nothing new can appear. Every writer of `user_events` holds a
 * RowExclusiveLock on the table from before it draws an id until it commits or rolls back, so: read the
 * sequence's last value L, then the transactions holding that lock W. Any id ≤ L was drawn by a transaction
 * that has ended (its rows are visible or gone for good) or is in W. Once none of W holds the lock any more,
 * every id ≤ L is settled. Only writers of this table are waited for, never unrelated long transactions, and
 * under a steady flow of writers the horizon still advances, stage by stage.
 *
 * On the embedded database there is one connection, so nothing is ever in flight when this runs.
 */
export interface SettledHorizon {
  readonly value: number;
  /** Reads the sequence and the writers once; `waiting` when some ids may still appear below the last one. */
  advance(): Promise<{ settled: number; waiting: boolean }>;
}

interface Stage {
  upTo: number;
  writers: Set<string>;
}

export function createSettledHorizon(db: DbOrTx): SettledHorizon {
  let settled = 0;
  let stages: Stage[] = [];
  return {
    get value() {
      return settled;
    },
    async advance() {
      // The sequence first, then the lock holders: a transaction that drew an id ≤ L already held the lock. One
      // statement, and still in that order: the lock list is a subquery of the sequence's row, so it is read
      // after it.
      const [read] = await rows<{ last: string | number | null; writers: string[] | null }>(
        db,
        sql`SELECT s.last,
                   (SELECT array_agg(DISTINCT l.virtualtransaction) FROM pg_locks l
                    WHERE l.locktype = 'relation' AND l.mode = 'RowExclusiveLock'
                      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                      AND l.relation = 'user_events'::regclass AND s.last IS NOT DISTINCT FROM s.last) AS writers
            FROM (SELECT pg_sequence_last_value('user_events_id_seq'::regclass) AS last OFFSET 0) s`,
      );
      const last = Number(read?.last ?? 0);
      const writers = new Set(read?.writers ?? []);
      for (const stage of stages)
        if (![...stage.writers].some((w) => writers.has(w))) settled = Math.max(settled, stage.upTo);
      stages = stages.filter((s) => s.upTo > settled);
      if (writers.size === 0) settled = Math.max(settled, last);
      else if (last > (stages.at(-1)?.upTo ?? settled)) stages.push({ upTo: last, writers });
      return { settled, waiting: stages.length > 0 };
    },
  };
}
