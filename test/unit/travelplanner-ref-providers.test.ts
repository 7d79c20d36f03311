/**
 * Providers over one TravelPlanner query's reference information
 * (test/bench/travelplanner/ref-providers.ts). Data: TravelPlanner (Xie et al., ICML 2024),
 * CC-BY-4.0; skipped when the data folder is absent (an error under CI:
 * travelPlannerTestsEnabled).
 */
import { describe, expect, it } from 'vitest';
import { loadCityStates, loadTrainQueries, travelPlannerTestsEnabled } from '../bench/travelplanner/data.js';
import { REF_SOURCE, createRefProviders } from '../bench/travelplanner/ref-providers.js';

const available = travelPlannerTestsEnabled();

/** Local date and HH:MM of an instant in a zone. */
function localOf(ms: number, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (t: string) => parts.find((x) => x.type === t)!.value;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** The instant at which a zone's clock shows the date and time. */
function instantOf(date: string, time: string, timeZone: string): number {
  const wall = Date.parse(`${date}T${time}:00Z`);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const shown = localOf(guess, timeZone);
    guess += wall - Date.parse(`${shown.date}T${shown.time}:00Z`);
  }
  return guess;
}

describe.skipIf(!available)('createRefProviders', () => {
  const queries = available ? loadTrainQueries() : [];
  const cityStates = available ? loadCityStates() : new Map<string, string>();
  const providersFor = (i: number) => createRefProviders(queries[i]!.refInfo, { cityStates });

  it('knows the destination and the origin, with state, zone and USD', async () => {
    const p = providersFor(0);
    const rockford = await p.geo.resolveCity('rockford');
    expect(rockford).toMatchObject({
      id: 'tp:Rockford',
      name: 'Rockford',
      country: 'US',
      region: 'Illinois',
      currency: 'USD',
    });
    expect(rockford?.timezone).toBe('America/Chicago');
    expect(rockford?.coordinates).toHaveLength(2);
    expect((await p.geo.resolveCity('St. Petersburg'))?.timezone).toBe('America/New_York');
    expect(await p.geo.resolveCity('Paris')).toBeNull();
  });

  it('lists the cities of a state it can plan in', async () => {
    const p = providersFor(5); // Orlando -> 2 cities in Texas
    const texas = await p.geo.citiesInRegion('Texas');
    expect(texas.length).toBeGreaterThanOrEqual(2);
    expect(texas.every((c) => c.region === 'Texas')).toBe(true);
    expect(texas.map((c) => c.name)).not.toContain('Orlando');
  });

  it('returns the flights of the leg and date, price per person, verified', async () => {
    const p = providersFor(0);
    const [from, to] = [(await p.geo.resolveCity('St. Petersburg'))!, (await p.geo.resolveCity('Rockford'))!];
    const offers = await p.flights.search({
      from,
      to,
      date: '2022-03-16',
      passengers: 1,
      cabinClass: 'economy',
    });
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({
      flightNumber: 'F3573659',
      price: 474,
      currency: 'USD',
      departureTime: '15:40',
      arrivalTime: '17:04',
      durationMinutes: 144,
      stops: 0,
      provenance: { source: REF_SOURCE, kind: 'verified' },
    });
    expect(offers[0]!.arrivalDate).toBeUndefined();
    expect(
      await p.flights.search({ from, to, date: '2022-03-17', passengers: 1, cabinClass: 'economy' }),
    ).toEqual([]);
  });

  it('maps stays: room type, house rules, minimum nights, occupancy, rating', async () => {
    const p = providersFor(0);
    const city = (await p.geo.resolveCity('Rockford'))!;
    const stays = await p.hotels.search({ city, checkIn: '2022-03-16', checkOut: '2022-03-18', guests: 1 });
    const raw = queries[0]!.refInfo['Accommodations in Rockford'] as { NAME: string }[];
    expect(stays).toHaveLength(raw.length);
    const s = stays.find((x) => x.name === 'Private Room in a two bedroom apt.')!;
    expect(s).toMatchObject({
      roomType: 'private_room',
      pricePerNight: 210,
      minimumNights: 1,
      maxOccupancy: 2,
      rating: 4,
      houseRules: { visitors: false, smoking: false, parties: true, pets: true, children_under_10: true },
    });
    expect(stays.find((x) => x.roomType === 'entire_room')).toBeDefined();
  });

  it('maps attractions (no hours, no ticket price) and restaurants (cuisines, cost per person)', async () => {
    const p = providersFor(0);
    const city = (await p.geo.resolveCity('Rockford'))!;
    const sights = await p.attractions.attractions(city);
    expect(sights[0]).toMatchObject({
      name: 'Burpee Museum of Natural History',
      hours: null,
      category: 'museum',
    });
    expect(sights[0]!.ticketPrice).toBeUndefined();
    expect(sights[0]!.coordinates?.[0]).toBeCloseTo(42.2773, 3);
    const food = await p.restaurants.restaurants(city);
    expect(food.find((r) => r.name === 'Coco Bambu')).toMatchObject({
      cuisines: ['Tea', 'French', 'Bakery', 'BBQ', 'Cafe'],
      averageCost: 72,
      rating: 4.9,
      currency: 'USD',
    });
    // Repeated names stay separate entries with their own ids.
    const subways = food.filter((r) => r.name === 'Subway');
    expect(new Set(subways.map((r) => r.id)).size).toBe(subways.length);
  });

  it('parses self-driving and taxi legs, per vehicle', async () => {
    const p = providersFor(1); // Kansas City -> Pensacola, no flights
    const [from, to] = [(await p.geo.resolveCity('Kansas City'))!, (await p.geo.resolveCity('Pensacola'))!];
    const options = await p.intercity.options(from, to, '2022-03-27');
    expect(options).toEqual([
      expect.objectContaining({
        mode: 'self_driving',
        durationMinutes: 844,
        distanceKm: 1433,
        cost: 71,
        unit: 'vehicle',
        capacity: 5,
      }),
      expect.objectContaining({
        mode: 'taxi',
        durationMinutes: 844,
        distanceKm: 1433,
        cost: 1433,
        unit: 'vehicle',
        capacity: 4,
      }),
    ]);
    const q0 = providersFor(0);
    const none = await q0.intercity.options(
      (await q0.geo.resolveCity('St. Petersburg'))!,
      (await q0.geo.resolveCity('Rockford'))!,
      '2022-03-16',
    );
    expect(none).toEqual([]);
  });

  it('estimates local legs, has no weather or knowledge, and converts USD only', async () => {
    const p = providersFor(0);
    const city = (await p.geo.resolveCity('Rockford'))!;
    const legs = p.local.legs(city, [42.2773, -89.0881], [42.2771, -89.0894]);
    expect(legs[0]).toMatchObject({ mode: 'walk', provenance: { kind: 'estimate' } });
    expect(legs.every((l) => l.provenance.kind === 'estimate')).toBe(true);
    expect(await p.weather.forecast(city, '2022-03-16')).toBeNull();
    expect(await p.knowledge.search({ text: 'Rockford' })).toEqual([]);
    expect(await p.knowledge.destinations()).toEqual([]);
    expect(p.rates.convert(12.5, 'USD', 'USD')).toBe(12.5);
    expect(() => p.rates.convert(1, 'USD', 'CNY')).toThrow(/USD only/);
  });

  it('every training flight lands at its stated arrival time in the zones given', async () => {
    for (const q of queries) {
      const p = createRefProviders(q.refInfo, { cityStates });
      for (const key of Object.keys(q.refInfo)) {
        const m = /^Flight from (.+) to (.+) on (.+)$/.exec(key);
        if (!m) continue;
        const [from, to] = [(await p.geo.resolveCity(m[1]!))!, (await p.geo.resolveCity(m[2]!))!];
        for (const f of await p.flights.search({
          from,
          to,
          date: m[3]!,
          passengers: 1,
          cabinClass: 'economy',
        })) {
          const departure = instantOf(f.date, f.departureTime, from.timezone!);
          const arrival = localOf(departure + f.durationMinutes * 60_000, to.timezone!);
          expect(arrival, `${key} ${f.flightNumber}`).toEqual({
            date: f.arrivalDate ?? f.date,
            time: f.arrivalTime,
          });
        }
      }
    }
  });
});
