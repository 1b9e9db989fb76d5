import { and, eq } from 'drizzle-orm';
import type { PatientFile, UpdatePatient } from '@relais/contracts';
import { appendAudit, canonicalJson, type RequestContext } from '../audit/append-audit.ts';
import { careTeam, patientNameIndex, patients } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { Geocoder } from '../geo/geocoder.ts';
import { sha256Hex } from '../shared/crypto.ts';
import { patientTransaction, requirePatient } from './access.ts';
import { checkUsualProfessionals, resolveTreatingDoctor } from './care-people.ts';
import { locateAddress } from './locate-address.ts';
import { patientFile } from './patient-file.ts';
import { nameIndexTerms, openPatient, sealPatient } from './patient-records.ts';

/**
 * A care team member edits the file. The audit records which fields changed and a hash of each previous
 * value — enough to prove what was there, without copying health data into the trail.
 */
export async function updatePatient(
  deps: Deps,
  geocoder: Geocoder,
  ctx: RequestContext & { actorId: string },
  patientId: string,
  input: UpdatePatient,
): Promise<PatientFile> {
  const located = input.address ? await locateAddress(geocoder, input.address) : null;
  return patientTransaction(deps, ctx, async (tx) => {
    const { row } = await requirePatient(tx, ctx, patientId, 'write', 'patient.update');
    const before = openPatient(deps.cipher, row);
    const identity = {
      firstName: input.firstName ?? before.identity.firstName,
      lastName: input.lastName ?? before.identity.lastName,
      birthDate: input.birthDate ?? before.identity.birthDate,
      sex: input.sex ?? before.identity.sex,
    };
    const contact = {
      address: input.address ?? before.contact.address,
      phone: input.phone !== undefined ? input.phone : before.contact.phone,
    };
    const previous: Record<string, unknown> = {
      firstName: before.identity.firstName,
      lastName: before.identity.lastName,
      birthDate: before.identity.birthDate,
      sex: before.identity.sex,
      address: before.contact.address,
      phone: before.contact.phone,
      treatingDoctor: { userId: row.treatingDoctorUserId, nationalId: row.treatingDoctorNationalId },
    };
    const changes: Record<string, string> = {};
    for (const key of Object.keys(input) as (keyof UpdatePatient)[]) {
      if (key === 'usualProfessionalIds') continue;
      changes[key] = sha256Hex(canonicalJson(previous[key] ?? null));
    }
    const now = deps.clock.now();
    const doctor =
      input.treatingDoctor !== undefined
        ? await resolveTreatingDoctor(tx, input.treatingDoctor)
        : { userId: row.treatingDoctorUserId, nationalId: row.treatingDoctorNationalId };
    await tx
      .update(patients)
      .set({
        ...sealPatient(deps.cipher, patientId, {
          identity,
          contact,
          location: located?.point ?? before.location,
        }),
        ...(located
          ? {
              communeInsee: located.insee,
              cellId: located.cell.cellId,
              cellLat: located.cell.centre.lat,
              cellLon: located.cell.centre.lon,
              cellRadiusM: located.cell.radiusM,
            }
          : {}),
        treatingDoctorUserId: doctor.userId,
        treatingDoctorNationalId: doctor.nationalId,
        updatedAt: now,
      })
      .where(eq(patients.id, patientId));
    if (input.firstName !== undefined || input.lastName !== undefined) {
      await tx.delete(patientNameIndex).where(eq(patientNameIndex.patientId, patientId));
      await tx
        .insert(patientNameIndex)
        .values(nameIndexTerms(deps.cipher, identity).map((term) => ({ patientId, term })));
    }
    if (input.usualProfessionalIds !== undefined) {
      const usual = await checkUsualProfessionals(tx, input.usualProfessionalIds);
      const current = await tx
        .select({ userId: careTeam.userId })
        .from(careTeam)
        .where(and(eq(careTeam.patientId, patientId), eq(careTeam.reason, 'usual')));
      changes.usualProfessionalIds = sha256Hex(canonicalJson(current.map((c) => c.userId).sort()));
      await tx.delete(careTeam).where(and(eq(careTeam.patientId, patientId), eq(careTeam.reason, 'usual')));
      if (usual.length)
        await tx
          .insert(careTeam)
          .values(usual.map((userId) => ({ patientId, userId, reason: 'usual' as const, addedAt: now })));
    }
    await appendAudit(tx, deps.clock, ctx, {
      action: 'patient.update',
      outcome: 'success',
      patientId,
      details: { previousValueHashes: changes },
    });
    const after = await requirePatient(tx, ctx, patientId, 'read', 'patient.read');
    return patientFile(tx, deps.cipher, after.row, after.relation);
  });
}
