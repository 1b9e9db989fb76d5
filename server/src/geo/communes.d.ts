import { type DbOrTx } from '../db/client.ts';
import { type LatLon } from './distance.ts';
export interface Commune {
    insee: string;
    name: string;
    postalCodes: string[];
    point: LatLon | null;
    population: number;
    /** The whole city of a municipal arrondissement (75056 for 75115). */
    parentInsee: string | null;
    /** Paris, Lyon, Marseille as a whole: matching goes by their arrondissements. */
    hasArrondissements: boolean;
}
/** The communes of these codes that exist, by code. */
export declare function getCommunes(db: DbOrTx, codes: readonly string[]): Promise<Map<string, Commune>>;
/** The arrondissements of Paris (75056), Lyon (69123) or Marseille (13055). */
export declare function arrondissementsOf(db: DbOrTx, parentInsee: string): Promise<Commune[]>;
export interface CommuneAtDistance extends Commune {
    point: LatLon;
    distanceM: number;
}
/**
 * Communes whose centre lies within `radiusM` of `centre`, nearest first: the (lat, lon) index narrows to the
 * bounding box, haversine decides. Paris, Lyon and Marseille count by arrondissement, never as a whole.
 */
export declare function communesWithin(db: DbOrTx, centre: LatLon, radiusM: number): Promise<CommuneAtDistance[]>;
