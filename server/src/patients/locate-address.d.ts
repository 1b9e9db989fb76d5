import type { GeocodeResult } from '@relais/contracts';
import { approximateCell } from '../geo/approximate-cell.ts';
import type { Geocoder } from '../geo/geocoder.ts';
export interface LocatedAddress {
    insee: string;
    point: {
        lat: number;
        lon: number;
    };
    cell: ReturnType<typeof approximateCell>;
    geocoded: GeocodeResult;
}
/** Geocodes a patient's address; the approximate cell (D10) is computed here, once, from the exact point. */
export declare function locateAddress(geocoder: Geocoder, address: {
    line: string;
    postalCode: string;
    city: string;
}): Promise<LocatedAddress>;
