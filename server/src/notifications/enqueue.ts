import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { DbOrTx } from '../db/client.ts';
import { outbox } from '../db/schema.ts';
import type { DataCipher } from '../shared/crypto.ts';

export type Channel = 'sms' | 'email' | 'push';

export interface OutgoingMessage {
  channel: Channel;
  recipient: string;
  userId?: string | null;
  /** What the message is about, e.g. `login_code`, `registration_approved`. */
  kind: string;
  subject?: string;
  body: string;
  /** Same key, same message: a second enqueue is ignored. */
  idempotencyKey?: string;
}

/**
 * Writes a message to the outbox, in the caller's transaction: it leaves only if the change that causes it
 * commits. Bodies are encrypted at rest (SMS codes and temporary passwords are secrets).
 */
export async function enqueue(
  tx: DbOrTx,
  clock: Clock,
  cipher: DataCipher,
  message: OutgoingMessage,
): Promise<void> {
  const now = clock.now();
  const id = randomUUID();
  await tx
    .insert(outbox)
    .values({
      id,
      channel: message.channel,
      recipient: message.recipient,
      userId: message.userId ?? null,
      kind: message.kind,
      subject: message.subject ?? null,
      body: cipher.encrypt(message.body, `outbox:${id}`),
      state: 'pending',
      nextAttemptAt: now,
      idempotencyKey: message.idempotencyKey ?? id,
      createdAt: now,
    })
    .onConflictDoNothing({ target: outbox.idempotencyKey });
}

export const decryptOutboxBody = (cipher: DataCipher, row: { id: string; body: Buffer }) =>
  cipher.decryptText(row.body, `outbox:${row.id}`);
