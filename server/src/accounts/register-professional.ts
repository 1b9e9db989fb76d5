import { eq } from 'drizzle-orm';
import type { ProfessionalFields, RegistrationFields } from '@relais/contracts';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import { documents, users } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { checkDirectoryIdentity } from '../directory/check-directory-identity.ts';
import { invalidFields } from '../shared/errors.ts';
import { insertProfessional } from './insert-professional.ts';
import { hashSecret, passwordProblem } from './passwords.ts';
import { requireProof } from './proof-document.ts';

function withoutPassword(fields: RegistrationFields): ProfessionalFields {
  const copy: Partial<RegistrationFields> = { ...fields };
  delete copy.password;
  return copy as ProfessionalFields;
}

/**
 * D1: a professional registers with a proof document; the account stays `pending` until support approves it.
 * The proof is recognised by content and stored encrypted; account, document and audit are one transaction.
 */
export async function registerProfessional(
  deps: Deps,
  ctx: RequestContext,
  fields: RegistrationFields,
  proofBytes: Buffer | undefined,
): Promise<{ id: string }> {
  const weak = await passwordProblem(fields.password, [
    fields.firstName,
    fields.lastName,
    fields.email,
    fields.identifier,
    fields.officeAddress.city,
  ]);
  if (weak) throw invalidFields({ password: weak });
  const proof = requireProof(proofBytes);
  const passwordHash = await hashSecret(fields.password);
  return deps.db.transaction(async (tx) => {
    const user = await insertProfessional(tx, deps.clock, withoutPassword(fields), {
      status: 'pending',
      passwordHash,
      mustChangePassword: false,
    });
    const directoryCheck = await checkDirectoryIdentity(tx, fields);
    if (directoryCheck) await tx.update(users).set({ directoryCheck }).where(eq(users.id, user.id));
    const documentId = crypto.randomUUID();
    await tx.insert(documents).values({
      id: documentId,
      ownerId: user.id,
      kind: 'proof',
      mimeType: proof.mimeType,
      size: proof.bytes.length,
      content: deps.cipher.encrypt(proof.bytes, `document:${documentId}`),
      createdAt: deps.clock.now(),
    });
    await appendAudit(tx, deps.clock, ctx, {
      action: 'registration.create',
      outcome: 'success',
      actorId: user.id,
      targetId: user.id,
      details: {
        identifierType: fields.identifierType,
        profession: fields.profession,
        proofType: proof.mimeType,
      },
    });
    return { id: user.id };
  });
}
