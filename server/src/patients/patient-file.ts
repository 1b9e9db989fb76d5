import { eq, sql } from 'drizzle-orm';
import type { CareTeamMember, PatientFile } from '@relais/contracts';
import { rows, type DbOrTx } from '../db/client.ts';
import { careTeam } from '../db/schema.ts';
import type { DataCipher } from '../shared/crypto.ts';
import type { PatientRelation } from './access.ts';
import { describeTreatingDoctor, professionalRefs } from './care-people.ts';
import { openPatient, type PatientRow } from './patient-records.ts';

export async function careTeamOf(db: DbOrTx, patientId: string): Promise<CareTeamMember[]> {
  const members = await db
    .select({ userId: careTeam.userId, reason: careTeam.reason })
    .from(careTeam)
    .where(eq(careTeam.patientId, patientId));
  const reasons = new Map<string, CareTeamMember['reasons']>();
  for (const m of members) reasons.set(m.userId, [...(reasons.get(m.userId) ?? []), m.reason]);
  const refs = await professionalRefs(db, [...reasons.keys()]);
  return [...reasons.entries()]
    .flatMap(([id, r]) => {
      const ref = refs.get(id);
      return ref ? [{ ...ref, reasons: r.sort() }] : [];
    })
    .sort((a, b) => a.lastName.localeCompare(b.lastName, 'fr'));
}

async function communeName(db: DbOrTx, insee: string): Promise<string> {
  const [c] = await rows<{ name: string }>(db, sql`SELECT name FROM communes WHERE insee = ${insee}`);
  return c?.name ?? insee;
}

/** The whole file, decrypted, for a viewer the access module let through. */
export async function patientFile(
  db: DbOrTx,
  cipher: DataCipher,
  row: PatientRow,
  relation: PatientRelation,
  /** The commune's name when the caller read it with the row. */
  knownCommuneName?: string | null,
): Promise<PatientFile> {
  const { identity, contact, location } = openPatient(cipher, row);
  const team = await careTeamOf(db, row.id);
  return {
    id: row.id,
    ...identity,
    address: contact.address,
    commune: { insee: row.communeInsee, name: knownCommuneName ?? (await communeName(db, row.communeInsee)) },
    location,
    phone: contact.phone,
    treatingDoctor: await describeTreatingDoctor(db, {
      userId: row.treatingDoctorUserId,
      nationalId: row.treatingDoctorNationalId,
    }),
    usualProfessionals: team.filter((m) => m.reasons.includes('usual')).map(({ reasons: _, ...ref }) => ref),
    careTeam: team,
    myAccess: relation,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
