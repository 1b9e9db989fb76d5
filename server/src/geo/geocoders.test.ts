import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/helpers.ts';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import { CommunesFileError, parseCommunesCsv } from './communes-csv.ts';
import { communesWithin } from './communes.ts';
import { ensureCommunes } from './ensure-communes.ts';
import { createGeocoder, type GeocoderDeps } from './geocoder.ts';
import { createGeoplateformeGeocoder } from './geoplateforme-geocoder.ts';
import { createOfflineGeocoder } from './offline-geocoder.ts';
import { placeKey } from './place-key.ts';
import { searchCommunes } from './search-communes.ts';

const communesFile = loadConfig({ NODE_ENV: 'test' }).communesFile;
let database: Database;
let deps: GeocoderDeps;
beforeAll(async () => {
  database = await openTestDatabase();
  deps = { database, config: { communesFile, geocoder: 'offline' } };
  await ensureCommunes(deps);
});
afterAll(() => database.close());

describe('communes', () => {
  it('D5: the communes file is loaded once; an unchanged file is only hashed', async () => {
    expect(communesFile).toBeDefined();
    const first = await ensureCommunes(deps);
    expect(first.rows).toBe(35014);
    // Another handle on the same database: not memoised, so the hash decides.
    const again = await ensureCommunes({ ...deps, database: { ...database } });
    expect(again.loaded).toBe(false);
    expect(again.rows).toBe(35014);
  });

  it('D5: a changed file reloads the tables, and the real one comes back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relais-communes-'));
    const small = join(dir, 'communes.csv');
    writeFileSync(
      small,
      'population,insee,nom,codes_postaux,latitude,longitude\n66919,91228,Évry-Courcouronnes,91000 91080,48.62948,2.44008\n1,XXXXX,Bad,,,\n',
    );
    const reloaded = await ensureCommunes({
      ...deps,
      database: { ...database },
      config: { communesFile: small },
    });
    expect(reloaded).toMatchObject({ loaded: true, rows: 1 });
    const back = await ensureCommunes({ ...deps, database: { ...database } });
    expect(back).toMatchObject({ loaded: true, rows: 35014 });
  });

  it('a file without the expected columns is refused whole, naming them', () => {
    expect(() => parseCommunesCsv('insee,name\n91228,Évry\n')).toThrow(CommunesFileError);
    expect(() => parseCommunesCsv('insee,name\n91228,Évry\n')).toThrow(
      /nom, codes_postaux, latitude, longitude, population/,
    );
    const parsed = parseCommunesCsv(
      'insee,nom,codes_postaux,latitude,longitude,population\n"2A004","Ajaccio, ville",20000 20090,41.9,8.7,70000\n9122,Trop court,,,,\n75056,Paris,75001,48.86,2.33,1\n75101,Paris 1er Arrondissement,75001,48.86,2.33,1\n',
    );
    expect(parsed.communes.map((c) => [c.insee, c.name, c.parentInsee, c.hasArrondissements])).toEqual([
      ['2A004', 'Ajaccio, ville', null, false],
      ['75056', 'Paris', null, true],
      ['75101', 'Paris 1er Arrondissement', '75056', false],
    ]);
    expect(parsed.rejected).toEqual([{ line: 3, reason: 'invalid INSEE code "9122"' }]);
  });

  it('D5: communes within a radius come nearest first, Paris by arrondissement', async () => {
    const evry = { lat: 48.62948, lon: 2.44008 };
    const within = await communesWithin(database.db, evry, 5000);
    expect(within[0]?.insee).toBe('91228');
    expect(within.map((c) => c.insee)).toEqual(expect.arrayContaining(['91174', '91521'])); // Corbeil, Ris-Orangis
    for (const c of within) expect(c.distanceM).toBeLessThanOrEqual(5000);
    const paris = await communesWithin(database.db, { lat: 48.8566, lon: 2.3522 }, 3000);
    expect(paris.map((c) => c.insee)).not.toContain('75056');
    expect(paris.map((c) => c.insee)).toContain('75104');
  });
});

