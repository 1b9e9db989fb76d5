import type { CareDetails, CareRequestView } from '@relais/contracts';
import { type DbOrTx } from '../db/client.ts';
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
export declare const selectRequests: (viewerId: string) => import('drizzle-orm').SQL<unknown>;
export type ViewerRelation = 'declencheur' | 'acceptor' | 'usual' | 'treating_doctor' | 'pool';
/** How the viewer reaches this request, or null when it was never visible to them (D16: then 404). */
export declare function relationOf(r: RequestRow, viewerId: string): ViewerRelation | null;
export declare function loadRequestForViewer(
  db: DbOrTx,
  requestId: string,
  viewerId: string,
  action: string,
  lock?: boolean,
): Promise<{
  request: RequestRow;
  relation: ViewerRelation;
}>;
/**
 * D10/D11 — builds each request as its viewer may see it. A pool viewer's view is built from non-identifying
 * columns only, and its response schema has no field for anything else.
 */
export declare function buildViews(
  db: DbOrTx,
  cipher: DataCipher,
  requests: RequestRow[],
  viewerId: string,
): Promise<CareRequestView[]>;
