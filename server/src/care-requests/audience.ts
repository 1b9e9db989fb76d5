import { sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../db/client.ts';
import { communesWithin } from '../geo/communes.ts';

export interface AudienceQuery {
  communes: readonly string[];
  profession: string;
  homeVisit: boolean;
  exclude: readonly string[];
}

/**
 * D9 — the pool: active professionals of the requested profession whose attributed communes contain the
 * patient's commune, doing home visits for a home visit (office consultations for an office request), other
 * than the déclencheur and those already asked. One index range scan per commune on
 * activity_zones (insee, profession) INCLUDE (professional_id, home_visits, office_consultations).
 */
export async function poolAudience(db: DbOrTx, q: AudienceQuery): Promise<string[]> {
  if (q.communes.length === 0) return [];
  const found = await rows<{ id: string }>(db, poolAudienceSql(q));
  return found.map((r) => r.id);
}

/**
 * The audience query itself (one column, `id`), for `poolAudience` and for opening a pool, which inserts its
 * result as recipients without a round trip through the application. `exceptAskedOf` also leaves out those
 * already asked for that request (the priority phase's recipients).
 */
export function poolAudienceSql(q: AudienceQuery, exceptAskedOf?: string) {
  const communes = `{${q.communes.join(',')}}`;
  const exclude = `{${q.exclude.join(',')}}`;
  // Zone rows exist for active professionals only (professionals/activity-zone.ts): no join is needed.
  return sql`SELECT ${q.communes.length > 1 ? sql`DISTINCT` : sql``} z.professional_id AS id
        FROM activity_zones z
        WHERE z.insee = ANY(${communes}::text[]) AND z.profession = ${q.profession}
          AND ${q.homeVisit ? sql`z.home_visits` : sql`z.office_consultations`}
          AND NOT (z.professional_id = ANY(${exclude}::uuid[]))${
            exceptAskedOf
              ? sql`
          AND NOT EXISTS (SELECT 1 FROM care_request_recipients rr
                          WHERE rr.request_id = ${exceptAskedOf} AND rr.user_id = z.professional_id)`
              : sql``
          }`;
}

/** The communes a request reaches: the patient's, plus those within the relaunch's extra radius. */
export async function requestCommunes(db: DbOrTx, insee: string, extraRadiusKm: number): Promise<string[]> {
  if (extraRadiusKm <= 0) return [insee];
  const [centre] = await rows<{ lat: number | null; lon: number | null }>(
    db,
    sql`SELECT lat, lon FROM communes WHERE insee = ${insee}`,
  );
  if (centre?.lat == null || centre.lon == null) return [insee];
  const around = await communesWithin(db, { lat: centre.lat, lon: centre.lon }, extraRadiusKm * 1000);
  return [...new Set([insee, ...around.map((c) => c.insee)])];
}

export interface PriorityRecipient {
  userId: string;
  via: 'usual' | 'treating_doctor';
}

/**
 * D8 — the priority phase: the patient's usual professionals of the requested profession who are active
 * users, and the registered médecin traitant when the request asks for a médecin; never the déclencheur.
 */
export async function priorityAudience(
  db: DbOrTx,
  patientId: string,
  profession: string,
  declencheurId: string,
): Promise<PriorityRecipient[]> {
  const found = await rows<{ user_id: string; via: 'usual' | 'treating_doctor' }>(
    db,
    sql`SELECT ct.user_id, 'usual' AS via FROM care_team ct JOIN users u ON u.id = ct.user_id
        WHERE ct.patient_id = ${patientId} AND ct.reason = 'usual' AND u.profession = ${profession}
          AND u.status = 'active' AND u.id <> ${declencheurId}
        UNION
        SELECT p.treating_doctor_user_id, 'treating_doctor' FROM patients p JOIN users u ON u.id = p.treating_doctor_user_id
        WHERE p.id = ${patientId} AND u.profession = ${profession} AND u.status = 'active' AND u.id <> ${declencheurId}
          AND NOT EXISTS (SELECT 1 FROM care_team ct WHERE ct.patient_id = p.id AND ct.user_id = u.id AND ct.reason = 'usual')`,
  );
  return found.map((r) => ({ userId: r.user_id, via: r.via }));
}
