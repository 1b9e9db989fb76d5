export interface LatLon {
    lat: number;
    lon: number;
}
/** Mean Earth radius (IUGG), metres: haversine distances err by < 0.5 % against the ellipsoid. */
export declare const EARTH_RADIUS_M = 6371008.8;
/** Great-circle distance in metres. */
export declare function haversineM(a: LatLon, b: LatLon): number;
export interface BoundingBox {
    minLat: number;
    maxLat: number;
    minLon: number;
    maxLon: number;
}
/** A box that contains every point within `radiusM` of `centre` (the index narrows, haversine decides). */
export declare function boundingBox(centre: LatLon, radiusM: number): BoundingBox;
