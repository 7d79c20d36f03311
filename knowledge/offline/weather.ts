/**
 * Offline "forecast": the curated monthly climate normals of a city (knowledge/destinations),
 * labelled as a climate normal, not a forecast. Deterministic:
 *
 * - temperatures: the month's normal high/low, linearly blended toward the neighbouring month's by
 *   the date's distance from mid-month (so 31 Jan and 1 Feb do not jump), rounded;
 * - condition and humidity: the month's;
 * - precipitation chance: rainy days / 30, as a percentage (capped at 100);
 * - wind: 10 km/h (no wind normals are bundled);
 * - UV index: clear-sky estimate 12.5 x sin(noon solar elevation)^2.5 from latitude and date,
 *   x 0.75 when cloudy, x 0.6 when rainy/stormy/foggy/snowy, rounded.
 *
 * Null for a city without curated data.
 */
import type { CityInfo, WeatherProvider } from '../../agents/ports/providers.js';
import type { Provenance, WeatherInfo } from '../../agents/schemas/travel-plan.js';
import { CuratedCatalog } from './curated-catalog.js';
import { dayOfYear } from './geodesy.js';
import type { OfflineCatalogOptions } from './hotels.js';
import { estimate, systemClock, type Clock } from './provenance.js';

export const DEFAULT_WIND_KMH = 10;

const CLOUD_FACTOR: Record<WeatherInfo['condition'], number> = {
  sunny: 1,
  cloudy: 0.75,
  rainy: 0.6,
  stormy: 0.6,
  foggy: 0.6,
  snowy: 0.6,
};

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Clear-sky noon UV index estimate for a latitude and date. */
export function clearSkyUv(latitude: number, date: string): number {
  const declination = 23.44 * Math.sin(((2 * Math.PI) / 365) * (284 + dayOfYear(date)));
  const elevation = 90 - Math.abs(latitude - declination);
  if (elevation <= 0) return 0;
  return 12.5 * Math.sin((elevation * Math.PI) / 180) ** 2.5;
}

export class OfflineWeatherProvider implements WeatherProvider {
  private readonly catalog: CuratedCatalog;
  private readonly clock: Clock;

  constructor(options: OfflineCatalogOptions = {}) {
    this.catalog = options.catalog ?? new CuratedCatalog({ dir: options.datasetDir });
    this.clock = options.clock ?? systemClock;
  }

  async forecast(city: CityInfo, date: string): Promise<(WeatherInfo & { provenance: Provenance }) | null> {
    const entry = this.catalog.forCity(city);
    if (!entry) return null;
    const year = Number(date.slice(0, 4));
    const month = Number(date.slice(5, 7));
    const day = Number(date.slice(8, 10));
    const normals = entry.data.climate;
    const byMonth = (m: number) => normals.find((n) => n.month === ((m + 11) % 12) + 1);
    const current = byMonth(month);
    if (!current) return null;
    // Blend toward the neighbouring month: weight 0 at mid-month, 0.5 at the month boundary.
    const mid = (daysInMonth(year, month) + 1) / 2;
    const offset = (day - mid) / daysInMonth(year, month);
    const neighbour = byMonth(offset >= 0 ? month + 1 : month - 1) ?? current;
    const w = Math.min(0.5, Math.abs(offset));
    const high = Math.round(current.high_c * (1 - w) + neighbour.high_c * w);
    const low = Math.min(high, Math.round(current.low_c * (1 - w) + neighbour.low_c * w));
    const latitude = entry.data.city.coordinates[0];
    const uv = Math.round(clearSkyUv(latitude, date) * CLOUD_FACTOR[current.condition]);
    return {
      date,
      temperatureHigh: high,
      temperatureLow: low,
      condition: current.condition,
      humidity: current.humidity,
      windSpeed: DEFAULT_WIND_KMH,
      precipitationChance: Math.min(100, Math.round((current.precipitation_days / 30) * 100)),
      uvIndex: Math.max(0, Math.min(20, uv)),
      provenance: estimate(
        this.clock,
        entry.source,
        `${entry.data.city.id}:climate:${current.month}`,
        `Climate normal for month ${current.month}, not a forecast: typical high/low, the month's usual sky, rain chance = rainy days / 30; wind assumed ${DEFAULT_WIND_KMH} km/h; UV estimated from latitude and season.`,
      ),
    };
  }
}
