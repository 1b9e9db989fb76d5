export interface LatLon {
  lat: number;
  lon: number;
}

/** Mean Earth radius (IUGG), metres: haversine distances err by < 0.5 % against the ellipsoid. */
export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres. */
export function haversineM(a: LatLon, b: LatLon): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface BoundingBox {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

/** A box that contains every point within `radiusM` of `centre` (the index narrows, haversine decides). */
export function boundingBox(centre: LatLon, radiusM: number): BoundingBox {
  const dLat = radiusM / EARTH_RADIUS_M / RAD;
  const minLat = Math.max(-90, centre.lat - dLat);
  const maxLat = Math.min(90, centre.lat + dLat);
  const widest = Math.max(Math.abs(minLat), Math.abs(maxLat));
  const cos = Math.cos(widest * RAD);
  // Near a pole (never in France) the box spans every longitude.
  const dLon = cos < 1e-6 ? 180 : Math.min(180, dLat / cos);
  return { minLat, maxLat, minLon: centre.lon - dLon, maxLon: centre.lon + dLon };
}
