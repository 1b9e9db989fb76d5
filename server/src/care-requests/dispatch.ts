import { sql } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import { rows, type Tx } from '../db/client.ts';
import type { DataCipher } from '../shared/crypto.ts';
import { publishEvent } from '../events/publish-event.ts';
import { enqueueMany } from '../notifications/enqueue.ts';
import { poolAudience, requestCommunes } from './audience.ts';

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

/** Stores the recipients of a phase, tells them (live event + push through the outbox) in the same transaction. */
export async function addRecipients(
  tx: Tx,
  deps: DispatchDeps,
  requestId: string,
  recipients: readonly { userId: string; via: 'usual' | 'treating_doctor' | 'pool' }[],
): Promise<void> {
  if (recipients.length === 0) return;
  const now = deps.clock.now().toISOString();
  await tx.execute(sql`
    INSERT INTO care_request_recipients (request_id, user_id, via, added_at)
    SELECT ${requestId}, r.user_id, r.via, ${now}
    FROM unnest(${`{${recipients.map((r) => r.userId).join(',')}}`}::uuid[], ${`{${recipients.map((r) => r.via).join(',')}}`}::text[])
      AS r(user_id, via)
    ON CONFLICT DO NOTHING`);
  const ids = recipients.map((r) => r.userId);
  await publishEvent(tx, deps.clock, ids, 'care_request.new', { requestId });
  await enqueueMany(
    tx,
    deps.clock,
    deps.cipher,
    ids.map((userId) => ({
      channel: 'push' as const,
      recipient: userId,
      userId,
      kind: 'care_request.new',
      body: PUSH_TEXT.new,
      idempotencyKey: `care_request.new:${requestId}:${userId}`,
    })),
  );
}

/** D9 — opens the pool phase of a request: computes and stores its audience now. */
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
): Promise<number> {
  const asked = (
    await rows<{ user_id: string }>(
      tx,
      sql`SELECT user_id FROM care_request_recipients WHERE request_id = ${request.id}`,
    )
  ).map((r) => r.user_id);
  const audience = await poolAudience(tx, {
    communes: await requestCommunes(tx, request.communeInsee, request.extraRadiusKm),
    profession: request.profession,
    homeVisit: request.homeVisit,
    exclude: [request.declencheurId, ...asked],
  });
  await tx.execute(
    sql`UPDATE care_requests SET phase = 'pool', pool_opened_at = ${deps.clock.now().toISOString()} WHERE id = ${request.id}`,
  );
  await addRecipients(
    tx,
    deps,
    request.id,
    audience.map((userId) => ({ userId, via: 'pool' as const })),
  );
  return audience.length;
}
