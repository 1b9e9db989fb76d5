import { sql } from 'drizzle-orm';
import { rows } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import type { LatLon } from '../geo/distance.ts';
import { createGeocoder, type Geocoder } from '../geo/geocoder.ts';

export interface OfficeLocation {
  insee: string | null;
  communeName: string | null;
  point: LatLon | null;
  score: number;
  source: 'offline' | 'geoplateforme' | null;
}

interface Row {
  office_line: string | null;
  office_postal_code: string | null;
  office_city: string | null;
  address_line: string | null;
  postal_code: string | null;
  city: string | null;
  insee: string | null;
  commune_name: string | null;
  lat: number | null;
  lon: number | null;
  score: number | null;
  source: 'offline' | 'geoplateforme' | null;
}

/**
 * The professional's office, geocoded once per address: the stored result is reused while `users.office_*` still
 * reads as the address it was computed from, and computed again when the address changed. `changed` tells the
 * caller that zones built on the previous location are stale. Geocoding runs outside any transaction (it may
 * wait on the network).
 */
export async function ensureOfficeLocation(
  deps: Deps,
  professionalId: string,
  geocoder: Geocoder = createGeocoder(deps),
): Promise<{ location: OfficeLocation | null; changed: boolean }> {
  const [row] = await rows<Row>(
    deps.db,
    sql`SELECT u.office_line, u.office_postal_code, u.office_city, o.address_line, o.postal_code, o.city, o.insee,
               o.commune_name, o.lat, o.lon, o.score, o.source
        FROM users u LEFT JOIN office_locations o ON o.professional_id = u.id
        WHERE u.id = ${professionalId}`,
  );
  if (!row?.office_line || !row.office_postal_code || !row.office_city)
    return { location: null, changed: false };
  const address = { line: row.office_line, postalCode: row.office_postal_code, city: row.office_city };
  if (
    row.address_line === address.line &&
    row.postal_code === address.postalCode &&
    row.city === address.city
  )
    return { location: toLocation(row), changed: false };

  const found = await geocoder.geocode(address);
  const location: OfficeLocation = {
    insee: found?.insee ?? null,
    communeName: found?.communeName ?? null,
    point: found?.point ?? null,
    score: found?.score ?? 0,
    source: found?.source ?? null,
  };
  await deps.db.execute(sql`
    INSERT INTO office_locations (professional_id, address_line, postal_code, city, insee, commune_name, lat, lon,
                                  score, source, geocoded_at)
    VALUES (${professionalId}, ${address.line}, ${address.postalCode}, ${address.city}, ${location.insee},
            ${location.communeName}, ${location.point?.lat ?? null}, ${location.point?.lon ?? null}, ${location.score},
            ${location.source}, ${deps.clock.now().toISOString()})
    ON CONFLICT (professional_id) DO UPDATE SET
      address_line = excluded.address_line, postal_code = excluded.postal_code, city = excluded.city,
      insee = excluded.insee, commune_name = excluded.commune_name, lat = excluded.lat, lon = excluded.lon,
      score = excluded.score, source = excluded.source, geocoded_at = excluded.geocoded_at`);
  return { location, changed: true };
}

function toLocation(row: Row): OfficeLocation {
  return {
    insee: row.insee,
    communeName: row.commune_name,
    point: row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null,
    score: row.score ?? 0,
    source: row.source,
  };
}
