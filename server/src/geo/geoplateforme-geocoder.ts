import { z } from 'zod';
import type { GeocodeResult } from '@relais/contracts';
import { ensureCommunes, type CommunesDeps } from './ensure-communes.ts';
import { getCommunes } from './communes.ts';
import { parentOfArrondissement } from './communes-csv.ts';
import type { AddressInput, Geocoder } from './geocoder.ts';

/** IGN's Géoplateforme geocoding service (Base Adresse Nationale), no key needed. */
export const GEOPLATEFORME_SEARCH_URL = 'https://data.geopf.fr/geocodage/search';
export const GEOPLATEFORME_TIMEOUT_MS = 3000;

/** The part of the service's GeoJSON we rely on; anything else in it is ignored. */
const SearchReply = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
      properties: z.object({
        label: z.string(),
        score: z.number(),
        type: z.string(),
        citycode: z.string().optional(),
        postcode: z.string().optional(),
        city: z.string().optional(),
      }),
    }),
  ),
});
type Feature = z.infer<typeof SearchReply>['features'][number];

const PRECISION: Record<string, GeocodeResult['precision']> = {
  housenumber: 'address',
  street: 'street',
  locality: 'locality',
  municipality: 'municipality',
};

/** Below this score, an answer in another commune than the offline guess is not trusted. */
const TRUSTED_SCORE = 0.8;

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
export function createGeoplateformeGeocoder(deps: CommunesDeps, options: GeoplateformeOptions): Geocoder {
  const timeoutMs = options.timeoutMs ?? GEOPLATEFORME_TIMEOUT_MS;
  return {
    kind: 'geoplateforme',
    geocode: async (address) => {
      const offline = await options.fallback.geocode(address);
      try {
        const features = await search(options.url, address, timeoutMs);
        const chosen = await choose(deps, features, address, offline);
        if (chosen) return chosen;
        deps.log?.warn(
          { geocoder: 'geoplateforme', features: features.length },
          'no credible match: offline answer',
        );
      } catch (error) {
        deps.log?.warn(
          {
            geocoder: 'geoplateforme',
            reason: error instanceof Error ? error.name + ': ' + error.message : 'unknown',
          },
          'geocoding service unavailable: offline answer',
        );
      }
      return offline;
    },
  };
}

async function search(base: string, address: AddressInput, timeoutMs: number): Promise<Feature[]> {
  const url = new URL(base);
  const city = address.city.replace(/\bcedex\b.*$/i, '').trim();
  url.searchParams.set(
    'q',
    [address.line?.trim(), address.postalCode.trim(), city].filter(Boolean).join(' '),
  );
  url.searchParams.set('limit', '5');
  const response = await fetch(url, {
    signal: AbortSignal.timeout(timeoutMs),
    headers: { accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const parsed = SearchReply.safeParse(await response.json());
  if (!parsed.success) throw new Error('unexpected reply shape');
  return parsed.data.features;
}

async function choose(
  deps: CommunesDeps,
  features: Feature[],
  address: AddressInput,
  offline: GeocodeResult | null,
): Promise<GeocodeResult | null> {
  await ensureCommunes(deps);
  const known = await getCommunes(
    deps.database.db,
    features.flatMap((f) => (f.properties.citycode ? [f.properties.citycode] : [])),
  );
  for (const feature of features) {
    const p = feature.properties;
    const commune = p.citycode ? known.get(p.citycode) : undefined;
    if (!commune) continue;
    const agrees =
      offline === null ||
      commune.insee === offline.insee ||
      commune.parentInsee === offline.insee ||
      commune.insee === parentOfArrondissement(offline.insee) ||
      p.postcode === address.postalCode.trim();
    if (!agrees && p.score < TRUSTED_SCORE) continue;
    const [lon, lat] = feature.geometry.coordinates;
    return {
      insee: commune.insee,
      communeName: commune.name,
      postalCode: p.postcode ?? null,
      point: { lat, lon },
      score: Math.round(Math.max(0, Math.min(1, p.score)) * 100) / 100,
      precision: PRECISION[p.type] ?? 'street',
      label: p.label,
      source: 'geoplateforme',
    };
  }
  return null;
}
