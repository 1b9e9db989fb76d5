import { describe, expect, it } from 'vitest';
import { approximateCell, cellBounds } from './approximate-cell.ts';
import { haversineM } from './distance.ts';

/** Places spanning metropolitan and overseas France, from the equator to the subantarctic. */
const PLACES = {
  evry: { lat: 48.62948, lon: 2.44008 },
  dunkerque: { lat: 51.0343, lon: 2.377 },
  bonifacio: { lat: 41.3874, lon: 9.1595 },
  saintPierre: { lat: 46.7811, lon: -56.1764 },
  cayenne: { lat: 4.9224, lon: -52.3135 },
  pointeAPitre: { lat: 16.2411, lon: -61.5331 },
  saintDenisReunion: { lat: -20.93297, lon: 55.44687 },
  mamoudzou: { lat: -12.7806, lon: 45.2279 },
  papeete: { lat: -17.5516, lon: -149.5585 },
  noumea: { lat: -22.2758, lon: 166.458 },
  mataUtu: { lat: -13.2825, lon: -176.1736 },
  portAuxFrancais: { lat: -49.3497, lon: 70.2197 },
};

/** Pseudo-random but reproducible points. */
function* points(count: number, seed = 42) {
  let s = seed;
  const next = () => (s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  for (let i = 0; i < count; i++) yield { lat: -50 + next() * 102, lon: -178 + next() * 356 };
}

describe('approximate cell', () => {
  it('D10: every cell is at least 1 km across in every direction, in metropolitan and overseas France', () => {
    for (const point of [...Object.values(PLACES), ...points(2000)]) {
      const { cellId } = approximateCell(point);
      const b = cellBounds(cellId);
      const southEdge = haversineM({ lat: b.south, lon: b.west }, { lat: b.south, lon: b.east });
      const northEdge = haversineM({ lat: b.north, lon: b.west }, { lat: b.north, lon: b.east });
      const westEdge = haversineM({ lat: b.south, lon: b.west }, { lat: b.north, lon: b.west });
      expect(Math.min(southEdge, northEdge, westEdge)).toBeGreaterThanOrEqual(1000);
      expect(point.lat).toBeGreaterThanOrEqual(b.south);
      expect(point.lat).toBeLessThan(b.north);
      expect(point.lon).toBeGreaterThanOrEqual(b.west);
      expect(point.lon).toBeLessThan(b.east);
    }
  });

  it('D10: the cell is deterministic and the same for every point inside it', () => {
    const a = approximateCell(PLACES.evry);
    expect(approximateCell({ ...PLACES.evry })).toEqual(a);
    const b = cellBounds(a.cellId);
    const inside = [
      { lat: b.south + 1e-9, lon: b.west + 1e-9 },
      { lat: b.north - 1e-9, lon: b.east - 1e-9 },
      { lat: (b.south + b.north) / 2, lon: b.west + 1e-9 },
    ];
    for (const p of inside) expect(approximateCell(p)).toEqual(a);
  });

  it('D10: the centre and circle reveal no more than the cell: the point never is the centre, the circle covers the cell', () => {
    for (const point of Object.values(PLACES)) {
      const cell = approximateCell(point);
      const b = cellBounds(cell.cellId);
      expect(cell.centre.lat).toBeCloseTo((b.south + b.north) / 2, 5);
      expect(cell.centre.lon).toBeCloseTo((b.west + b.east) / 2, 5);
      expect(haversineM(cell.centre, point)).toBeLessThanOrEqual(cell.radiusM);
      expect(cell.radiusM).toBeGreaterThanOrEqual(1000);
      expect(cell.radiusM).toBeLessThan(2500);
    }
  });

  it('D10: points 3 km apart fall in different cells', () => {
    const a = approximateCell(PLACES.evry);
    expect(approximateCell({ lat: PLACES.evry.lat + 0.027, lon: PLACES.evry.lon }).cellId).not.toBe(a.cellId);
    expect(approximateCell({ lat: PLACES.evry.lat, lon: PLACES.evry.lon + 0.041 }).cellId).not.toBe(a.cellId);
  });

  it('refuses coordinates that are not on Earth', () => {
    expect(() => approximateCell({ lat: Number.NaN, lon: 2 })).toThrow(RangeError);
    expect(() => approximateCell({ lat: 48, lon: 200 })).toThrow(RangeError);
  });
});
