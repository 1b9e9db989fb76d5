import { sql } from 'drizzle-orm';
import type { RegistrationSummary } from '@relais/contracts';
import { rows, type DbOrTx } from '../db/client.ts';
import { normalizeName } from './name-key.ts';

export type DirectoryCheck = NonNullable<RegistrationSummary['directoryCheck']>;

export interface IdentityToCheck {
  identifierType: 'rpps' | 'adeli';
  identifier: string;
  firstName: string;
  lastName: string;
  /** TRE_G15 code. */
  profession: string;
}

interface DirectoryPersonRow {
  national_id: string;
  first_name: string;
  last_name: string;
  profession_code: string;
  active: boolean;
}

/** IDNPS: the identifier prefixed with its type (8 RPPS, 0 ADELI). */
export const nationalIdOf = (type: 'rpps' | 'adeli', identifier: string) =>
  (type === 'rpps' ? '8' : '0') + identifier;

/** "ANNE-SOPHIE" → "Anne-Sophie": the directory writes names in capitals. */
const capitalized = (name: string) =>
  name.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase());

function compare(who: IdentityToCheck, person: DirectoryPersonRow | undefined): DirectoryCheck {
  if (!person) return { found: false, mismatches: [], directoryName: null, directoryProfession: null };
  const mismatches: string[] = [];
  if (normalizeName(person.last_name) !== normalizeName(who.lastName)) mismatches.push('lastName');
  if (normalizeName(person.first_name) !== normalizeName(who.firstName)) mismatches.push('firstName');
  if (person.profession_code !== who.profession) mismatches.push('profession');
  if (!person.active) mismatches.push('inactive');
  return {
    found: true,
    mismatches,
    directoryName: `${capitalized(person.first_name)} ${person.last_name.toUpperCase()}`.trim(),
    directoryProfession: person.profession_code,
  };
}

/**
 * D1: what the national directory says of registrations, in order: found or not, and which of last name, first
 * name, profession differ (`inactive` when the person has left the directory). `null` for each when no
 * directory has been imported yet, since nothing can be said then.
 */
export async function checkDirectoryIdentities(
  db: DbOrTx,
  list: readonly IdentityToCheck[],
): Promise<(DirectoryCheck | null)[]> {
  if (list.length === 0) return [];
  const [imported] = await rows<{ any: boolean }>(
    db,
    sql`SELECT EXISTS (SELECT 1 FROM directory_persons) AS any`,
  );
  if (!imported?.any) return list.map(() => null);
  const ids = list.map((who) => nationalIdOf(who.identifierType, who.identifier));
  const found = await rows<DirectoryPersonRow>(
    db,
    sql`SELECT national_id, first_name, last_name, profession_code, active FROM directory_persons
        WHERE national_id = ANY(${sql.param(ids)}::text[])`,
  );
  const byId = new Map(found.map((person) => [person.national_id, person]));
  return list.map((who, i) => compare(who, byId.get(ids[i] ?? '')));
}

export async function checkDirectoryIdentity(
  db: DbOrTx,
  who: IdentityToCheck,
): Promise<DirectoryCheck | null> {
  const [check] = await checkDirectoryIdentities(db, [who]);
  return check ?? null;
}

/** After an import: the pending registrations are checked again against the new directory. */
export async function recheckPendingRegistrations(tx: DbOrTx): Promise<number> {
  const pending = await rows<{
    id: string;
    identifier_type: 'rpps' | 'adeli';
    identifier: string;
    first_name: string;
    last_name: string;
    profession: string;
  }>(
    tx,
    sql`SELECT id, identifier_type, identifier, first_name, last_name, profession FROM users
        WHERE role = 'professional' AND status = 'pending' AND identifier IS NOT NULL`,
  );
  if (pending.length === 0) return 0;
  const checks = await checkDirectoryIdentities(
    tx,
    pending.map((p) => ({
      identifierType: p.identifier_type,
      identifier: p.identifier,
      firstName: p.first_name,
      lastName: p.last_name,
      profession: p.profession,
    })),
  );
  const updates = pending.map((p, i) => ({ id: p.id, check: checks[i] ?? null }));
  await tx.execute(
    sql`UPDATE users u SET directory_check = v."check"
        FROM json_to_recordset(${JSON.stringify(updates)}::json) AS v(id uuid, "check" jsonb)
        WHERE u.id = v.id`,
  );
  return pending.length;
}
