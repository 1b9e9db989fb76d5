import { type CommunesDeps } from './ensure-communes.ts';
import type { Geocoder } from './geocoder.ts';
/** IGN's Géoplateforme geocoding service (Base Adresse Nationale), no key needed. */
export declare const GEOPLATEFORME_SEARCH_URL = "https://data.geopf.fr/geocodage/search";
export declare const GEOPLATEFORME_TIMEOUT_MS = 3000;
export interface GeoplateformeOptions {
    url: string;
    timeoutMs?: number | undefined;
    /** Answers whenever the service cannot: timeout, error status, malformed reply, no credible match. */
    fallback: Geocoder;
}
/**
 * The Géoplateforme's address search: the address point itself rather than the commune centre. The commune code
 * it answers must be one we know (matching is by commune), and must agree with the postal code or the offline
 * guess unless the service is confident. The address never reaches a log line: it may be a patient's.
 */
export declare function createGeoplateformeGeocoder(deps: CommunesDeps, options: GeoplateformeOptions): Geocoder;