describe('offline geocoder', () => {
  const geocode = (postalCode: string, city: string, line = '1 rue de la Mairie') =>
    createOfflineGeocoder(deps).geocode({ line, postalCode, city });

  it('D5: finds the commune by postal code and name, tolerant of accents, case and hyphens', async () => {
    const evry = await geocode('91000', 'Évry-Courcouronnes');
    expect(evry).toMatchObject({
      insee: '91228',
      communeName: 'Évry-Courcouronnes',
      postalCode: '91000',
      score: 1,
    });
    expect(evry?.point).toEqual({ lat: 48.62948, lon: 2.44008 });
    expect(evry?.label).toBe('1 rue de la Mairie, 91000 Évry-Courcouronnes');
    expect((await geocode('91000', 'EVRY COURCOURONNES'))?.score).toBe(1);
    expect((await geocode('91100', 'Corbeil-Esonnes'))?.insee).toBe('91174'); // typo
    expect((await geocode('91940', 'Ulis (Les)'))?.insee).toBe('91692');
  });

  it('D5: St/Ste are Saint/Sainte, and the postal code tells the two Saint-Denis apart', async () => {
    expect((await geocode('93200', 'St-Denis'))?.insee).toBe('93066');
    expect((await geocode('97400', 'ST DENIS'))?.insee).toBe('97411');
    expect((await geocode('91700', 'Ste Genevieve des Bois'))?.insee).toBe('91549');
    expect(placeKey("L'Haÿ-les-Roses")).toBe('l hay les roses');
    expect(placeKey('Saint-Étienne CEDEX 2')).toBe('saint etienne');
  });

  it('D5: a CEDEX postal code falls back to the name within the département, with a lower score', async () => {
    const cedex = await geocode('91034', 'EVRY CEDEX');
    expect(cedex?.insee).toBe('91228');
    expect(cedex?.score).toBeLessThan(0.8);
    expect(cedex?.postalCode).toBe('91000');
  });

  it('D5: Paris, Lyon and Marseille postal codes give the arrondissement; "Paris" alone the whole city', async () => {
    expect((await geocode('75015', 'Paris'))?.insee).toBe('75115');
    expect((await geocode('75116', 'PARIS'))?.insee).toBe('75116');
    expect((await geocode('75016', 'Paris 16e'))?.insee).toBe('75116');
    expect((await geocode('69003', 'Lyon'))?.insee).toBe('69383');
    expect((await geocode('13008', 'Marseille'))?.insee).toBe('13208');
    const whole = await geocode('75000', 'Paris');
    expect(whole?.insee).toBe('75056');
    expect(whole?.score).toBeLessThan(1);
  });

  it('D5: an address nowhere is not placed; a lone postal code is, with a modest score', async () => {
    expect(await geocode('00000', 'Nulle-Part-sur-Mer')).toBeNull();
    const byCode = await geocode('91080', 'Courcouronnes');
    expect(byCode?.insee).toBe('91228');
    const ambiguous = await geocode('91700', 'Quelque Part');
    expect(ambiguous?.score).toBeLessThanOrEqual(0.6);
  });

  it('the configured geocoder is the offline one by default', () => {
    expect(createGeocoder(deps).kind).toBe('offline');
    expect(createGeocoder({ ...deps, config: { ...deps.config, geocoder: 'geoplateforme' } }).kind).toBe(
      'geoplateforme',
    );
  });
});

describe('commune autocomplete', () => {
  const search = (q: string, limit?: number) => searchCommunes(deps, q, limit);

  it('D5: by postal-code prefix, by name prefix, by a word of the name, by both', async () => {
    const byCode = await search('91000');
    expect(byCode).toEqual([
      {
        insee: '91228',
        name: 'Évry-Courcouronnes',
        postalCode: '91000',
        city: 'Évry-Courcouronnes',
        population: 66919,
      },
    ]);
    const byPrefix = await search('910', 50);
    expect(byPrefix.every((s) => s.postalCode.startsWith('910'))).toBe(true);
    expect(byPrefix.map((s) => s.postalCode)).toEqual([...byPrefix.map((s) => s.postalCode)].sort());
    expect((await search('evry')).map((s) => s.insee)).toEqual(expect.arrayContaining(['89162', '91228']));
    expect((await search('courcouronnes')).map((s) => s.insee)).toContain('91228');
    // Each (commune, postal code) pair is a suggestion: the two largest Saint-Denis, three codes each.
    expect(new Set((await search('st denis', 6)).map((s) => s.insee))).toEqual(new Set(['93066', '97411']));
    expect((await search('93 st denis'))[0]).toMatchObject({ insee: '93066' });
    expect((await search('97 st denis'))[0]).toMatchObject({ insee: '97411' });
  });

  it('D5: Paris is offered by arrondissement, with "Paris" as the postal city', async () => {
    const paris = await search('75015');
    expect(paris).toEqual([
      {
        insee: '75115',
        name: 'Paris 15e Arrondissement',
        postalCode: '75015',
        city: 'Paris',
        population: 229_713,
      },
    ]);
    expect((await search('paris', 30)).map((s) => s.insee)).not.toContain('75056');
    expect(await search('   ')).toEqual([]);
  });
});

