import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ProfessionalRef, TreatingDoctor } from '@relais/contracts';
import { rows, type DbOrTx } from '../db/client.ts';
import { users } from '../db/schema.ts';
import { invalidFields } from '../shared/errors.ts';

export function toProfessionalRef(u: {
  id: string;
  firstName: string;
  lastName: string;
  profession: string | null;
  officeCity: string | null;
}): ProfessionalRef {
  return {
    id: u.id,
    firstName: u.firstName,
    lastName: u.lastName,
    profession: u.profession as ProfessionalRef['profession'],
    city: u.officeCity,
  };
}

const refColumns = {
  id: users.id,
  firstName: users.firstName,
  lastName: users.lastName,
  profession: users.profession,
  officeCity: users.officeCity,
};

export async function professionalRefs(
  db: DbOrTx,
  ids: readonly string[],
): Promise<Map<string, ProfessionalRef>> {
  if (ids.length === 0) return new Map();
  const found = await db
    .select(refColumns)
    .from(users)
    .where(inArray(users.id, [...ids]));
  return new Map(found.map((u) => [u.id, toProfessionalRef(u)]));
}

/** Usual professionals must be active professionals (any profession); 400 naming the field otherwise. */
export async function checkUsualProfessionals(db: DbOrTx, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, unique), eq(users.role, 'professional'), eq(users.status, 'active')));
  if (found.length !== unique.length)
    throw invalidFields({
      usualProfessionalIds:
        'Chaque professionnel habituel doit être un professionnel inscrit et actif sur Relais.',
    });
  return unique;
}

export interface ResolvedDoctor {
  userId: string | null;
  nationalId: string | null;
}

interface DirectoryDoctor {
  national_id: string;
  identifier_type: 'rpps' | 'adeli';
  identifier: string;
  first_name: string;
  last_name: string;
  profession_code: string;
  activities: unknown;
  mailboxes: number;
}

async function directoryDoctor(db: DbOrTx, identifier: string): Promise<DirectoryDoctor | undefined> {
  const candidates =
    /^[08]/.test(identifier) && identifier.length >= 10 ? [identifier] : [`8${identifier}`, `0${identifier}`];
  const [found] = await rows<DirectoryDoctor>(
    db,
    sql`SELECT p.national_id, p.identifier_type, p.identifier, p.first_name, p.last_name, p.profession_code,
               p.activities,
               (SELECT count(*)::int FROM directory_mssante m WHERE m.national_id = p.national_id) AS mailboxes
        FROM directory_persons p
        WHERE p.national_id IN (${sql.join(
          candidates.map((c) => sql`${c}`),
          sql`, `,
        )}) AND p.active
        LIMIT 1`,
  );
  return found;
}

const DOCTOR = '10';

/**
 * The médecin traitant: a registered doctor (by user id), or a doctor of the national directory (by RPPS/ADELI
 * or IDNPS) — who is linked to their Relais account when they have one.
 */
export async function resolveTreatingDoctor(
  db: DbOrTx,
  input: { userId: string } | { identifier: string } | null | undefined,
): Promise<ResolvedDoctor> {
  if (!input) return { userId: null, nationalId: null };
  if ('userId' in input) {
    const [doctor] = await db
      .select({ id: users.id, identifierType: users.identifierType, identifier: users.identifier })
      .from(users)
      .where(
        and(
          eq(users.id, input.userId),
          eq(users.role, 'professional'),
          eq(users.status, 'active'),
          eq(users.profession, DOCTOR),
        ),
      );
    if (!doctor)
      throw invalidFields({
        treatingDoctor: 'Le médecin traitant doit être un médecin inscrit et actif sur Relais.',
      });
    const nationalId = doctor.identifier
      ? `${doctor.identifierType === 'rpps' ? '8' : '0'}${doctor.identifier}`
      : null;
    return { userId: doctor.id, nationalId };
  }
  const person = await directoryDoctor(db, input.identifier);
  if (person?.profession_code !== DOCTOR)
    throw invalidFields({ treatingDoctor: "Ce médecin est introuvable dans l'annuaire national." });
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.identifierType, person.identifier_type),
        eq(users.identifier, person.identifier),
        eq(users.status, 'active'),
      ),
    );
  return { userId: user?.id ?? null, nationalId: person.national_id };
}

const titleCase = (s: string) =>
  s.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());

export async function describeTreatingDoctor(
  db: DbOrTx,
  doctor: ResolvedDoctor,
): Promise<TreatingDoctor | null> {
  if (doctor.userId) {
    const ref = (await professionalRefs(db, [doctor.userId])).get(doctor.userId);
    if (ref) return { kind: 'user', user: ref, nationalId: doctor.nationalId };
  }
  if (!doctor.nationalId) return null;
  const person = await directoryDoctor(db, doctor.nationalId);
  if (!person)
    return {
      kind: 'directory',
      nationalId: doctor.nationalId,
      name: 'Médecin de l’annuaire',
      city: null,
      hasSecureMailbox: false,
    };
  // One array per activity: [structureName, address, postalCode, communeCode, communeName, phone].
  const activities = Array.isArray(person.activities) ? (person.activities as (string | null)[][]) : [];
  return {
    kind: 'directory',
    nationalId: person.national_id,
    name: `Dr ${titleCase(person.first_name)} ${person.last_name.toUpperCase()}`,
    city: activities[0]?.[4] ?? null,
    hasSecureMailbox: person.mailboxes > 0,
  };
}
