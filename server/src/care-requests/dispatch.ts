import { sql } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import { rows, type Db, type Tx } from '../db/client.ts';
import type { DataCipher } from '../shared/crypto.ts';
import { publishEvent } from '../events/publish-event.ts';
import { enqueueMany } from '../notifications/enqueue.ts';
import { poolAudienceSql, requestCommunes } from './audience.ts';

export interface DispatchDeps {
  clock: Clock;
  cipher: DataCipher;
}

/** Push texts carry no patient data (D10): the app shows what the viewer may see. */
export const PUSH_TEXT = {
  new: 'Nouvelle demande de prise en charge sur Relais',
  taken: 'Une demande que vous avez reçue a été acceptée par un autre professionnel',
  accepted: 'Votre demande de prise en charge a été acceptée',
  expired: 'Votre demande de prise en charge a expiré sans réponse',
  cancelled: 'Une demande de prise en charge a été annulée',
} as const;

export type FanoutKind = 'care_request.new' | 'care_request.taken' | 'care_request.cancelled';
type Via = 'usual' | 'treating_doctor' | 'pool';

/**
 * Stores the recipients of a phase and, in the same transaction, one fan-out row that tells them all: the live
 * event and the push row of each are written by `expandFanouts` right after the commit, so that opening a pool of
 * thousands costs the deciding transaction one INSERT…SELECT of recipients and one row.
 */
export async function addRecipients(
  tx: Tx,
  deps: DispatchDeps,
  requestId: string,
  recipients: readonly { userId: string; via: Via }[],
): Promise<void> {
  if (recipients.length === 0) return;
  const now = deps.clock.now().toISOString();
  await tx.execute(sql`
    INSERT INTO care_request_recipients (request_id, user_id, via, added_at)
    SELECT ${requestId}, r.user_id, r.via, ${now}
    FROM unnest(${`{${recipients.map((r) => r.userId).join(',')}}`}::uuid[], ${`{${recipients.map((r) => r.via).join(',')}}`}::text[])
      AS r(user_id, via)
    ON CONFLICT DO NOTHING`);
  await queueFanout(tx, deps.clock, requestId, 'care_request.new', [
    ...new Set(recipients.map((r) => r.via)),
  ]);
}

/** Records that every recipient concerned by `kind` must be told (live event + push), once the change commits. */
export async function queueFanout(
  tx: Tx,
  clock: Clock,
  requestId: string,
  kind: FanoutKind,
  via: readonly Via[] = [],
): Promise<void> {
  await tx.execute(sql`INSERT INTO care_request_fanouts (request_id, kind, via, created_at)
                       VALUES (${requestId}, ${kind}, ${`{${via.join(',')}}`}::text[], ${clock.now().toISOString()})`);
}

const FANOUT_PUSH: Record<FanoutKind, string> = {
  'care_request.new': PUSH_TEXT.new,
  'care_request.taken': PUSH_TEXT.taken,
  'care_request.cancelled': PUSH_TEXT.cancelled,
};

/**
 * Expands waiting fan-outs, oldest first, one transaction each (SKIP LOCKED: any process may do it, a crash
 * leaves the row for the next pass). A fan-out waits for an older one of the same request, so that "taken"
 * never overtakes "new"; a "new" whose request closed meanwhile tells nobody. Idempotency keys make a second
 * expansion harmless. Returns how many were expanded.
 */
export async function expandFanouts(deps: DispatchDeps & { db: Db }, limit = 50): Promise<number> {
  let expanded = 0;
  while (expanded < limit) {
    const found = await deps.db.transaction(async (tx) => {
      const [fanout] = await rows<{ id: string; request_id: string; kind: FanoutKind; via: string[] }>(
        tx,
        sql`SELECT f.id, f.request_id, f.kind, f.via FROM care_request_fanouts f
            WHERE NOT EXISTS (SELECT 1 FROM care_request_fanouts o WHERE o.request_id = f.request_id AND o.id < f.id)
            ORDER BY f.id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!fanout) return false;
      const requestId = fanout.request_id;
      const audience = await rows<{ user_id: string }>(
        tx,
        fanout.kind === 'care_request.new'
          ? sql`SELECT rr.user_id FROM care_request_recipients rr JOIN care_requests r ON r.id = rr.request_id
                WHERE rr.request_id = ${requestId} AND rr.via = ANY(${`{${fanout.via.join(',')}}`}::text[])
                  AND rr.response IS NULL AND r.status = 'open'`
          : sql`SELECT rr.user_id FROM care_request_recipients rr JOIN care_requests r ON r.id = rr.request_id
                WHERE rr.request_id = ${requestId} AND rr.user_id IS DISTINCT FROM r.accepted_by`,
      );
      const ids = audience.map((r) => r.user_id);
      await publishEvent(tx, deps.clock, ids, fanout.kind, { requestId });
      await enqueueMany(
        tx,
        deps.clock,
        deps.cipher,
        ids.map((userId) => ({
          channel: 'push' as const,
          recipient: userId,
          userId,
          kind: fanout.kind,
          body: FANOUT_PUSH[fanout.kind],
          idempotencyKey: `${fanout.kind}:${requestId}:${userId}`,
        })),
      );
      await tx.execute(sql`DELETE FROM care_request_fanouts WHERE id = ${fanout.id}`);
      return true;
    });
    if (!found) break;
    expanded++;
  }
  return expanded;
}

/**
 * D9 — opens the pool phase of a request: computes and stores its audience now. `fresh`: the request has no
 * recipient yet (created straight into its pool phase), so the rows need no check against earlier ones.
 */
export async function openPool(
  tx: Tx,
  deps: DispatchDeps,
  request: {
    id: string;
    communeInsee: string;
    extraRadiusKm: number;
    profession: string;
    homeVisit: boolean;
    declencheurId: string;
  },
  { fresh = false }: { fresh?: boolean } = {},
): Promise<number> {
  const now = deps.clock.now().toISOString();
  if (!fresh)
    await tx.execute(
      sql`UPDATE care_requests SET phase = 'pool', pool_opened_at = ${now} WHERE id = ${request.id}`,
    );
  const communes = await requestCommunes(tx, request.communeInsee, request.extraRadiusKm);
  if (communes.length === 0) return 0;
  const audience = poolAudienceSql(
    {
      communes,
      profession: request.profession,
      homeVisit: request.homeVisit,
      exclude: [request.declencheurId],
    },
    fresh ? undefined : request.id,
  );
  // The audience goes straight from the zones index into the recipients: one statement, whatever its size. A
  // fresh pool's audience has no duplicate (DISTINCT over several communes) and nobody was asked before: a plain
  // insert, without the per-row look at earlier recipients that ON CONFLICT makes (a third of the cost at 8,000).
  const [added] = await rows<{ n: number }>(
    tx,
    sql`WITH added AS (INSERT INTO care_request_recipients (request_id, user_id, via, added_at)
        SELECT ${request.id}, a.id, 'pool', ${now} FROM (${audience}) a
        ${fresh ? sql`` : sql`ON CONFLICT DO NOTHING`}
        RETURNING 1)
        SELECT count(*)::int AS n FROM added`,
  );
  const count = added?.n ?? 0;
  if (count) await queueFanout(tx, deps.clock, request.id, 'care_request.new', ['pool']);
  return count;
}
