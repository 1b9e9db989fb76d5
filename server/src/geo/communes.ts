import { sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../db/client.ts';
import { boundingBox, haversineM, type LatLon } from './distance.ts';

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

interface CommuneRow {
  insee: string;
  name: string;
  postal_codes: string[];
  lat: number | null;
  lon: number | null;
  population: number;
  parent_insee: string | null;
  has_arrondissements: boolean;
}

const toCommune = (r: CommuneRow): Commune => ({
  insee: r.insee,
  name: r.name,
  postalCodes: r.postal_codes,
  point: r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : null,
  population: r.population,
  parentInsee: r.parent_insee,
  hasArrondissements: r.has_arrondissements,
});

/** The communes of these codes that exist, by code. */
export async function getCommunes(db: DbOrTx, codes: readonly string[]): Promise<Map<string, Commune>> {
  if (codes.length === 0) return new Map();
  const found = await rows<CommuneRow>(
    db,
    sql`SELECT insee, name, postal_codes, lat, lon, population, parent_insee, has_arrondissements
        FROM communes WHERE insee IN (SELECT jsonb_array_elements_text(${JSON.stringify([...new Set(codes)])}::jsonb))`,
  );
  return new Map(found.map((r) => [r.insee, toCommune(r)]));
}

/** The arrondissements of Paris (75056), Lyon (69123) or Marseille (13055). */
export async function arrondissementsOf(db: DbOrTx, parentInsee: string): Promise<Commune[]> {
  const found = await rows<CommuneRow>(
    db,
    sql`SELECT insee, name, postal_codes, lat, lon, population, parent_insee, has_arrondissements
        FROM communes WHERE parent_insee = ${parentInsee} ORDER BY insee`,
  );
  return found.map(toCommune);
}

export interface CommuneAtDistance extends Commune {
  point: LatLon;
  distanceM: number;
}

/**
 * Communes whose centre lies within `radiusM` of `centre`, nearest first: the (lat, lon) index narrows to the
 * bounding box, haversine decides. Paris, Lyon and Marseille count by arrondissement, never as a whole.
 */
export async function communesWithin(
  db: DbOrTx,
  centre: LatLon,
  radiusM: number,
): Promise<CommuneAtDistance[]> {
  const box = boundingBox(centre, radiusM);
  const found = await rows<CommuneRow>(
    db,
    sql`SELECT insee, name, postal_codes, lat, lon, population, parent_insee, has_arrondissements
        FROM communes
        WHERE lat IS NOT NULL AND lat BETWEEN ${box.minLat} AND ${box.maxLat}
          AND lon BETWEEN ${box.minLon} AND ${box.maxLon}
          AND NOT has_arrondissements`,
  );
  const within: CommuneAtDistance[] = [];
  for (const row of found) {
    const commune = toCommune(row);
    if (!commune.point) continue;
    const distanceM = haversineM(centre, commune.point);
    if (distanceM <= radiusM) within.push({ ...commune, point: commune.point, distanceM });
  }
  return within.sort((a, b) => a.distanceM - b.distanceM || a.insee.localeCompare(b.insee));
}
