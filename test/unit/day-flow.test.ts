/**
 * How each day flows, over the offline providers with fresh requests: the intercity way chosen door
 * to door (no car mixed with trains, long rides weighed for gentle parties), meals at local times
 * that are meals and vary, lunch on long-visit and arrival days, and evening wishes in the evening.
 * Dates are relative to the injected clock.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { extractEveningWishes } from '../../agents/nlu/evening.js';
import { addDays } from '../../agents/planning/calendar.js';
import { planTrip } from '../../agents/planning/coordinator.js';
import {
  DEFAULT_MEAL_WINDOWS,
  MEAL_CUSTOMS,
  chooseRestaurant,
  mealWindowClosed,
  mealWindowsFor,
  unavoidableDishes,
} from '../../agents/planning/meal-rules.js';
import { tiringMinutes } from '../../agents/planning/transport-agent.js';
import type { Providers, Restaurant } from '../../agents/ports/providers.js';
import type { ItineraryActivity, TravelPlan } from '../../agents/schemas/travel-plan.js';
import { TripRequest, type TripRequestInput } from '../../agents/schemas/trip-request.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';

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

async function plan(input: Partial<TripRequestInput>): Promise<TravelPlan> {
  const out = await planTrip(request(input), { providers, now: fixedNow });
  expect(out.failure).toBeNull();
  return out.plan!;
}

const INTERCITY = new Set(['flight', 'train', 'bus', 'self_driving']);
const journeys = (p: TravelPlan): ItineraryActivity[] =>
  p.itinerary
    .flatMap((d) => d.activities)
    .filter((a) => a.type === 'transportation' && !a.transfer && INTERCITY.has(a.travelLeg?.mode ?? ''));

describe('intercity way', () => {
  it('never mixes a self-drive with trains, nor drives for a day and a half where rail runs', async () => {
    // Four people on a tight budget, 2,000 km: a car is cheap per head, but 34 hours at the wheel.
    const p = await plan({
      origin: { name: 'Shenzhen' },
      destinations: [{ name: 'Beijing' }],
      days: 6,
      travelers: { adults: 4 },
      budget: { amount: 12000, currency: 'CNY' },
    });
    const legs = journeys(p).map((a) => a.travelLeg!);
    expect(legs.length).toBe(2);
    const modes = new Set(legs.map((l) => l.mode));
    if (modes.has('self_driving')) expect([...modes]).toEqual(['self_driving']);
    for (const l of legs) if (l.mode === 'self_driving') expect(l.durationMinutes).toBeLessThanOrEqual(720);
  });

  it('weighs long rides more for a gentle party, never the short high-speed hops', () => {
    const base = { request: request({}) };
    const seniors = { request: request({ travelers: { adults: 2, seniors: 2 } }) };
    expect(tiringMinutes(240, seniors)).toBe(0);
    expect(tiringMinutes(480, base)).toBe(180);
    expect(tiringMinutes(480, seniors)).toBe(360);
    expect(tiringMinutes(480, { request: request({ pace: 'relaxed' }) })).toBe(360);
  });

  it('flies grandparents where the train takes most of a day, and keeps rail on a short hop', async () => {
    const far = await plan({
      origin: { name: 'Beijing' },
      destinations: [{ name: 'Chengdu' }],
      days: 4,
      travelers: { adults: 3, seniors: 2 },
      pace: 'relaxed',
    });
    const out = journeys(far)[0]!;
    expect(out.travelLeg!.mode).toBe('flight');
    const near = await plan({
      origin: { name: 'Shanghai' },
      destinations: [{ name: 'Hangzhou' }],
      days: 3,
      travelers: { adults: 3, seniors: 2 },
      pace: 'relaxed',
    });
    expect(journeys(near).every((a) => a.travelLeg!.mode === 'train')).toBe(true);
  });
});

const clock = (iso: string | null | undefined) =>
  iso ? Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16)) : NaN;
const fullDays = (p: TravelPlan) =>
  p.itinerary.filter(
    (d) => !d.activities.some((a) => a.type === 'transportation' && INTERCITY.has(a.travelLeg?.mode ?? '')),
  );

describe('meal rules', () => {
  it('keeps local meal times per country, each with its source and check date', () => {
    expect(mealWindowsFor('FR').dinner.from).toBe(19 * 60);
    expect(mealWindowsFor('ES').dinner.from).toBeGreaterThan(mealWindowsFor('FR').dinner.from);
    expect(mealWindowsFor('CN').dinner.from).toBeLessThan(mealWindowsFor('FR').dinner.from);
    expect(mealWindowsFor('ZZ')).toEqual(DEFAULT_MEAL_WINDOWS);
    for (const c of MEAL_CUSTOMS) {
      expect(c.source.length, c.country).toBeGreaterThan(20);
      expect(c.lastChecked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const w of [c.lunch, c.dinner]) if (w) expect(w.from).toBeLessThan(w.to);
    }
    // A window is closed only when a meal can no longer start in it.
    const lunch = mealWindowsFor('CN').lunch;
    expect(mealWindowClosed(lunch, lunch.to - 30)).toBe(false);
    expect(mealWindowClosed(lunch, lunch.to)).toBe(true);
  });

  it('leaves the dishes of the only lunch by a far sight to that lunch', () => {
    const r = (id: string, cuisines: string[], coordinates: [number, number]): Restaurant =>
      ({
        id,
        name: id,
        cuisines,
        averageCost: 50,
        currency: 'CNY',
        rating: 4.5,
        hours: null,
        coordinates,
        provenance: { source: 'test', kind: 'estimate' },
      }) as unknown as Restaurant;
    const centre: [number, number] = [30, 120];
    const far: [number, number] = [30.3, 120.3];
    const near = [
      r('far-noodles', ['local', 'noodles', 'dumplings'], far),
      r('far-noodles-2', ['noodles'], far),
    ];
    expect(unavoidableDishes(near)).toEqual(['noodles']);
    expect(unavoidableDishes([])).toEqual([]);
    const town = [r('town-noodles', ['noodles'], centre), r('town-buns', ['buns'], [30.01, 120.01])];
    const pick = chooseRestaurant({
      meal: 'breakfast',
      city: { coordinates: centre },
      at: centre,
      home: centre,
      free: town,
      cuisinesToCover: new Set(),
      dishesTaken: new Set(unavoidableDishes(near)),
      strategy: 'quality',
      cheapest: 50,
      priciest: 50,
    });
    expect(pick?.id).toBe('town-buns');
  });

  it('gives a long museum morning a lunch, and every full day lunch and dinner at local hours', async () => {
    const bj = await plan({
      origin: { name: 'Guangzhou' },
      destinations: [{ name: 'Beijing' }],
      days: 4,
      mustVisit: ['Palace Museum'],
    });
    const pa = await plan({
      origin: { name: 'London' },
      destinations: [{ name: 'Paris' }],
      days: 4,
      travelers: { adults: 1 },
    });
    for (const [p, dinnerFrom] of [
      [bj, 17 * 60 + 30],
      [pa, 19 * 60],
    ] as const) {
      const days = fullDays(p);
      expect(days.length).toBeGreaterThan(0);
      for (const d of days) {
        const meals = d.activities.filter((a) => a.type === 'dining');
        const lunch = meals.find((a) => a.mealType === 'lunch');
        const dinner = meals.find((a) => a.mealType === 'dinner');
        expect(lunch, `day ${d.dayNumber} lunch`).toBeDefined();
        expect(dinner, `day ${d.dayNumber} dinner`).toBeDefined();
        expect(clock(lunch!.startTime)).toBeGreaterThanOrEqual(11 * 60);
        expect(clock(lunch!.startTime)).toBeLessThanOrEqual(14 * 60 + 30);
        expect(clock(dinner!.startTime)).toBeGreaterThanOrEqual(dinnerFrom);
        expect(clock(dinner!.startTime)).toBeLessThanOrEqual(21 * 60 + 30);
      }
    }
  });
});

describe('evening wishes', () => {
  it('reads evening wishes and the places they are about, in both languages', () => {
    expect(extractEveningWishes('想晚上去东方明珠看看，再看一场杂技', ['东方明珠'])).toEqual([
      { kind: 'night_view', place: '东方明珠' },
      { kind: 'show' },
    ]);
    expect(
      extractEveningWishes('we want to see Shibuya Sky at night and catch a kabuki show', ['Shibuya Sky']),
    ).toEqual([{ kind: 'night_view', place: 'Shibuya Sky' }, { kind: 'show' }]);
    expect(extractEveningWishes('逛逛夜市，吃小吃', [])).toEqual([{ kind: 'night_market' }]);
    // No evening words: nothing; "show me" is not a show.
    expect(extractEveningWishes('Can you show me a plan for the Louvre?', ['Louvre'])).toEqual([]);
    expect(extractEveningWishes('想去秀水街买东西', ['秀水街'])).toEqual([]);
  });

  it('plans a show, a night market and a named night view after 17:00', async () => {
    const ny = await plan({
      origin: { name: 'Chicago' },
      destinations: [{ name: 'New York' }],
      days: 4,
      evenings: [{ kind: 'show' }],
    });
    const bkk = await plan({
      origin: { name: 'Singapore' },
      destinations: [{ name: 'Bangkok' }],
      days: 4,
      evenings: [{ kind: 'night_market' }],
    });
    const tk = await plan({
      origin: { name: 'Osaka' },
      destinations: [{ name: 'Tokyo' }],
      days: 4,
      mustVisit: ['Shibuya Sky'],
      evenings: [{ kind: 'night_view', place: 'Shibuya Sky' }],
    });
    const evening = (p: TravelPlan, re: RegExp) =>
      p.itinerary
        .flatMap((d) => d.activities)
        .filter((a) => a.type !== 'dining' && a.type !== 'transportation' && re.test(a.name))
        .map((a) => clock(a.startTime));
    expect(Math.max(...evening(ny, /broadway|theat|show/i))).toBeGreaterThanOrEqual(17 * 60);
    expect(Math.max(...evening(bkk, /market|asiatique|chinatown|yaowarat/i))).toBeGreaterThanOrEqual(17 * 60);
    const sky = evening(tk, /shibuya sky/i);
    expect(sky.length).toBeGreaterThan(0);
    expect(Math.min(...sky)).toBeGreaterThanOrEqual(17 * 60);
    expect(
      tk.itinerary.flatMap((d) => d.activities).some((a) => /shibuya sky night view/i.test(a.name)),
    ).toBe(true);
  });
});

describe('next-day landing', () => {
  it('opens the landing day with the landing and the time at the airport, at no extra cost', async () => {
    const p = await plan({
      origin: { name: 'Los Angeles' },
      destinations: [{ name: 'Singapore' }],
      days: 6,
      travelers: { adults: 2 },
    });
    const acts = p.itinerary.flatMap((d) => d.activities.map((a) => ({ a, day: d.dayNumber })));
    const overnight = acts.filter(
      (x) => x.a.travelLeg?.mode === 'flight' && !x.a.transfer && x.a.endDayOffset,
    );
    const outbound = overnight.find((x) => /singapore/i.test(x.a.travelLeg!.to));
    expect(outbound, 'an overnight flight out').toBeDefined();
    const landingDay = outbound!.day + outbound!.a.endDayOffset!;
    const marker = acts.find(
      (x) =>
        x.day === landingDay && x.a.transfer?.direction === 'arrival' && x.a.travelLeg?.mode === 'flight',
    );
    expect(marker).toBeDefined();
    expect(marker!.a.startTime).toBe(outbound!.a.endTime);
    expect(marker!.a.travelLeg!.cost).toBe(0);
    // Nothing but the landing and its transfer before the party is out of the airport.
    const out = Date.parse(marker!.a.endTime!);
    for (const x of acts.filter((y) => y.day === landingDay && y.a.type !== 'transportation'))
      expect(Date.parse(x.a.startTime!)).toBeGreaterThanOrEqual(out);
  });
});
