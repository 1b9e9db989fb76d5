import type { GeocodeResult } from '@relais/contracts';
import type { CommunesDeps } from './ensure-communes.ts';
export type { GeocodeResult };
/** A postal address as the forms take it. */
export interface AddressInput {
    line?: string | undefined;
    postalCode: string;
    city: string;
}
/** Address → commune and coordinates. Never throws for an address it cannot place: null. */
export interface Geocoder {
    readonly kind: 'offline' | 'geoplateforme';
    geocode(address: AddressInput): Promise<GeocodeResult | null>;
}
export interface GeocoderDeps extends CommunesDeps {
    config: CommunesDeps['config'] & {
        geocoder: 'offline' | 'geoplateforme';
    };
}
export interface GeocoderOptions {
    /** The Géoplateforme search endpoint (tests point it at a local fake). */
    geoplateformeUrl?: string | undefined;
    timeoutMs?: number | undefined;
}
/**
 * The geocoder `config.geocoder` selects: offline (communes file: commune centre) or the Géoplateforme
 * (address point), the latter falling back to offline when it is slow, down or unsure.
 */
export declare function createGeocoder(deps: GeocoderDeps, options?: GeocoderOptions): Geocoder;
