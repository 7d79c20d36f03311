/**
 * Journeys as a traveller lives them, over the offline providers: airport and station transfers
 * with time and cost, rail where it wins door to door, next-day arrivals, check-in buffers, and the
 * verifier's independent journey checks. Dates are relative to the injected clock.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../agents/planning/calendar.js';
import { planTrip } from '../../agents/planning/coordinator.js';
import { idleMinutes } from '../../agents/planning/itinerary-agent.js';
import { renderPlanText } from '../../agents/planning/plan-text.js';
import type { DaySlot, ScheduledItem } from '../../agents/planning/itinerary-types.js';
import { transferName } from '../../agents/planning/transport-items.js';
import { verifyPlan } from '../../agents/planning/verifier.js';
import type { Providers } from '../../agents/ports/providers.js';
import type { ItineraryActivity, TravelPlan } from '../../agents/schemas/travel-plan.js';
import { TripRequest, type TripRequestInput } from '../../agents/schemas/trip-request.js';
import { DatasetHubs, DatasetRailLinks } from '../../knowledge/dataset/transport.js';
import { loadDestinations } from '../../knowledge/offline/dataset-loader.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';
import { transportData } from '../../knowledge/offline/terminals.js';

/** The longest empty stretch a plan may leave before leaving for the station (minutes). */
const IDLE_LIMIT = 150;
const fixedNow = () => new Date('2026-11-26T00:00:00Z');
const inDays = (n: number) => addDays('2026-11-26', n);
let providers: Providers;

beforeAll(() => {
  providers = createOfflineProviders({ now: fixedNow });
});

function request(input: Partial<TripRequestInput>): TripRequest {
  return TripRequest.parse({
    origin: { name: 'Shanghai' },
    destinations: [{ name: 'Beijing' }],
    startDate: inDays(60),
    days: 4,
    travelers: { adults: 2 },
    language: 'en',
    ...input,
  });
}

async function plan(input: Partial<TripRequestInput>) {
  const out = await planTrip(request(input), { providers, now: fixedNow });
  expect(out.failure).toBeNull();
  return { plan: out.plan!, violations: out.violations };
}

const all = (p: TravelPlan): ItineraryActivity[] =>
  p.itinerary
    .flatMap((d) => d.activities)
    .sort((a, b) => Date.parse(a.startTime!) - Date.parse(b.startTime!));
const journeys = (p: TravelPlan) => all(p).filter((a) => a.type === 'transportation' && !a.transfer);
const hardCodes = (v: { code: string; severity: string }[]) =>
  v.filter((x) => x.severity === 'hard').map((x) => x.code);

