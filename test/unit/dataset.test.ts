/**
 * Curated destination data (knowledge/destinations/*.json): every file validates against the
 * dataset schema, every place lies within the city's radius of its centre, every opening-hours
 * string parses, ids are unique within and across files, names do not collide between cities,
 * climate normals cover each month once, and there are at least 12 cities.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseOpeningHours } from '../../agents/planning/opening-hours.js';
import { DestinationDataset } from '../../knowledge/dataset/schema.js';
import { USD_RATES } from '../../knowledge/offline/exchange-rates.js';
import { normalizeName } from '../../knowledge/offline/place-names.js';

const DIR = fileURLToPath(new URL('../../knowledge/destinations/', import.meta.url));
const files = readdirSync(DIR)
  .filter((n) => n.endsWith('.json'))
  .sort();

/** Independent haversine (km), so a bug in the providers' geodesy cannot hide bad data. */
function km(a: readonly [number, number], b: readonly [number, number]): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b[0] - a[0]) * rad) / 2) ** 2 +
    Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(((b[1] - a[1]) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function read(file: string): unknown {
  return JSON.parse(readFileSync(path.join(DIR, file), 'utf8'));
}

/** Parsed data of the files that validate (files that do not are reported by their own test). */
const parsed = new Map<string, DestinationDataset>();
for (const file of files) {
  try {
    const result = DestinationDataset.safeParse(read(file));
    if (result.success) parsed.set(file, result.data);
  } catch {
    // Unreadable JSON: reported by the schema test below.
  }
}

function places(d: DestinationDataset) {
  return [
    ...d.attractions.map((p) => ({ kind: 'attraction', id: p.id, coordinates: p.coordinates })),
    ...d.restaurants.map((p) => ({ kind: 'restaurant', id: p.id, coordinates: p.coordinates })),
    ...d.hotels.map((p) => ({ kind: 'hotel', id: p.id, coordinates: p.coordinates })),
  ];
}

describe('curated destination files', () => {
  it('there are at least 12 cities', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  for (const file of files) {
    describe(file, () => {
      const data = () => {
        const d = parsed.get(file);
        if (!d) throw new Error(`${file} does not validate (see the schema test)`);
        return d;
      };

      it('validates against the DestinationDataset schema', () => {
        const result = DestinationDataset.safeParse(read(file));
        const issues = result.success
          ? []
          : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
        expect(issues).toEqual([]);
      });

      it('is named after its city id', () => {
        expect(file).toBe(`${data().city.id}.json`);
      });

      it('every attraction, restaurant and hotel lies within radius_km of the centre', () => {
        const { city } = data();
        const outside = places(data())
          .map((p) => ({ ...p, km: Math.round(km(city.coordinates, p.coordinates) * 10) / 10 }))
          .filter((p) => p.km > city.radius_km)
          .map((p) => `${p.kind} ${p.id}: ${p.km} km > ${city.radius_km} km`);
        expect(outside).toEqual([]);
      });

      it('every opening-hours entry parses into sane intervals', () => {
        const bad: string[] = [];
        for (const p of [...data().attractions, ...data().restaurants]) {
          try {
            const week = parseOpeningHours(p.hours);
            const open = week.some((day) => day.length > 0);
            const sane = week.every((day) => day.every(([o, c]) => o >= 0 && o < c && c <= 2880));
            if (!open) bad.push(`${p.id}: "${p.hours}" is never open`);
            if (!sane) bad.push(`${p.id}: "${p.hours}" has an inverted interval`);
          } catch (err) {
            bad.push(`${p.id}: "${p.hours}": ${(err as Error).message}`);
          }
        }
        expect(bad).toEqual([]);
      });

      it('has no duplicate ids within the file', () => {
        const ids = places(data()).map((p) => p.id);
        expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
      });

      it('has one climate normal per month with high >= low', () => {
        const { climate } = data();
        expect(climate.map((c) => c.month).sort((a, b) => a - b)).toEqual([
          1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
        ]);
        expect(climate.filter((c) => c.high_c < c.low_c).map((c) => c.month)).toEqual([]);
      });

      it('uses a real time zone and a currency the offline rate table knows', () => {
        const { city } = data();
        expect(() => new Intl.DateTimeFormat('en', { timeZone: city.timezone })).not.toThrow();
        expect(Object.keys(USD_RATES)).toContain(city.currency);
      });
    });
  }

  it('has no duplicate place ids across files, and no duplicate city ids', () => {
    const owners = new Map<string, string[]>();
    for (const [file, d] of parsed) {
      for (const p of places(d)) owners.set(p.id, [...(owners.get(p.id) ?? []), file]);
    }
    const dupes = [...owners]
      .filter(([, where]) => where.length > 1)
      .map(([id, where]) => `${id}: ${where.join(', ')}`);
    expect(dupes).toEqual([]);
    const cityIds = [...parsed.values()].map((d) => d.city.id);
    expect(cityIds.filter((id, i) => cityIds.indexOf(id) !== i)).toEqual([]);
  });

  it('no name or alias belongs to two cities', () => {
    const owners = new Map<string, Set<string>>();
    for (const d of parsed.values()) {
      const c = d.city;
      for (const n of [c.id, c.name_en, c.name_zh, ...c.aliases]) {
        const key = normalizeName(n);
        owners.set(key, (owners.get(key) ?? new Set()).add(c.id));
      }
    }
    const shared = [...owners]
      .filter(([, ids]) => ids.size > 1)
      .map(([name, ids]) => `${name}: ${[...ids].join(', ')}`);
    expect(shared).toEqual([]);
  });
});
