import { and, eq, or } from 'drizzle-orm';
import type { ProfessionalFields } from '@relais/contracts';
import type { Clock } from '../clock.ts';
import type { DbOrTx } from '../db/client.ts';
import { users } from '../db/schema.ts';
import { AppError } from '../shared/errors.ts';
import { nameKey, type UserRow } from './user-view.ts';

/** Refuses an e-mail or identifier already held by another account (409), then inserts the professional. */
export async function insertProfessional(
  tx: DbOrTx,
  clock: Clock,
  fields: ProfessionalFields,
  account: {
    status: 'pending' | 'active';
    passwordHash: string;
    mustChangePassword: boolean;
    approvedBy?: string;
  },
): Promise<UserRow> {
  const taken = await tx
    .select({ email: users.email, identifierType: users.identifierType, identifier: users.identifier })
    .from(users)
    .where(
      or(
        eq(users.email, fields.email),
        and(eq(users.identifierType, fields.identifierType), eq(users.identifier, fields.identifier)),
      ),
    );
  if (taken.some((t) => t.identifier === fields.identifier && t.identifierType === fields.identifierType))
    throw new AppError('identifier_taken', 'Un compte existe déjà avec cet identifiant.', {
      fields: { identifier: 'Un compte existe déjà avec cet identifiant.' },
    });
  if (taken.some((t) => t.email === fields.email))
    throw new AppError('email_taken', 'Un compte existe déjà avec cette adresse e-mail.', {
      fields: { email: 'Un compte existe déjà avec cette adresse e-mail.' },
    });
  const now = clock.now();
  const [row] = await tx
    .insert(users)
    .values({
      role: 'professional',
      status: account.status,
      identifierType: fields.identifierType,
      identifier: fields.identifier,
      profession: fields.profession,
      specialty: fields.specialty ?? null,
      firstName: fields.firstName,
      lastName: fields.lastName,
      nameKey: nameKey(fields.lastName, fields.firstName),
      email: fields.email,
      mobilePhone: fields.mobilePhone,
      officeLine: fields.officeAddress.line,
      officePostalCode: fields.officeAddress.postalCode,
      officeCity: fields.officeAddress.city,
      network: fields.network ?? null,
      passwordHash: account.passwordHash,
      mustChangePassword: account.mustChangePassword,
      createdAt: now,
      updatedAt: now,
      approvedAt: account.status === 'active' ? now : null,
      approvedBy: account.approvedBy ?? null,
    })
    .returning();
  if (!row) throw new Error('user insert returned nothing');
  return row;
}
