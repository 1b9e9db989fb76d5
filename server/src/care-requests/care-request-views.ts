import { sql } from 'drizzle-orm';
import type { CareDetails, CareRequestView, PoolView, PrivilegedView } from '@relais/contracts';
import { rows, type DbOrTx } from '../db/client.ts';
import { PatientRefusal } from '../patients/access.ts';
import { openIdentity } from '../patients/patient-records.ts';
import type { DataCipher } from '../shared/crypto.ts';

/** A request row with what every view needs (commune name, cell, the viewer's own answer). */
export interface RequestRow {
  id: string;
  patient_id: string;
  declencheur_id: string;
  profession: string;
  care_type: string;
  details: CareDetails;
  description: Uint8Array;
  home_visit: boolean;
  response_minutes: number;
  commune_insee: string;
  commune_name: string | null;
  extra_radius_km: number;
  status: 'open' | 'accepted' | 'expired' | 'cancelled';
  phase: 'priority' | 'pool';
  created_at: Date | string;
  priority_until: Date | string;
  expires_at: Date | string;
  accepted_by: string | null;
  accepted_at: Date | string | null;
  cell_id: string;
  cell_lat: number;
  cell_lon: number;
  cell_radius_m: number;
  treating_doctor_user_id: string | null;
  my_via: 'usual' | 'treating_doctor' | 'pool' | null;
  my_response: 'accepted' | 'declined' | null;
  /** Sealed; opened for privileged viewers only. */
  patient_identity: Uint8Array;
}

export const selectRequests = (viewerId: string) => sql`
  SELECT r.*, c.name AS commune_name, p.identity AS patient_identity, p.cell_id, p.cell_lat, p.cell_lon, p.cell_radius_m, p.treating_doctor_user_id,
         rr.via AS my_via, rr.response AS my_response
  FROM care_requests r
  JOIN patients p ON p.id = r.patient_id
  LEFT JOIN communes c ON c.insee = r.commune_insee
  LEFT JOIN care_request_recipients rr ON rr.request_id = r.id AND rr.user_id = ${viewerId}`;

export type ViewerRelation = 'declencheur' | 'acceptor' | 'usual' | 'treating_doctor' | 'pool';

/** How the viewer reaches this request, or null when it was never visible to them (D16: then 404). */
export function relationOf(
  r: Pick<RequestRow, 'accepted_by' | 'declencheur_id' | 'my_via' | 'treating_doctor_user_id'>,
  viewerId: string,
): ViewerRelation | null {
  if (r.accepted_by === viewerId) return 'acceptor';
  if (r.declencheur_id === viewerId) return 'declencheur';
  if (r.my_via === 'usual') return 'usual';
  if (r.my_via === 'treating_doctor' || r.treating_doctor_user_id === viewerId) return 'treating_doctor';
  if (r.my_via === 'pool') return 'pool';
  return null;
}

export async function loadRequestForViewer(
  db: DbOrTx,
  requestId: string,
  viewerId: string,
  action: string,
  lock = false,
) {
  const [r] = await rows<RequestRow>(
    db,
    sql`${selectRequests(viewerId)} WHERE r.id = ${requestId}${lock ? sql` FOR UPDATE OF r` : sql``}`,
  );
  const relation = r ? relationOf(r, viewerId) : null;
  if (!r || !relation)
    throw new PatientRefusal({
      action,
      outcome: 'refused',
      patientId: r?.patient_id ?? null,
      targetId: requestId,
    });
  return { request: r, relation };
}

const iso = (v: Date | string) => new Date(v).toISOString();

interface Person {
  id: string;
  first_name: string;
  last_name: string;
  profession: string | null;
}

async function people(db: DbOrTx, ids: string[]): Promise<Map<string, Person>> {
  if (ids.length === 0) return new Map();
  const found = await rows<Person>(
    db,
    sql`SELECT id, first_name, last_name, profession FROM users WHERE id = ANY(${`{${ids.join(',')}}`}::uuid[])`,
  );
  return new Map(found.map((p) => [p.id, p]));
}

const personRef = (p: Person | undefined) =>
  p
    ? {
        id: p.id,
        firstName: p.first_name,
        lastName: p.last_name,
        profession: p.profession as PrivilegedView['declencheur']['profession'],
      }
    : null;

/**
 * D10/D11 — builds each request as its viewer may see it. A pool viewer's view is built from non-identifying
 * columns only, and its response schema has no field for anything else.
 */
export async function buildViews(
  db: DbOrTx,
  cipher: DataCipher,
  requests: RequestRow[],
  viewerId: string,
): Promise<CareRequestView[]> {
  const ids = new Set<string>([viewerId]);
  for (const r of requests) {
    ids.add(r.declencheur_id);
    if (r.accepted_by) ids.add(r.accepted_by);
  }
  const who = await people(db, [...ids]);
  const viewer = who.get(viewerId);
  return requests.map((r): CareRequestView => {
    const relation = relationOf(r, viewerId) ?? 'pool';
    const base = {
      id: r.id,
      status: r.status,
      phase: r.phase,
      profession: r.profession as PoolView['profession'],
      careType: r.care_type as PoolView['careType'],
      details: r.details,
      homeVisit: r.home_visit,
      createdAt: iso(r.created_at),
      expiresAt: iso(r.expires_at),
      commune: { insee: r.commune_insee, name: r.commune_name ?? r.commune_insee },
      approximateArea: {
        cellId: r.cell_id,
        centre: { lat: r.cell_lat, lon: r.cell_lon },
        radiusM: r.cell_radius_m,
      },
      myResponse: r.my_response,
      acceptedByMe: r.accepted_by === viewerId,
      taken: r.status === 'accepted',
    };
    if (relation === 'pool') return { ...base, view: 'pool' };
    const identity = openIdentity(cipher, { id: r.patient_id, identity: Buffer.from(r.patient_identity) });
    return {
      ...base,
      view: 'privileged',
      patient: {
        id: r.patient_id,
        firstName: identity.firstName,
        lastName: identity.lastName,
        birthDate: identity.birthDate,
      },
      description: cipher.decryptText(Buffer.from(r.description), `care_request:${r.id}:description`),
      note:
        (relation === 'usual' || relation === 'treating_doctor') && viewer
          ? `Professionnel de santé habituel : ${viewer.first_name} ${viewer.last_name}`
          : null,
      declencheur: personRef(who.get(r.declencheur_id)) ?? {
        id: r.declencheur_id,
        firstName: '',
        lastName: '',
        profession: null,
      },
      acceptedBy: r.accepted_by ? personRef(who.get(r.accepted_by)) : null,
    };
  });
}