describe('Géoplateforme geocoder (against a local server speaking its GeoJSON)', () => {
  let server: Server;
  let url: string;
  let answer: (request: IncomingMessage, response: ServerResponse) => void;
  const queries: URLSearchParams[] = [];
  const feature = (props: Record<string, unknown>, coordinates: [number, number]) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates },
    properties: { label: 'x', score: 0.9, type: 'housenumber', ...props },
  });
  const json =
    (body: unknown, status = 200) =>
    (_: IncomingMessage, response: ServerResponse) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
  const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

  beforeAll(async () => {
    server = createServer((request, response) => {
      queries.push(new URL(request.url ?? '/', 'http://x').searchParams);
      answer(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/geocodage/search`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const geocoder = (timeoutMs = 1000) =>
    createGeoplateformeGeocoder(deps, {
      url,
      timeoutMs,
      fallback: createOfflineGeocoder(deps),
    });
  const address = { line: '12 rue de la Paix', postalCode: '91000', city: 'Évry-Courcouronnes' };

  it('D5: answers the address point, the commune code and the score of the service', async () => {
    answer = json(
      collection(
        feature(
          {
            label: '12 Rue de la Paix 91000 Évry-Courcouronnes',
            score: 0.93,
            citycode: '91228',
            postcode: '91000',
            city: 'Évry-Courcouronnes',
          },
          [2.4301, 48.6245],
        ),
      ),
    );
    const result = await geocoder().geocode(address);
    expect(result).toEqual({
      insee: '91228',
      communeName: 'Évry-Courcouronnes',
      postalCode: '91000',
      point: { lat: 48.6245, lon: 2.4301 },
      score: 0.93,
      precision: 'address',
      label: '12 Rue de la Paix 91000 Évry-Courcouronnes',
      source: 'geoplateforme',
    });
    const q = queries.at(-1);
    expect(q?.get('q')).toBe('12 rue de la Paix 91000 Évry-Courcouronnes');
    expect(q?.get('limit')).toBe('5');
  });

  it('D5: Paris addresses come back by arrondissement', async () => {
    answer = json(
      collection(feature({ citycode: '75115', postcode: '75015', type: 'street' }, [2.29, 48.84])),
    );
    const result = await geocoder().geocode({ line: 'rue de Vaugirard', postalCode: '75015', city: 'Paris' });
    expect(result).toMatchObject({ insee: '75115', precision: 'street', source: 'geoplateforme' });
  });

  it('D5: a slow service falls back to the offline answer after the timeout', async () => {
    answer = (_, response) => {
      setTimeout(() => {
        json(collection())(_, response);
      }, 2000).unref();
    };
    const started = performance.now();
    const result = await geocoder(200).geocode(address);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(result).toMatchObject({ insee: '91228', source: 'offline' });
  });

  it('D5: an error status, a malformed reply or an unknown commune fall back to offline', async () => {
    for (const bad of [
      json({ error: 'boom' }, 500),
      (_: IncomingMessage, response: ServerResponse) => response.writeHead(200).end('<html>not json'),
      json({ type: 'FeatureCollection', features: [{ geometry: null }] }),
      json(collection(feature({ citycode: '99999', postcode: '91000' }, [2.43, 48.62]))),
      json(collection()),
    ]) {
      answer = bad;
      expect(await geocoder().geocode(address)).toMatchObject({ insee: '91228', source: 'offline' });
    }
  });

  it('D5: an unsure answer in another commune is not trusted; a confident one is', async () => {
    answer = json(collection(feature({ citycode: '91174', postcode: '91100', score: 0.45 }, [2.48, 48.61])));
    expect(await geocoder().geocode(address)).toMatchObject({ insee: '91228', source: 'offline' });
    answer = json(collection(feature({ citycode: '91174', postcode: '91100', score: 0.95 }, [2.48, 48.61])));
    expect(await geocoder().geocode(address)).toMatchObject({ insee: '91174', source: 'geoplateforme' });
  });
});
