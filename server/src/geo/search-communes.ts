import { sql, type SQL } from 'drizzle-orm';
import type { CommuneSuggestion } from '@relais/contracts';
import { rows } from '../db/client.ts';
import { ensureCommunes, type CommunesDeps } from './ensure-communes.ts';
import { articleFirst, placeKey } from './place-key.ts';

interface SuggestionRow {
  insee: string;
  name: string;
  postal_code: string;
  population: number;
  parent_name: string | null;
}

/**
 * Autocomplete for address forms: (commune, postal code) pairs by postal-code prefix ("910"), by name prefix
 * ("evry", "st denis", "courcouronnes": any word of the name), or both ("91 evry"). Paris, Lyon and Marseille
 * are offered by arrondissement, with the city's name as the postal city.
 */
export async function searchCommunes(
  deps: CommunesDeps,
  query: string,
  limit = 10,
): Promise<CommuneSuggestion[]> {
  await ensureCommunes(deps);
  const match = /^\s*(\d{1,5})\b\s*(.*)$/.exec(query);
  const postalPrefix = match?.[1] ?? null;
  const key = placeKey(articleFirst(match ? (match[2] ?? '') : query));
  if (postalPrefix === null && key === '') return [];

  const found: SuggestionRow[] = [];
  const seen = new Set<string>();
  const add = (list: SuggestionRow[]) => {
    for (const r of list) {
      const id = `${r.insee}/${r.postal_code}`;
      if (!seen.has(id) && found.length < limit) {
        seen.add(id);
        found.push(r);
      }
    }
  };
  const byPostal = postalPrefix !== null ? sql`AND pc.postal_code LIKE ${`${postalPrefix}%`}` : sql``;
  if (key === '') {
    const inPostalIndex = sql`c.insee IN (SELECT insee FROM commune_postal_codes WHERE postal_code LIKE ${`${postalPrefix ?? ''}%`})`;
    add(await suggestions(deps, inPostalIndex, byPostal, sql`pc.postal_code, c.population DESC`, limit));
  } else {
    // Leading words first (the index answers; "paris" finds every arrondissement), then a word inside the name.
    add(
      await suggestions(
        deps,
        sql`c.search_key LIKE ${`${key}%`}`,
        byPostal,
        sql`c.search_key = ${key} DESC, c.population DESC, pc.postal_code`,
        limit,
      ),
    );
    if (found.length < limit)
      add(
        await suggestions(
          deps,
          sql`c.search_key LIKE ${`% ${key}%`}`,
          byPostal,
          sql`c.population DESC, pc.postal_code`,
          limit,
        ),
      );
  }
  return found.map((r) => ({
    insee: r.insee,
    name: r.name,
    postalCode: r.postal_code,
    city: r.parent_name ?? r.name,
    population: r.population,
  }));
}

function suggestions(deps: CommunesDeps, nameFilter: SQL, postalFilter: SQL, order: SQL, limit: number) {
  return rows<SuggestionRow>(
    deps.database.db,
    sql`SELECT c.insee, c.name, pc.postal_code, c.population, p.name AS parent_name
        FROM communes c
        CROSS JOIN LATERAL unnest(c.postal_codes) AS pc(postal_code)
        LEFT JOIN communes p ON p.insee = c.parent_insee
        WHERE NOT c.has_arrondissements AND ${nameFilter} ${postalFilter}
        ORDER BY ${order}
        LIMIT ${limit}`,
  );
}
