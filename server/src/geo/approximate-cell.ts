import { EARTH_RADIUS_M, haversineM, type LatLon } from './distance.ts';

/** Side of a cell, metres: 1.5 km leaves a margin above D10's 1 km for the ellipsoid and for rounding. */
export const CELL_SIZE_M = 1500;

const RAD = Math.PI / 180;
const METRES_PER_DEGREE = EARTH_RADIUS_M * RAD;
const CELL_LAT_DEG = CELL_SIZE_M / METRES_PER_DEGREE;

export interface ApproximateCell {
  /** Stable name of the cell ("1500m:3605:171"): equal for every point inside it. */
  cellId: string;
  /** The middle of the cell: the only coordinates a pool professional may see (D10). */
  centre: LatLon;
  /** A circle of this radius around the centre covers the whole cell. */
  radiusM: number;
}

/**
 * D10's approximate location: the fixed grid cell that contains a point. Rows are bands of 1.5 km of latitude;
 * inside a band, columns are 1.5 km wide along the band's poleward edge, where longitude degrees are shortest,
 * so every cell is at least 1.5 km across in every direction, from Kerguelen to Saint-Pierre-et-Miquelon.
 * Deterministic and independent of anything but the point: a patient's requests all show the same cell, and
 * averaging them teaches nothing finer.
 */
export function approximateCell(point: LatLon): ApproximateCell {
  if (
    !Number.isFinite(point.lat) ||
    !Number.isFinite(point.lon) ||
    Math.abs(point.lat) > 89 ||
    Math.abs(point.lon) > 180
  )
    throw new RangeError('approximateCell: coordinates out of range');
  const row = Math.floor(point.lat / CELL_LAT_DEG);
  const south = row * CELL_LAT_DEG;
  const north = (row + 1) * CELL_LAT_DEG;
  const lonDeg = cellLonDegrees(row);
  const column = Math.floor(point.lon / lonDeg);
  const west = column * lonDeg;
  const east = (column + 1) * lonDeg;
  const centre = { lat: round6((south + north) / 2), lon: round6((west + east) / 2) };
  const corners = [
    { lat: south, lon: west },
    { lat: south, lon: east },
    { lat: north, lon: west },
    { lat: north, lon: east },
  ];
  const radiusM = Math.ceil(Math.max(...corners.map((c) => haversineM(centre, c))) / 10) * 10;
  return { cellId: `${CELL_SIZE_M}m:${row}:${column}`, centre, radiusM };
}

/** The bounds of a cell, for tests and maps. */
export function cellBounds(cellId: string): { south: number; north: number; west: number; east: number } {
  const match = /^(\d+)m:(-?\d+):(-?\d+)$/.exec(cellId);
  if (!match || Number(match[1]) !== CELL_SIZE_M) throw new RangeError(`unknown cell ${cellId}`);
  const row = Number(match[2]);
  const column = Number(match[3]);
  const lonDeg = cellLonDegrees(row);
  return {
    south: row * CELL_LAT_DEG,
    north: (row + 1) * CELL_LAT_DEG,
    west: column * lonDeg,
    east: (column + 1) * lonDeg,
  };
}

function cellLonDegrees(row: number): number {
  const poleward = Math.max(Math.abs(row * CELL_LAT_DEG), Math.abs((row + 1) * CELL_LAT_DEG));
  return CELL_LAT_DEG / Math.cos(poleward * RAD);
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
