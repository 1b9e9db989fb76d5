import { type LatLon } from './distance.ts';
/** Side of a cell, metres: 1.5 km leaves a margin above D10's 1 km for the ellipsoid and for rounding. */
export declare const CELL_SIZE_M = 1500;
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
export declare function approximateCell(point: LatLon): ApproximateCell;
/** The bounds of a cell, for tests and maps. */
export declare function cellBounds(cellId: string): {
    south: number;
    north: number;
    west: number;
    east: number;
};
