import type { User } from '@relais/contracts';
import type { users } from '../db/schema.ts';

export type UserRow = typeof users.$inferSelect;

export function toUser(u: UserRow): User {
  return {
    id: u.id,
    role: u.role,
    status: u.status,
    identifierType: u.identifierType,
    identifier: u.identifier,
    profession: u.profession as User['profession'],
    specialty: u.specialty,
    firstName: u.firstName,
    lastName: u.lastName,
    email: u.email,
    mobilePhone: u.mobilePhone,
    officeAddress:
      u.officeLine && u.officePostalCode && u.officeCity
        ? { line: u.officeLine, postalCode: u.officePostalCode, city: u.officeCity }
        : null,
    network: u.network,
  };
}

/** Lower case, no accents, single spaces: the key name searches run on. */
export function nameKey(...parts: string[]): string {
  return parts
    .join(' ')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** "•• •• •• 12 34": enough for the user to recognise the phone, not enough to learn it. */
export function phoneHint(e164: string | null): string {
  if (!e164) return '';
  const digits = e164.replace(/\D/g, '');
  const last = digits.slice(-4);
  return `•• •• •• ${last.slice(0, 2)} ${last.slice(2)}`;
}
