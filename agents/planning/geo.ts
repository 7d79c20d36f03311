/** Small geometry helpers for planning (pure). */
import type { Coordinates } from '../schemas/common.js';

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km. */
export function haversineKm(a: Coordinates, b: Coordinates): number {
  const toRad = (d: number) => (d * Math.PI) / 180;
  const dLat = toRad(b[0] - a[0]);
  const dLon = toRad(b[1] - a[1]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a[0])) * Math.cos(toRad(b[0])) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Mean of the given points (fine at city scale); undefined for none. */
export function centroid(points: (Coordinates | undefined)[]): Coordinates | undefined {
  const known = points.filter((p): p is Coordinates => Array.isArray(p));
  if (known.length === 0) return undefined;
  const lat = known.reduce((s, p) => s + p[0], 0) / known.length;
  const lon = known.reduce((s, p) => s + p[1], 0) / known.length;
  return [lat, lon];
}
