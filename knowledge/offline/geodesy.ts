/** Distances and UTC offsets used by the offline estimators (pure, no data). */
import type { Coordinates } from '../../agents/schemas/common.js';

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle (haversine) distance in km. */
export function greatCircleKm(a: Coordinates, b: Coordinates): number {
  const rad = Math.PI / 180;
  const dLat = (b[0] - a[0]) * rad;
  const dLon = (b[1] - a[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Offset of an IANA zone from UTC in minutes at local noon of a date (`+480` for Asia/Shanghai);
 * undefined for an unknown zone.
 */
export function utcOffsetMinutes(timeZone: string, date: string): number | undefined {
  let fmt = offsetFormatters.get(timeZone);
  if (!fmt) {
    try {
      fmt = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    } catch {
      return undefined;
    }
    offsetFormatters.set(timeZone, fmt);
  }
  const part = fmt.formatToParts(new Date(`${date}T12:00:00Z`)).find((p) => p.type === 'timeZoneName');
  const m = /GMT(?:([+-])(\d{1,2})(?::?(\d{2}))?)?/.exec(part?.value ?? '');
  if (!m) return undefined;
  if (!m[1]) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

/** Whole days added to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Day of the year, 1..366. */
export function dayOfYear(date: string): number {
  const t = Date.parse(`${date}T00:00:00Z`);
  const start = Date.parse(`${date.slice(0, 4)}-01-01T00:00:00Z`);
  return Math.floor((t - start) / 86_400_000) + 1;
}
