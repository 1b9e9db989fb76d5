import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { sql, type SQL } from 'drizzle-orm';
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

/**
 * A message's id and sealed body (hex), for a use case that inserts it within a larger statement (when its
 * recipient is only known there): same sealing as `enqueue`.
 */
export function sealForOutbox(cipher: DataCipher, body: string): { id: string; bodyHex: string } {
  const id = randomUUID();
  return { id, bodyHex: cipher.encrypt(body, `outbox:${id}`).toString('hex') };
}

export const decryptOutboxBody = (cipher: DataCipher, row: { id: string; body: Buffer }) =>
  cipher.decryptText(row.body, `outbox:${row.id}`);

/**
 * Many messages in one statement (a pool of thousands of recipients is one INSERT): same rules as `enqueue`.
 */
export async function enqueueMany(
  tx: DbOrTx,
  clock: Clock,
  cipher: DataCipher,
  messages: OutgoingMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  await tx.execute(outboxInsert(clock.now().toISOString(), cipher, messages));
}

/** The INSERT `enqueueMany` runs, for a use case that makes it part of a statement of its own (e.g. in a CTE). */
export function outboxInsert(now: string, cipher: DataCipher, messages: readonly OutgoingMessage[]): SQL {
  const ids = messages.map(() => randomUUID());
  const array = (values: (string | null)[]) =>
    `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
  return sql`
    INSERT INTO outbox (id, channel, recipient, user_id, kind, subject, body, state, next_attempt_at, idempotency_key,
                        created_at)
    SELECT m.id, m.channel, m.recipient, m.user_id, m.kind, m.subject, decode(m.body, 'hex'), 'pending', ${now},
           m.idempotency_key, ${now}
    FROM unnest(${array(ids)}::uuid[], ${array(messages.map((m) => m.channel))}::text[],
                ${array(messages.map((m) => m.recipient))}::text[], ${array(messages.map((m) => m.userId ?? null))}::uuid[],
                ${array(messages.map((m) => m.kind))}::text[], ${array(messages.map((m) => m.subject ?? null))}::text[],
                ${array(messages.map((m, i) => cipher.encrypt(m.body, `outbox:${ids[i] ?? ''}`).toString('hex')))}::text[],
                ${array(messages.map((m, i) => m.idempotencyKey ?? ids[i] ?? ''))}::text[])
         AS m(id, channel, recipient, user_id, kind, subject, body, idempotency_key)
    ON CONFLICT (idempotency_key) DO NOTHING`;
}
