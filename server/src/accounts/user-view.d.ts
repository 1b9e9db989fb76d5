import type { User } from '@relais/contracts';
import type { users } from '../db/schema.ts';
export type UserRow = typeof users.$inferSelect;
export declare function toUser(u: UserRow): User;
/** Lower case, no accents, single spaces: the key name searches run on. */
export declare function nameKey(...parts: string[]): string;
/** "•• •• •• 12 34": enough for the user to recognise the phone, not enough to learn it. */
export declare function phoneHint(e164: string | null): string;