describe('transport data', () => {
  it('has a hub for every airport a covered city lists, and rail links name existing stations', () => {
    const { hubs, links } = transportData();
    for (const d of loadDestinations({})) {
      for (const code of d.data.city.airports) {
        const hub = hubs.find((h) => h.code === code);
        expect(hub, `${d.data.city.id} ${code}`).toBeDefined();
        expect(hub!.city).toBe(d.data.city.id);
        expect(hub!.buffers.departure.international).toBeGreaterThan(hub!.buffers.departure.domestic);
      }
    }
    const ids = new Set(hubs.map((h) => h.id));
    for (const l of links) {
      for (const end of [l.from, l.to])
        if (end.hub) expect(ids.has(end.hub), `${l.id} ${end.hub}`).toBe(true);
      expect(l.fastest_minutes).toBeLessThanOrEqual(l.minutes);
    }
    // Records carry the dataset standard.
    expect(DatasetHubs.safeParse({ about: 'x', hubs: [{ ...hubs[0], source: '' }] }).success).toBe(false);
    expect(
      DatasetRailLinks.safeParse({ about: 'x', links: [{ ...links[0], last_checked: 'soon' }] }).success,
    ).toBe(false);
  });

  it('labels offline flights as estimates, with no real-looking flight number', async () => {
    const [sh, bj] = await Promise.all([
      providers.geo.resolveCity('Shanghai'),
      providers.geo.resolveCity('Beijing'),
    ]);
    const offers = await providers.flights.search({
      from: sh!,
      to: bj!,
      date: inDays(60),
      passengers: 1,
      cabinClass: 'economy',
    });
    expect(offers.length).toBeGreaterThan(0);
    for (const f of offers) {
      expect(f.flightNumber).toMatch(/-est-\d{4}$/);
      expect(f.provenance.note).toMatch(/check the airline/);
    }
  });

  it('flies international routes only from airports with international flights', async () => {
    const [seoul, kyoto, tokyo] = await Promise.all([
      providers.geo.resolveCity('Seoul'),
      providers.geo.resolveCity('Kyoto'),
      providers.geo.resolveCity('Tokyo'),
    ]);
    const search = (from: typeof seoul, to: typeof seoul) =>
      providers.flights.search({
        from: from!,
        to: to!,
        date: inDays(40),
        passengers: 1,
        cabinClass: 'economy',
      });
    const abroad = [...(await search(seoul, kyoto)), ...(await search(kyoto, seoul))];
    expect(abroad.length).toBeGreaterThan(0);
    expect(abroad.some((f) => f.toAirport === 'ITM' || f.fromAirport === 'ITM')).toBe(false);
    // Domestic routes still use it.
    const home = await search(tokyo, kyoto);
    expect(home.some((f) => f.toAirport === 'ITM')).toBe(true);
  });

  it('names a transfer for its direction: the train or bus leaves from where it arrived', () => {
    expect(transferName('Narita Express to Tokyo Station', 'arrival', 'en')).toBe(
      'Narita Express to Tokyo Station',
    );
    expect(transferName('Narita Express to Tokyo Station', 'departure', 'en')).toBe(
      'Narita Express from Tokyo Station',
    );
    expect(transferName('机场大巴至市政府', 'departure', 'zh')).toBe('机场大巴·市政府出发');
    expect(transferName('Taxi', 'departure', 'en')).toBe('Taxi');
  });
});

