import { sql } from 'drizzle-orm';
import { rows } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { decryptOutboxBody, type Channel } from './enqueue.ts';
import { PermanentDeliveryError, type Sender } from './channels.ts';

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 60_000;

/** Exponential backoff with full jitter: 5 s, 10 s, 20 s… capped at one hour. */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const ceiling = Math.min(3_600_000, 5_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

interface Claimed {
  id: string;
  channel: Channel;
  recipient: string;
  kind: string;
  subject: string | null;
  body: Buffer | Uint8Array;
  attempts: number;
  idempotency_key: string;
}

/**
 * Claims due deliveries (SKIP LOCKED, so any number of processes share the work), leases them, sends each,
 * records the outcome. Returns how many were attempted.
 */
export async function deliverDueOutbox(
  deps: Deps,
  senders: Record<Channel, Sender>,
  limit = 50,
): Promise<number> {
  const now = deps.clock.now();
  const claimed = await deps.db.transaction(async (tx) => {
    const due = await rows<Claimed>(
      tx,
      sql`SELECT id, channel, recipient, kind, subject, body, attempts, idempotency_key FROM outbox
          WHERE state = 'pending' AND next_attempt_at <= ${now.toISOString()}
          ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
    );
    if (due.length) {
      const ids = due.map((d) => d.id);
      await tx.execute(sql`UPDATE outbox SET attempts = attempts + 1,
          next_attempt_at = ${new Date(now.getTime() + LEASE_MS).toISOString()}
          WHERE id IN (${sql.join(
            ids.map((i) => sql`${i}`),
            sql`, `,
          )})`);
    }
    return due;
  });
  for (const row of claimed) {
    const attempts = row.attempts + 1;
    try {
      await senders[row.channel]({
        id: row.id,
        channel: row.channel,
        recipient: row.recipient,
        kind: row.kind,
        subject: row.subject,
        body: decryptOutboxBody(deps.cipher, { id: row.id, body: Buffer.from(row.body) }),
        idempotencyKey: row.idempotency_key,
      });
      await deps.db.execute(
        sql`UPDATE outbox SET state = 'sent', sent_at = ${deps.clock.now().toISOString()}, last_error = NULL
            WHERE id = ${row.id}`,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const dead = error instanceof PermanentDeliveryError || attempts >= MAX_ATTEMPTS;
      const next = new Date(deps.clock.now().getTime() + retryDelayMs(attempts));
      deps.log.warn({ outboxId: row.id, channel: row.channel, attempts, dead }, 'delivery failed');
      await deps.db.execute(
        sql`UPDATE outbox SET state = ${dead ? 'dead' : 'pending'}, last_error = ${message.slice(0, 500)},
            next_attempt_at = ${next.toISOString()} WHERE id = ${row.id}`,
      );
    }
  }
  return claimed.length;
}
