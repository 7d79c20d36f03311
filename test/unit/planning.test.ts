/**
 * The planning engine over the offline providers (bundled open data, no network).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { planTrip, splitNights } from '../../agents/planning/coordinator.js';
import { rankFlights } from '../../agents/planning/flight-agent.js';
import { filterHotels, roomsNeeded } from '../../agents/planning/hotel-agent.js';
import { MEAL_WINDOWS } from '../../agents/planning/itinerary-types.js';
import {
  OpeningHoursError,
  intervalsOn,
  isOpenFor,
  parseOpeningHours,
} from '../../agents/planning/opening-hours.js';
import { renderPlanText } from '../../agents/planning/plan-text.js';
import { recommendDestinations } from '../../agents/planning/recommendation-agent.js';
import type { PlanOutcome } from '../../agents/planning/types.js';
import type { FlightOffer, HotelOffer, Providers } from '../../agents/ports/providers.js';
import { TravelPlan } from '../../agents/schemas/travel-plan.js';
import { TripRequest, type TripRequestInput } from '../../agents/schemas/trip-request.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';

let providers: Providers;
const fixedNow = () => new Date('2026-11-26T00:00:00Z');

beforeAll(() => {
  providers = createOfflineProviders({ now: fixedNow });
});

function request(input: Partial<TripRequestInput>): TripRequest {
  return TripRequest.parse({
    origin: { name: '上海' },
    destinations: [{ name: '北京' }],
    startDate: '2027-05-10',
    days: 3,
    travelers: { adults: 2 },
    budget: { amount: 15000, currency: 'CNY' },
    ...input,
  });
}

const minutes = (iso: string | null | undefined) => {
  const m = /T(\d{2}):(\d{2})/.exec(iso ?? '');
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
};

describe('opening hours', () => {
  it('parses the OSM subset with closing days, split shifts and past-midnight hours', () => {
    const h = parseOpeningHours('Tu-Su 08:30-17:00; Mo off');
    expect(h[1]).toEqual([]); // Monday
    expect(h[2]).toEqual([[510, 1020]]);
    const split = parseOpeningHours('Mo-Fr 11:00-14:00,17:00-22:00; Sa,Su 10:00-23:00');
    expect(split[3]).toEqual([
      [660, 840],
      [1020, 1320],
    ]);
    expect(split[0]).toEqual([[600, 1380]]);
    const late = parseOpeningHours('Mo-Su 18:00-02:00');
    expect(late[4]).toEqual([[1080, 1560]]);
    // Spill-over into the next morning (2027-05-11 is a Tuesday).
    expect(intervalsOn(late, '2027-05-11')).toContainEqual([0, 120]);
    expect(parseOpeningHours('24/7').every((d) => d.length === 1 && d[0]![1] === 1440)).toBe(true);
    // Wrapping day range Fr-Mo.
    const wrap = parseOpeningHours('Fr-Mo 10:00-12:00');
    expect([0, 1, 5, 6].every((d) => wrap[d]!.length === 1)).toBe(true);
    expect([2, 3, 4].every((d) => wrap[d]!.length === 0)).toBe(true);
  });

  it('rejects what it cannot parse', () => {
    for (const bad of ['', 'Mo-Xx 09:00-10:00', 'Mo 25:00-26:00', 'open daily', 'Mo-Fr 9-5']) {
      expect(() => parseOpeningHours(bad), bad).toThrow(OpeningHoursError);
    }
  });

  it('checks a visit against the day it happens on', () => {
    const h = parseOpeningHours('Tu-Su 09:00-17:00; Mo off');
    expect(isOpenFor(h, '2027-05-10', 600, 660)).toBe(false); // a Monday
    expect(isOpenFor(h, '2027-05-11', 600, 660)).toBe(true);
    expect(isOpenFor(h, '2027-05-11', 960, 1050)).toBe(false); // runs past closing
    expect(isOpenFor(null, '2027-05-11', 0, 10)).toBe(true); // unknown hours
  });
});

describe('flight agent', () => {
  const offer = (
    id: string,
    price: number,
    duration: number,
    stops: number,
    dep = '10:00',
    airline = 'CA',
  ): FlightOffer => ({
    id,
    flightNumber: id,
    airline,
    fromCity: 'A',
    toCity: 'B',
    date: '2027-05-10',
    departureTime: dep,
    arrivalTime: '12:00',
    durationMinutes: duration,
    stops,
    layovers: [],
    price,
    currency: 'CNY',
    cabinClass: 'economy',
    provenance: { source: 't', retrievedAt: '2026-11-26T00:00:00Z', kind: 'verified' },
  });

  it('keeps the Pareto front and ranks by the weighted score', () => {
    const ranked = rankFlights(
      [
        offer('cheap-slow', 500, 400, 1),
        offer('fast-dear', 1500, 120, 0),
        offer('dominated', 1600, 420, 1),
        offer('balanced', 700, 150, 0),
      ],
      { cabinClass: 'economy', maxLayovers: 1, preferredAirlines: [] },
    );
    const byId = Object.fromEntries(ranked.map((r) => [r.offer.id, r]));
    expect(byId['dominated']!.pareto).toBe(false);
    expect(byId['cheap-slow']!.pareto).toBe(true);
    expect(byId['fast-dear']!.pareto).toBe(true);
    expect(ranked[0]!.offer.id).toBe('balanced');
  });

  it('drops offers over the layover limit unless nothing else is left', () => {
    const prefs = { cabinClass: 'economy' as const, maxLayovers: 0, preferredAirlines: [] };
    expect(
      rankFlights([offer('direct', 900, 120, 0), offer('one-stop', 400, 300, 1)], prefs).map(
        (r) => r.offer.id,
      ),
    ).toEqual(['direct']);
    expect(rankFlights([offer('one-stop', 400, 300, 1)], prefs)).toHaveLength(1);
  });

  it('prefers the departure window and airlines asked for', () => {
    const ranked = rankFlights(
      [offer('early', 800, 120, 0, '06:00', 'MU'), offer('noon', 800, 120, 0, '12:00', 'CA')],
      {
        cabinClass: 'economy',
        maxLayovers: 1,
        preferredAirlines: ['CA'],
        departureWindow: ['10:00', '14:00'],
      },
    );
    expect(ranked[0]!.offer.id).toBe('noon');
  });
});

describe('hotel agent', () => {
  const hotel = (id: string, over: Partial<HotelOffer>): HotelOffer => ({
    id,
    name: id,
    city: 'X',
    type: 'hotel',
    roomType: 'private_room',
    pricePerNight: 100,
    currency: 'USD',
    maxOccupancy: 2,
    minimumNights: 1,
    houseRules: { smoking: false, parties: false, children_under_10: true, visitors: true, pets: false },
    amenities: [],
    provenance: { source: 't', retrievedAt: '2026-11-26T00:00:00Z', kind: 'verified' },
    ...over,
  });
  const req = (over: Partial<TripRequestInput['accommodation']>) =>
    request({ accommodation: { houseRules: [], amenities: [], ...over } });

  it('applies room type, house rules, minimum nights and occupancy', () => {
    const offers = [
      hotel('shared', { roomType: 'shared_room' }),
      hotel('entire', { roomType: 'entire_room', maxOccupancy: 4 }),
      hotel('no-pets', {}),
      hotel('pets', { houseRules: { pets: true, smoking: false } }),
      hotel('long-stay', { minimumNights: 5, houseRules: { pets: true } }),
    ];
    expect(
      filterHotels(offers, req({ roomType: 'not_shared_room' }), 2, 2, undefined).candidates.map(
        (c) => c.offer.id,
      ),
    ).not.toContain('shared');
    const pets = filterHotels(offers, req({ houseRules: ['pets'] }), 2, 2, undefined);
    expect(pets.candidates.map((c) => c.offer.id)).toEqual(['pets']);
    expect(pets.rejected['minimum_nights']).toBe(1);
    expect(roomsNeeded(5, 2)).toBe(3);
    const five = filterHotels(
      [hotel('small', {}), hotel('big', { maxOccupancy: 6, roomType: 'entire_room' })],
      req({}),
      5,
      2,
      undefined,
    );
    expect(five.candidates.find((c) => c.offer.id === 'small')!.rooms).toBe(3);
    expect(five.candidates.find((c) => c.offer.id === 'small')!.total).toBe(600);
  });
});

describe('planTrip over the offline providers', () => {
  let outcome: PlanOutcome;

  beforeAll(async () => {
    outcome = await planTrip(
      request({
        mustVisit: ['故宫'],
        mustAvoid: ['天安门广场'],
        cuisines: ['peking duck'],
        pace: 'moderate',
      }),
      { providers, now: fixedNow },
    );
  });

  it('produces a schema-valid plan that passes its own verifier', () => {
    expect(outcome.failure).toBeNull();
    const plan = TravelPlan.parse(outcome.plan);
    expect(outcome.violations.filter((v) => v.severity === 'hard')).toEqual([]);
    expect(plan.itinerary).toHaveLength(3);
    expect(plan.accommodations.length).toBeGreaterThan(0);
    expect(plan.itinerary.slice(0, -1).every((d) => d.accommodationId)).toBe(true);
    expect(plan.budgetBreakdown.totalBudget).toBe(15000);
    const total =
      plan.budgetBreakdown.flights +
      plan.budgetBreakdown.accommodation +
      plan.budgetBreakdown.food +
      plan.budgetBreakdown.activities +
      plan.budgetBreakdown.transportation;
    expect(total).toBeLessThanOrEqual(15000);
  });

  it('grounds every item with provenance and never repeats a place (a visit resumed after lunch is one visit)', () => {
    const plan = outcome.plan!;
    const ids = plan.itinerary.flatMap((d) =>
      d.activities
        .filter((a) => a.type !== 'transportation')
        .filter((a, i, list) => {
          // The second half of a day-trip sight's visit, with only lunch in between.
          const prev = list.slice(0, i).reverse();
          const resumed = prev.findIndex((x) => x.type !== 'dining');
          return !(resumed > 0 && prev[resumed]!.placeId === a.placeId);
        })
        .map((a) => a.placeId),
    );
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of plan.itinerary.flatMap((d) => d.activities)) expect(a.provenance?.source).toBeTruthy();
    for (const f of plan.flights) expect(f.provenance?.kind).toBe('estimate');
  });

  it('schedules meals in their windows and keeps activities apart by their travel legs', () => {
    for (const day of outcome.plan!.itinerary) {
      const acts = day.activities;
      for (let i = 0; i < acts.length; i++) {
        const a = acts[i]!;
        if (a.type === 'dining' && a.mealType) {
          const w = MEAL_WINDOWS[a.mealType];
          expect(minutes(a.startTime)).toBeGreaterThanOrEqual(w.from);
          expect(minutes(a.startTime)).toBeLessThanOrEqual(w.to);
        }
        if (i > 0 && a.type !== 'transportation') {
          const gap = (Date.parse(a.startTime!) - Date.parse(acts[i - 1]!.endTime!)) / 60000;
          expect(gap).toBeGreaterThanOrEqual(a.travelLeg?.durationMinutes ?? 0);
        }
      }
    }
  });

  it('honours must-visit, must-avoid and requested cuisines', () => {
    const names = outcome.plan!.itinerary.flatMap((d) => d.activities.map((a) => a.name));
    expect(names.some((n) => n.includes('故宫'))).toBe(true);
    expect(names.some((n) => n.includes('天安门广场'))).toBe(false);
    const cuisines = outcome.plan!.itinerary.flatMap((d) => d.activities.flatMap((a) => a.cuisines));
    expect(cuisines).toContain('peking duck');
  });

  it('lists alternatives the plan did not pick, each grounded', () => {
    const plan = outcome.plan!;
    const alt = plan.alternatives!;
    expect(alt.flights.length).toBeGreaterThan(0);
    expect(alt.hotels.length).toBeGreaterThan(0);
    const chosenFlights = new Set(plan.flights.map((f) => `${f.flightNumber}`));
    for (const f of alt.flights) expect(chosenFlights.has(f.flightNumber)).toBe(false);
    const chosenHotels = new Set(plan.accommodations.map((a) => a.name));
    for (const h of alt.hotels) {
      expect(chosenHotels.has(h.name)).toBe(false);
      expect(h.provenance.source).toBeTruthy();
    }
    expect(renderPlanText(plan, 'zh')).toContain('备选方案');
  });

  it('records a TaskResult and interactions for every agent step', () => {
    const agents = new Set(outcome.taskResults.map((t) => t.agentType));
    for (const a of ['flight', 'hotel', 'itinerary', 'budget', 'local_guide', 'coordinator'])
      expect(agents).toContain(a);
    expect(outcome.interactions.length).toBeGreaterThanOrEqual(outcome.taskResults.length * 2);
  });

  it('renders readable text in both languages', () => {
    const zh = renderPlanText(outcome.plan!, 'zh');
    const en = renderPlanText(outcome.plan!, 'en');
    expect(zh).toContain('第1天');
    expect(zh).toContain('合计');
    expect(en).toContain('Day 1');
    expect(en).toContain('Total');
  });
});

describe('multi-city, budget loop and impossible requests', () => {
  it('plans two cities with a leg between them and returns home', async () => {
    const out = await planTrip(
      request({
        origin: { name: 'Shanghai' },
        destinations: [{ name: 'Beijing' }, { name: "Xi'an" }],
        days: 6,
        language: 'en',
        budget: { amount: 30000, currency: 'CNY' },
      }),
      { providers, now: fixedNow },
    );
    expect(out.failure).toBeNull();
    const legs = out.plan!.itinerary.flatMap((d) =>
      d.activities.filter((a) => a.type === 'transportation' && !a.transfer).map((a) => a.travelLeg!),
    );
    expect(legs).toHaveLength(3);
    expect(legs[0]!.from).toBe(out.plan!.origin);
    expect(legs[2]!.to).toBe(out.plan!.origin);
    expect(legs[1]!.from).toBe(legs[0]!.to);
    expect(legs[2]!.from).toBe(legs[1]!.to);
    expect(new Set([legs[0]!.to, legs[1]!.to]).size).toBe(2);
    expect(out.plan!.accommodations).toHaveLength(2);
    expect(out.violations.filter((v) => v.severity === 'hard')).toEqual([]);
  });

  it('moves to cheaper choices when the budget is tight, and says so when it cannot fit', async () => {
    const roomy = await planTrip(request({ budget: { amount: 40000, currency: 'CNY' } }), {
      providers,
      now: fixedNow,
    });
    const tight = await planTrip(request({ budget: { amount: 4500, currency: 'CNY' } }), {
      providers,
      now: fixedNow,
    });
    const total = (o: PlanOutcome) =>
      o.plan!.budgetBreakdown.flights +
      o.plan!.budgetBreakdown.accommodation +
      o.plan!.budgetBreakdown.food +
      o.plan!.budgetBreakdown.activities +
      o.plan!.budgetBreakdown.transportation;
    expect(total(tight)).toBeLessThan(total(roomy));
    const impossible = await planTrip(request({ budget: { amount: 100, currency: 'CNY' } }), {
      providers,
      now: fixedNow,
    });
    expect(impossible.plan).not.toBeNull();
    expect(impossible.violations.map((v) => v.code)).toContain('BUDGET');
    expect(
      impossible.plan!.warnings.some((w) => w.code === 'BUDGET' && /over the budget/.test(w.message)),
    ).toBe(true);
  });

  it('explains impossible requests instead of crashing', async () => {
    const unknown = await planTrip(request({ destinations: [{ name: 'Atlantis-on-Mars' }] }), {
      providers,
      now: fixedNow,
    });
    expect(unknown.failure?.code).toBe('UNKNOWN_CITY');
    expect(unknown.failure?.messageZh).toContain('Atlantis-on-Mars');

    const tooMany = await planTrip(
      request({ destinations: [{ name: '北京' }, { name: '西安' }, { name: '成都' }], days: 2 }),
      { providers, now: fixedNow },
    );
    expect(tooMany.failure?.code).toBe('TOO_MANY_CITIES');

    const backwards = await planTrip(
      { ...request({}), startDate: '2027-05-10', endDate: '2027-05-08' } as TripRequest,
      { providers, now: fixedNow },
    );
    expect(backwards.failure?.code).toBe('INVALID_REQUEST');
    expect(backwards.failure?.message).toContain('endDate');

    const zeroDays = await planTrip({ ...request({}), days: 0 } as TripRequest, { providers, now: fixedNow });
    expect(zeroDays.failure?.code).toBe('INVALID_REQUEST');

    const noDates = await planTrip({ ...request({}), startDate: null, days: null } as TripRequest, {
      providers,
      now: fixedNow,
    });
    expect(noDates.failure?.code).toBe('NO_DATES');
  });
});

describe('split of nights and recommendations', () => {
  it('splits nights evenly, earlier cities first', () => {
    expect(splitNights(6, 3)).toEqual([2, 2, 2]);
    expect(splitNights(5, 2)).toEqual([3, 2]);
    expect(splitNights(0, 1)).toEqual([0]);
  });

  it('recommends destinations by season, style and budget', async () => {
    const recs = await recommendDestinations(providers.knowledge, providers.rates, {
      season: 'autumn',
      style: 'culture',
      budget: 8000,
      currency: 'CNY',
      duration: 5,
      limit: 5,
    });
    expect(recs).toHaveLength(5);
    expect(recs[0]!.confidenceScore).toBeGreaterThanOrEqual(recs[4]!.confidenceScore);
    expect(recs[0]!.matchReasons.length).toBeGreaterThan(0);
    for (const r of recs) expect(r.estimatedBudget).toBeGreaterThan(0);
  });
});
