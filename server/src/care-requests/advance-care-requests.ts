import { sql } from 'drizzle-orm';
import { appendAudit, systemContext } from '../audit/append-audit.ts';
import { rows } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { publishEvent } from '../events/publish-event.ts';
import { enqueueMany } from '../notifications/enqueue.ts';
import { openPool, PUSH_TEXT } from './dispatch.ts';

interface Due {
  id: string;
  patient_id: string;
  declencheur_id: string;
  commune_insee: string;
  extra_radius_km: number;
  profession: string;
  home_visit: boolean;
}

const BATCH = 50;

/**
 * The time-driven transitions, derived from stored instants: at `priority_until` the pool opens (D8/D9), at
 * `expires_at` an unanswered request expires and its déclencheur is told (D13). Each due request is claimed with
 * SKIP LOCKED in its own transaction, so every process may run this and none does the same work twice.
 * Returns how many transitions were made.
 */
export async function advanceCareRequests(deps: Deps): Promise<number> {
  let done = 0;
  for (;;) {
    const moved = await deps.db.transaction(async (tx) => {
      const now = deps.clock.now().toISOString();
      const [expiring] = await rows<Due>(
        tx,
        sql`SELECT id, patient_id, declencheur_id, commune_insee, extra_radius_km, profession, home_visit
            FROM care_requests WHERE status = 'open' AND expires_at <= ${now}
            ORDER BY expires_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (expiring) {
        await tx.execute(
          sql`UPDATE care_requests SET status = 'expired', closed_at = ${now} WHERE id = ${expiring.id}`,
        );
        const recipients = (
          await rows<{ user_id: string }>(
            tx,
            sql`SELECT user_id FROM care_request_recipients WHERE request_id = ${expiring.id}`,
          )
        ).map((r) => r.user_id);
        await publishEvent(tx, deps.clock, [expiring.declencheur_id], 'care_request.expired', {
          requestId: expiring.id,
        });
        await publishEvent(tx, deps.clock, recipients, 'care_request.expired', { requestId: expiring.id });
        await enqueueMany(tx, deps.clock, deps.cipher, [
          {
            channel: 'push',
            recipient: expiring.declencheur_id,
            userId: expiring.declencheur_id,
            kind: 'care_request.expired',
            body: PUSH_TEXT.expired,
            idempotencyKey: `care_request.expired:${expiring.id}`,
          },
        ]);
        await appendAudit(tx, deps.clock, systemContext, {
          action: 'care_request.expire',
          outcome: 'success',
          patientId: expiring.patient_id,
          targetId: expiring.id,
        });
        return 1;
      }
      const [opening] = await rows<Due>(
        tx,
        sql`SELECT id, patient_id, declencheur_id, commune_insee, extra_radius_km, profession, home_visit
            FROM care_requests WHERE status = 'open' AND phase = 'priority' AND priority_until <= ${now}
            ORDER BY priority_until LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!opening) return 0;
      const recipients = await openPool(tx, deps, {
        id: opening.id,
        communeInsee: opening.commune_insee,
        extraRadiusKm: opening.extra_radius_km,
        profession: opening.profession,
        homeVisit: opening.home_visit,
        declencheurId: opening.declencheur_id,
      });
      await appendAudit(tx, deps.clock, systemContext, {
        action: 'care_request.pool_open',
        outcome: 'success',
        patientId: opening.patient_id,
        targetId: opening.id,
        details: { recipients },
      });
      return 1;
    });
    done += moved;
    if (moved === 0 || done >= BATCH * 20) return done;
  }
}
