import { sql, type SQL } from 'drizzle-orm';
import { rows, type DbOrTx } from '../db/client.ts';
import { notFound } from '../shared/errors.ts';
import type { ProfessionalRecord } from './resources.ts';
import type { ProfessionalNumber } from './search-params.ts';

interface Row {
  id: string;
  identifier_type: 'rpps' | 'adeli';
  identifier: string;
  first_name: string;
  last_name: string;
  profession: string | null;
}

/**
 * Active professionals of Relais, the same people the directory of users shows to every professional. Their
 * MSSanté mailboxes come from the national directory (public data), keyed by IDNPS.
 */
async function professionals(db: DbOrTx, where: SQL): Promise<ProfessionalRecord[]> {
  const found = await rows<Row>(
    db,
    sql`SELECT id, identifier_type, identifier, first_name, last_name, profession FROM users
        WHERE role = 'professional' AND status = 'active' AND identifier IS NOT NULL AND ${where}`,
  );
  if (found.length === 0) return [];
  const idnps = (r: Row) => `${r.identifier_type === 'rpps' ? '8' : '0'}${r.identifier}`;
  const mailboxes = await rows<{ national_id: string; address: string }>(
    db,
    sql`SELECT national_id, address FROM directory_mssante
        WHERE national_id = ANY(${sql.param(found.map(idnps))}::text[]) ORDER BY line, address`,
  );
  return found.map((r) => ({
    id: r.id,
    identifierType: r.identifier_type,
    identifier: r.identifier,
    firstName: r.first_name,
    lastName: r.last_name,
    profession: r.profession,
    mssante: [...new Set(mailboxes.filter((m) => m.national_id === idnps(r)).map((m) => m.address))],
  }));
}

export function practitionersByNumber(db: DbOrTx, number: ProfessionalNumber) {
  return professionals(db, sql`identifier_type = ${number.type} AND identifier = ${number.identifier}`);
}

export async function readPractitioner(db: DbOrTx, id: string): Promise<ProfessionalRecord> {
  const [found] = await professionals(db, sql`id = ${id}`);
  if (!found) throw notFound('Professionnel introuvable.');
  return found;
}