describe('journeys', () => {
  it('takes the Shinkansen Tokyo -> Kyoto, with station transfers costed in the budget', async () => {
    const { plan: p, violations } = await plan({
      origin: { name: 'Shanghai' },
      destinations: [{ name: 'Tokyo' }, { name: 'Kyoto' }],
      days: 6,
    });
    const between = journeys(p).find((a) => a.travelLeg!.from === 'Tokyo' && a.travelLeg!.to === 'Kyoto')!;
    expect(between.travelLeg!.mode).toBe('train');
    expect(between.name).toMatch(/Shinkansen/);
    const transfers = all(p).filter((a) => a.transfer);
    expect(
      transfers.some((a) => a.transfer!.hubKind === 'station' && a.transfer!.direction === 'arrival'),
    ).toBe(true);
    expect(
      transfers.some((a) => a.transfer!.hubKind === 'airport' && a.transfer!.direction === 'arrival'),
    ).toBe(true);
    for (const t of transfers) {
      expect(t.travelLeg!.mode).not.toBe('walk');
      expect(t.travelLeg!.cost).toBeGreaterThan(0);
    }
    const transportCost = p.itinerary
      .flatMap((d) => d.activities)
      .reduce((s, a) => s + (a.travelLeg?.cost ?? 0), 0);
    expect(p.budgetBreakdown.transportation).toBeCloseTo(transportCost, 0);
    expect(hardCodes(violations)).toEqual([]);
  });

  it('never walks out of an airport: the first stop after landing follows a transfer', async () => {
    const { plan: p } = await plan({
      origin: { name: 'Beijing' },
      destinations: [{ name: 'Paris' }],
      days: 5,
    });
    const acts = all(p);
    const i = acts.findIndex((a) => a.travelLeg?.mode === 'flight');
    expect(acts[i + 1]!.transfer).toMatchObject({ direction: 'arrival', hubKind: 'airport' });
    expect(acts[i + 1]!.name).toMatch(/Charles de Gaulle|Orly/);
  });

  it('plans nothing before a next-day landing and books no night spent flying', async () => {
    const { plan: p, violations } = await plan({
      origin: { name: 'New York' },
      destinations: [{ name: 'Tokyo' }],
      days: 6,
      travelers: { adults: 1 },
    });
    const out = journeys(p)[0]!;
    expect(out.travelLeg!.mode).toBe('flight');
    const landed = Date.parse(out.endTime!);
    expect(out.endDayOffset).toBeGreaterThanOrEqual(1);
    for (const a of all(p))
      if (a !== out && a.type !== 'transportation') expect(Date.parse(a.startTime!)).toBeGreaterThan(landed);
    const stay = p.accommodations[0]!;
    expect(stay.checkInDate > p.startDate).toBe(true);
    expect(stay.nights).toBe(p.itinerary.length - 1 - (out.endDayOffset ?? 0));
    expect(hardCodes(violations)).not.toContain('NIGHT_IN_TRANSIT');
    expect(hardCodes(violations)).not.toContain('ACTIVITY_DURING_TRAVEL');
    expect(hardCodes(violations)).not.toContain('MISSING_ACCOMMODATION');
  });

  it('leaves the check-in buffer and the transfer before an international departure', async () => {
    const { plan: p } = await plan({
      origin: { name: 'Shanghai' },
      destinations: [{ name: 'Paris' }],
      days: 5,
    });
    const acts = all(p);
    const back = journeys(p).at(-1)!;
    const lastStop = acts
      .filter((a) => a.type !== 'transportation' && Date.parse(a.endTime!) <= Date.parse(back.startTime!))
      .at(-1)!;
    const toAirport = acts.find((a) => a.transfer?.direction === 'departure')!;
    expect(toAirport.transfer!.bufferMinutes).toBeGreaterThanOrEqual(120);
    const gap = (Date.parse(back.startTime!) - Date.parse(lastStop.endTime!)) / 60000;
    expect(gap).toBeGreaterThanOrEqual(toAirport.transfer!.bufferMinutes + toAirport.duration);
  });

  it('honours "by train" even where flying is quicker, and "no flights"', async () => {
    const byTrain = await plan({
      origin: { name: 'Beijing' },
      destinations: [{ name: 'Chengdu' }],
      transport: { prefer: ['train'], avoid: [] },
    });
    expect(journeys(byTrain.plan).map((a) => a.travelLeg!.mode)).toEqual(['train', 'train']);
    const noFlights = await plan({
      origin: { name: 'Beijing' },
      destinations: [{ name: "Xi'an" }],
      transport: { prefer: [], avoid: ['flight'] },
    });
    expect(noFlights.plan.flights).toEqual([]);
    expect(journeys(noFlights.plan).every((a) => a.travelLeg!.mode === 'train')).toBe(true);
  });

  it('reads a wish to fly as the way there and back: between destinations rail still wins', async () => {
    const { plan: p } = await plan({
      origin: { name: 'Singapore' },
      destinations: [{ name: 'Beijing' }, { name: 'Shanghai' }],
      days: 7,
      transport: { prefer: ['flight'], avoid: [] },
    });
    const modes = journeys(p).map((a) => `${a.travelLeg!.from}>${a.travelLeg!.to}:${a.travelLeg!.mode}`);
    expect(modes).toEqual([
      'Singapore>Beijing:flight',
      'Beijing>Shanghai:train',
      'Shanghai>Singapore:flight',
    ]);
  });

  it('keeps the car when the traveller drives, even where the train is quicker', async () => {
    const { plan: p } = await plan({
      origin: { name: 'Suzhou' },
      destinations: [{ name: 'Hangzhou' }],
      days: 3,
      transport: { prefer: ['self_driving'], avoid: [] },
    });
    expect(journeys(p).map((a) => a.travelLeg!.mode)).toEqual(['self_driving', 'self_driving']);
  });

  it('says so when the train asked for does not run on a leg', async () => {
    const { plan: p } = await plan({
      origin: { name: 'Singapore' },
      destinations: [{ name: 'Tokyo' }],
      days: 4,
      transport: { prefer: ['train'], avoid: [] },
    });
    expect(journeys(p).every((a) => a.travelLeg!.mode === 'flight')).toBe(true);
    expect(p.warnings.filter((w) => w.code === 'MODE_UNAVAILABLE')).toHaveLength(2);
    expect(p.warnings.find((w) => w.code === 'MODE_UNAVAILABLE')!.message).toMatch(/no practical train/);
  });

  it('says where an airport outside the city really is: Kyoto is flown to via Osaka', async () => {
    for (const language of ['en', 'zh'] as const) {
      const { plan: p } = await plan({
        origin: { name: 'Singapore' },
        destinations: [{ name: 'Kyoto' }],
        days: 4,
        language,
      });
      const [out, back] = [journeys(p)[0]!, journeys(p).at(-1)!];
      expect(out.travelLeg!.mode).toBe('flight');
      // The journey still takes the traveller to Kyoto; its name says the plane lands in Osaka.
      expect(out.travelLeg!.to).toMatch(/Kyoto|京都/);
      expect(out.name).toMatch(
        language === 'en' ? /→ Kansai .*\(KIX, Osaka\)/ : /→ 关西国际机场（KIX，大阪）/,
      );
      expect(back.name).toMatch(language === 'en' ? /\(KIX, Osaka\) →/ : /（KIX，大阪） →/);
      const transfer = all(p).find((a) => a.transfer?.direction === 'arrival')!;
      expect(transfer.name).toMatch(language === 'en' ? /Kyoto/ : /京都/);
      expect(transfer.duration).toBeGreaterThanOrEqual(60);
    }
  });

  it('keeps the arrival day light after a long-haul flight or a whole day on the road', async () => {
    for (const input of [
      {
        origin: { name: 'Beijing' },
        destinations: [{ name: 'Shanghai' }],
        transport: { prefer: ['self_driving' as const], avoid: [] },
      },
      { origin: { name: 'Sydney' }, destinations: [{ name: 'Paris' }], days: 6 },
    ]) {
      const { plan: p } = await plan(input);
      const out = journeys(p)[0]!;
      expect(out.travelLeg!.durationMinutes).toBeGreaterThanOrEqual(480);
      const landed = out.endTime!;
      const sameDay = all(p).filter(
        (a) =>
          a.type === 'sightseeing' &&
          a.startTime! > landed &&
          a.startTime!.slice(0, 10) === landed.slice(0, 10),
      );
      expect(
        sameDay.reduce((t, a) => t + a.duration, 0),
        input.origin.name,
      ).toBeLessThanOrEqual(180);
    }
  });

  it('leaves for home at the time asked for, and prints every journey with its times in the summary', async () => {
    const home = async (returnWindow?: [string, string]) => {
      const { plan: p } = await plan({
        origin: { name: 'Shanghai' },
        destinations: [{ name: 'Beijing' }],
        days: 4,
        transport: { prefer: [], avoid: [], ...(returnWindow ? { returnWindow } : {}) },
      });
      return { p, back: journeys(p).at(-1)! };
    };
    const hhmm = (iso: string) => iso.slice(11, 16);
    for (const window of [
      ['06:00', '12:00'],
      ['17:00', '23:30'],
    ] as [string, string][]) {
      const { back } = await home(window);
      expect(
        hhmm(back.startTime!) >= window[0] && hhmm(back.startTime!) <= window[1],
        hhmm(back.startTime!),
      ).toBe(true);
    }
    const { p, back } = await home();
    const text = renderPlanText(p, 'en');
    const summary = text.split('\n## Day 1')[0]!;
    expect(summary).toContain(`Outbound: day 1, ${hhmm(journeys(p)[0]!.startTime!)}`);
    expect(summary).toContain(
      `Return: day 4, ${hhmm(back.startTime!)} Beijing → Shanghai ${hhmm(back.endTime!)}`,
    );
    const zh = renderPlanText(p, 'zh').split('\n## 第1天')[0]!;
    expect(zh).toMatch(/去程: 第1天 \d\d:\d\d/);
    expect(zh).toMatch(/返程: 第4天 \d\d:\d\d/);
  });

  it('takes the train on every leg of a multi-city trip when the traveller will not fly', async () => {
    const { plan: p } = await plan({
      origin: { name: 'Beijing' },
      destinations: [
        { name: 'Shanghai', days: 3 },
        { name: 'Hangzhou', days: 3 },
      ],
      days: 6,
      transport: { prefer: ['train'], avoid: ['flight'] },
    });
    expect(p.flights).toEqual([]);
    expect(journeys(p).map((a) => a.travelLeg!.mode)).toEqual(['train', 'train', 'train']);
  });

  it('prefers high-speed rail Shanghai -> Hangzhou door to door over a taxi or a coach', async () => {
    const { plan: p } = await plan({
      origin: { name: 'Shanghai' },
      destinations: [{ name: 'Hangzhou' }],
      days: 3,
    });
    expect(journeys(p).map((a) => a.travelLeg!.mode)).toEqual(['train', 'train']);
  });
});

