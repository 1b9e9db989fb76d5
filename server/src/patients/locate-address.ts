import type { GeocodeResult } from '@relais/contracts';
import { approximateCell } from '../geo/approximate-cell.ts';
import type { Geocoder } from '../geo/geocoder.ts';
import { invalidFields } from '../shared/errors.ts';

export interface LocatedAddress {
  insee: string;
  point: { lat: number; lon: number };
  cell: ReturnType<typeof approximateCell>;
  geocoded: GeocodeResult;
}

/** Geocodes a patient's address; the approximate cell (D10) is computed here, once, from the exact point. */
export async function locateAddress(
  geocoder: Geocoder,
  address: { line: string; postalCode: string; city: string },
): Promise<LocatedAddress> {
  const geocoded = await geocoder.geocode(address);
  if (!geocoded)
    throw invalidFields({
      'address.postalCode': 'Adresse introuvable : vérifiez le code postal et la ville.',
    });
  // A patient's home address: the postal code must be one of the commune's (no CEDEX), or the two disagree.
  if (geocoded.postalCode !== address.postalCode || geocoded.score < 0.5)
    throw invalidFields({
      'address.postalCode': `Ce code postal ne correspond pas à ${geocoded.communeName} : vérifiez le code postal et la ville.`,
    });
  if (!geocoded.point)
    throw invalidFields({ 'address.city': "Cette commune n'a pas de position connue : précisez l'adresse." });
  return { insee: geocoded.insee, point: geocoded.point, cell: approximateCell(geocoded.point), geocoded };
}
