import type { GeocodeResult } from '@relais/contracts';
import { type DbOrTx } from '../db/client.ts';
import { type CommunesDeps } from './ensure-communes.ts';
import type { AddressInput, Geocoder } from './geocoder.ts';
/**
 * Address → commune by postal code and city name, from the communes tables alone: the commune's centre stands for
 * the address. Tolerates accents, case, St/Ste, hyphens, CEDEX, articles last; a Paris, Lyon or Marseille postal
 * code gives the arrondissement. When the postal code is unknown (CEDEX codes, typos) the name decides within
 * the département, then nationwide, with a lower score.
 */
export declare function createOfflineGeocoder(deps: CommunesDeps): Geocoder;
export declare function geocodeOffline(db: DbOrTx, address: AddressInput): Promise<GeocodeResult | null>;
