import { type DbOrTx } from '../db/client.ts';
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
export declare function poolAudience(db: DbOrTx, q: AudienceQuery): Promise<string[]>;
/** The communes a request reaches: the patient's, plus those within the relaunch's extra radius. */
export declare function requestCommunes(db: DbOrTx, insee: string, extraRadiusKm: number): Promise<string[]>;
export interface PriorityRecipient {
  userId: string;
  via: 'usual' | 'treating_doctor';
}
/**
 * D8 — the priority phase: the patient's usual professionals of the requested profession who are active
 * users, and the registered médecin traitant when the request asks for a médecin; never the déclencheur.
 */
export declare function priorityAudience(
  db: DbOrTx,
  patientId: string,
  profession: string,
  declencheurId: string,
): Promise<PriorityRecipient[]>;
