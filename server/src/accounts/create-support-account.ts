import { eq } from 'drizzle-orm';
import { MobilePhone, Email } from '@relais/contracts';
import { appendAudit, systemContext } from '../audit/append-audit.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import { users } from '../db/schema.ts';
import { AppError, invalidFields } from '../shared/errors.ts';
import { hashSecret, passwordProblem } from './passwords.ts';
import { nameKey } from './user-view.ts';

/** Creates a support account (first operator, or `npm run support:create`); an existing e-mail is left as is. */
export async function createSupportAccount(
  db: Db,
  clock: Clock,
  input: {
    email: string;
    password: string;
    phone: string | undefined;
    firstName?: string;
    lastName?: string;
  },
): Promise<{ id: string; created: boolean }> {
  const email = Email.safeParse(input.email);
  if (!email.success) throw invalidFields({ email: "L'adresse e-mail n'est pas valide." });
  const phone = MobilePhone.safeParse(input.phone ?? '');
  if (!phone.success)
    throw invalidFields({ phone: 'Un téléphone mobile est requis pour le code de connexion par SMS.' });
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email.data));
  if (existing) return { id: existing.id, created: false };
  const weak = await passwordProblem(input.password, [email.data]);
  if (weak) throw new AppError('validation_failed', weak);
  const passwordHash = await hashSecret(input.password);
  const firstName = input.firstName ?? 'Support';
  const lastName = input.lastName ?? 'Relais';
  return db.transaction(async (tx) => {
    const now = clock.now();
    const [row] = await tx
      .insert(users)
      .values({
        role: 'support',
        status: 'active',
        firstName,
        lastName,
        nameKey: nameKey(lastName, firstName),
        email: email.data,
        mobilePhone: phone.data,
        passwordHash,
        createdAt: now,
        updatedAt: now,
        approvedAt: now,
      })
      .returning({ id: users.id });
    if (!row) throw new Error('insert returned nothing');
    await appendAudit(tx, clock, systemContext, {
      action: 'account.support.create',
      outcome: 'success',
      targetId: row.id,
    });
    return { id: row.id, created: true };
  });
}
