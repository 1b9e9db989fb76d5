import { randomUUID } from 'node:crypto';
import type { CreatePatient, PatientFile } from '@relais/contracts';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import { careTeam, patientNameIndex, patients } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { Geocoder } from '../geo/geocoder.ts';
import { checkUsualProfessionals, resolveTreatingDoctor } from './care-people.ts';
import { locateAddress } from './locate-address.ts';
import { nameIndexTerms, sealPatient } from './patient-records.ts';
import { patientFile } from './patient-file.ts';
import { requirePatient } from './access.ts';

/** A professional creates a patient file and joins its care team (D16); usual professionals join too. */
export async function createPatient(
  deps: Deps,
  geocoder: Geocoder,
  ctx: RequestContext & { actorId: string },
  input: CreatePatient,
): Promise<PatientFile> {
  const located = await locateAddress(geocoder, input.address);
  const id = randomUUID();
  return deps.db.transaction(async (tx) => {
    const usual = await checkUsualProfessionals(tx, input.usualProfessionalIds ?? []);
    const doctor = await resolveTreatingDoctor(tx, input.treatingDoctor);
    const now = deps.clock.now();
    const identity = {
      firstName: input.firstName,
      lastName: input.lastName,
      birthDate: input.birthDate,
      sex: input.sex,
    };
    await tx.insert(patients).values({
      id,
      ...sealPatient(deps.cipher, id, {
        identity,
        contact: { address: input.address, phone: input.phone ?? null },
        location: located.point,
      }),
      communeInsee: located.insee,
      cellId: located.cell.cellId,
      cellLat: located.cell.centre.lat,
      cellLon: located.cell.centre.lon,
      cellRadiusM: located.cell.radiusM,
      treatingDoctorUserId: doctor.userId,
      treatingDoctorNationalId: doctor.nationalId,
      createdBy: ctx.actorId,
      createdAt: now,
      updatedAt: now,
    });
    await tx
      .insert(patientNameIndex)
      .values(nameIndexTerms(deps.cipher, identity).map((term) => ({ patientId: id, term })));
    await tx
      .insert(careTeam)
      .values([
        { patientId: id, userId: ctx.actorId, reason: 'creator' as const, addedAt: now },
        ...usual.map((userId) => ({ patientId: id, userId, reason: 'usual' as const, addedAt: now })),
      ]);
    await appendAudit(tx, deps.clock, ctx, {
      action: 'patient.create',
      outcome: 'success',
      patientId: id,
      details: {
        usualProfessionals: usual.length,
        treatingDoctor: doctor.userId ? 'user' : doctor.nationalId ? 'directory' : 'none',
      },
    });
    const { row, relation } = await requirePatient(tx, ctx, id, 'read', 'patient.read');
    return patientFile(tx, deps.cipher, row, relation);
  });
}
