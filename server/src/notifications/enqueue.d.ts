import type { Clock } from '../clock.ts';
import type { DbOrTx } from '../db/client.ts';
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
export declare function enqueue(tx: DbOrTx, clock: Clock, cipher: DataCipher, message: OutgoingMessage): Promise<void>;
export declare const decryptOutboxBody: (cipher: DataCipher, row: {
    id: string;
    body: Buffer;
}) => string;
/**
 * Many messages in one statement (a pool of thousands of recipients is one INSERT): same rules as `enqueue`.
 */
export declare function enqueueMany(tx: DbOrTx, clock: Clock, cipher: DataCipher, messages: OutgoingMessage[]): Promise<void>;