describe('idle time', () => {
  const slot = (end: number, meals: ('breakfast' | 'lunch' | 'dinner')[]): DaySlot => ({
    dayNumber: 3,
    date: inDays(60),
    city: { id: 'x' } as DaySlot['city'],
    start: 8 * 60 + 30,
    end,
    meals,
    rainy: false,
    fullDay: false,
  });
  const item = (start: number, end: number, leg = 0) =>
    ({ kind: 'visit', start, end, leg: leg ? { durationMinutes: leg } : null }) as unknown as ScheduledItem;

  it('counts long waits and the empty end of a departure day, not short hops', () => {
    // 09:00-10:30, then 11:00-12:00 (30 min apart): nothing idle on a full day with dinner.
    expect(idleMinutes([item(540, 630), item(660, 720, 20)], slot(21 * 60, ['lunch', 'dinner']))).toBe(0);
    // A departure at 16:00 with the last thing ending at 12:00: four idle hours.
    expect(idleMinutes([item(540, 630), item(660, 720, 20)], slot(16 * 60, ['lunch']))).toBe(240);
    // A two-hour wait in the afternoon (less a 15-minute ride) on a full day.
    expect(idleMinutes([item(540, 840), item(975, 1050, 15)], slot(21 * 60, ['dinner']))).toBe(120);
  });

  it('fills the hours before an evening train home', async () => {
    const { plan: p } = await plan({
      origin: { name: 'Hangzhou' },
      destinations: [{ name: 'Beijing' }],
      days: 5,
      travelers: { adults: 2, children: 1, childAges: [9] },
    });
    const acts = all(p);
    const leave = acts.find((a) => a.transfer?.direction === 'departure')!;
    const before = acts.filter(
      (a) => a.type !== 'transportation' && Date.parse(a.endTime!) <= Date.parse(leave.startTime!),
    );
    const gap = (Date.parse(leave.startTime!) - Date.parse(before.at(-1)!.endTime!)) / 60000;
    expect(gap).toBeLessThan(IDLE_LIMIT);
  });
});

