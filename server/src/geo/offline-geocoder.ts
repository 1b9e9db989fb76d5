import { sql } from 'drizzle-orm';
import type { GeocodeResult } from '@relais/contracts';
import { rows, type DbOrTx } from '../db/client.ts';
import { ensureCommunes, type CommunesDeps } from './ensure-communes.ts';
import type { AddressInput, Geocoder } from './geocoder.ts';
import { articleFirst, keySimilarity, placeKey } from './place-key.ts';

interface Candidate {
  insee: string;
  name: string;
  search_key: string;
  postal_codes: string[];
  lat: number | null;
  lon: number | null;
  population: number;
  parent_insee: string | null;
  has_arrondissements: boolean;
  parent_key: string | null;
}

/** A name counts as the commune's from this similarity on (typos, missing words). */
const NAME_MATCH = 0.75;

/**
 * Address → commune by postal code and city name, from the communes tables alone: the commune's centre stands for
 * the address. Tolerates accents, case, St/Ste, hyphens, CEDEX, articles last; a Paris, Lyon or Marseille postal
 * code gives the arrondissement. When the postal code is unknown (CEDEX codes, typos) the name decides within
 * the département, then nationwide, with a lower score.
 */
export function createOfflineGeocoder(deps: CommunesDeps): Geocoder {
  return {
    kind: 'offline',
    geocode: async (address) => {
      await ensureCommunes(deps);
      return geocodeOffline(deps.database.db, address);
    },
  };
}

export async function geocodeOffline(db: DbOrTx, address: AddressInput): Promise<GeocodeResult | null> {
  const postalCode = address.postalCode.replace(/\s+/g, '');
  const cityKeys = cityKeysOf(address.city);

  if (/^\d{5}$/.test(postalCode)) {
    const byCode = preferArrondissements(
      await candidates(
        db,
        sql`c.insee IN (SELECT insee FROM commune_postal_codes WHERE postal_code = ${postalCode})`,
      ),
    );
    if (byCode.length > 0) {
      const ranked = rank(byCode, cityKeys);
      const best = ranked[0];
      if (best) {
        const score =
          best.similarity >= NAME_MATCH ? 0.5 + 0.5 * best.similarity : byCode.length === 1 ? 0.6 : 0.4;
        return result(best.candidate, postalCode, address, score);
      }
    }
  }
  if (cityKeys.length === 0) return null;

  const department = /^\d{5}$/.test(postalCode)
    ? postalCode.slice(0, /^9[78]/.test(postalCode) ? 3 : 2)
    : null;
  if (department) {
    const nearby = await candidates(
      db,
      sql`c.insee IN (SELECT insee FROM commune_postal_codes WHERE postal_code LIKE ${`${department}%`})`,
    );
    const best = rank(nearby, cityKeys)[0];
    if (best && best.similarity >= NAME_MATCH)
      return result(best.candidate, postalCode, address, 0.35 + 0.4 * best.similarity);
  }

  const key = cityKeys[0] ?? '';
  const national = await candidates(db, sql`(c.search_key = ${key} OR c.search_key LIKE ${`${key} %`})`);
  const exact = national.filter((c) => c.search_key === key || c.parent_key === key);
  const pool = exact.length > 0 ? exact : national;
  const best = rank(pool, cityKeys)[0];
  if (!best) return null;
  // Paris and its arrondissements are one place, not an ambiguity.
  const places = new Set(exact.map((c) => c.parent_insee ?? c.insee));
  return result(best.candidate, postalCode, address, places.size === 1 ? 0.5 : 0.3);
}

/** The city as keys to compare: as written, and without an arrondissement ("Paris 15e" → "paris"). */
function cityKeysOf(city: string): string[] {
  const key = placeKey(articleFirst(city));
  if (key === '') return [];
  const withoutArrondissement = key.replace(/ \d{1,2}( ?(e|er|eme|ieme))?( arrondissement)?$/, '');
  return withoutArrondissement !== key && withoutArrondissement !== '' ? [key, withoutArrondissement] : [key];
}

async function candidates(db: DbOrTx, where: ReturnType<typeof sql>): Promise<Candidate[]> {
  return rows<Candidate>(
    db,
    sql`SELECT c.insee, c.name, c.search_key, c.postal_codes, c.lat, c.lon, c.population, c.parent_insee,
               c.has_arrondissements, p.search_key AS parent_key
        FROM communes c LEFT JOIN communes p ON p.insee = c.parent_insee
        WHERE ${where}`,
  );
}

/** Where a postal code names both a whole city and one of its arrondissements, the arrondissement is meant. */
function preferArrondissements(list: Candidate[]): Candidate[] {
  return list.some((c) => c.parent_insee !== null) ? list.filter((c) => !c.has_arrondissements) : list;
}

function rank(list: Candidate[], cityKeys: string[]): { candidate: Candidate; similarity: number }[] {
  return list
    .map((candidate) => {
      const names = [candidate.search_key, ...(candidate.parent_key ? [candidate.parent_key] : [])];
      let similarity = 0;
      for (const input of cityKeys)
        for (const name of names) similarity = Math.max(similarity, keySimilarity(input, name));
      return { candidate, similarity };
    })
    .sort(
      (a, b) =>
        b.similarity - a.similarity ||
        b.candidate.population - a.candidate.population ||
        a.candidate.insee.localeCompare(b.candidate.insee),
    );
}

function result(c: Candidate, postalCode: string, address: AddressInput, score: number): GeocodeResult {
  const code = c.postal_codes.includes(postalCode) ? postalCode : (c.postal_codes[0] ?? null);
  const place = [code, c.name].filter(Boolean).join(' ');
  const line = address.line?.trim();
  return {
    insee: c.insee,
    communeName: c.name,
    postalCode: code,
    point: c.lat !== null && c.lon !== null ? { lat: c.lat, lon: c.lon } : null,
    score: Math.round(score * 100) / 100,
    precision: 'municipality',
    label: line ? `${line}, ${place}` : place,
    source: 'offline',
  };
}