describe('verifier journey checks', () => {
  it('flags an activity during a flight, a walk from the airport and a missing check-in buffer', async () => {
    const { plan: p } = await plan({
      origin: { name: 'Shanghai' },
      destinations: [{ name: 'Beijing' }],
      days: 4,
    });
    const broken = structuredClone(p) as TravelPlan;
    const day1 = broken.itinerary[0]!;
    const flight = day1.activities.find(
      (a) => a.travelLeg?.mode === 'flight' || a.travelLeg?.mode === 'train',
    )!;
    // Drop the arrival transfer and walk to the first stop; move a meal into the journey.
    day1.activities = day1.activities.filter((a) => !a.transfer);
    const first = day1.activities.find((a) => a.type !== 'transportation')!;
    first.travelLeg = { ...first.travelLeg!, mode: 'walk', cost: 0 };
    const meal = { ...first, id: 'activity_x', startTime: flight.startTime, endTime: flight.endTime };
    day1.activities.push(meal);
    const lastDay = broken.itinerary.at(-1)!;
    const back = lastDay.activities.find((a) => a.type === 'transportation' && !a.transfer)!;
    const before = lastDay.activities.filter((a) => a.type !== 'transportation').at(-1)!;
    before.endTime = new Date(Date.parse(back.startTime!) - 10 * 60000).toISOString().replace('Z', '+00:00');
    const v = verifyPlan(broken, {
      request: request({}),
      registry: new Map(),
      people: 2,
      budget: null,
      origin: broken.origin!,
    });
    const codes = v.map((x) => x.code);
    expect(codes).toContain('ACTIVITY_DURING_TRAVEL');
    expect(codes).toContain('WALK_FROM_HUB');
    expect(codes).toContain('DEPARTURE_BUFFER');
    // Transfers are not legs of the route: the untouched plan has a continuous route.
    const clean = verifyPlan(p, {
      request: request({}),
      registry: new Map(),
      people: 2,
      budget: null,
      origin: p.origin!,
    });
    expect(clean.map((x) => x.code)).not.toContain('ROUTE');
  });
});
