/**
 * Plans a traveller would follow (issue 16, content side): headline and full-day sights, evenings,
 * seasonal hours and booking flags, meals that are meals at local times, hotels that fit the tier
 * and the party, the month named, honest coverage, the printed plan, and optimisation as an edit.
 * Every check reads the plan the planner produced on the offline providers (fixed clock).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { planTrip } from '../../agents/planning/coordinator.js';
import { describeChanges, optimizePlan } from '../../agents/planning/optimize.js';
import { renderPlanText } from '../../agents/planning/plan-text.js';
import { mealWindowsFor } from '../../agents/planning/meal-rules.js';
import { hoursOn, isProperMeal, nameMatches } from '../../agents/planning/sights.js';
import { verifyPlan, type GroundingRegistry } from '../../agents/planning/verifier.js';
import { registryOf } from '../../agents/planning/coordinator.js';
import { parseOpeningHours } from '../../agents/planning/opening-hours.js';
import type { Providers, Restaurant } from '../../agents/ports/providers.js';
import type { ItineraryActivity, TravelPlan } from '../../agents/schemas/travel-plan.js';
import { TripRequest, type TripRequestInput } from '../../agents/schemas/trip-request.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';

let providers: Providers;
const fixedNow = () => new Date('2026-12-01T00:00:00Z');
beforeAll(() => {
  providers = createOfflineProviders({ now: fixedNow });
});

function req(input: Partial<TripRequestInput>): TripRequest {
  return TripRequest.parse({
    origin: { name: '上海' },
    destinations: [{ name: '北京' }],
    startDate: '2027-04-12',
    days: 5,
    travelers: { adults: 2 },
    budget: { amount: 30000, currency: 'CNY' },
    ...input,
  });
}

async function plan(input: Partial<TripRequestInput>): Promise<TravelPlan> {
  const out = await planTrip(req(input), { providers, now: fixedNow });
  if (!out.plan) throw new Error(`no plan: ${out.failure?.message}`);
  return out.plan;
}

const minutes = (iso: string | null | undefined) =>
  Number(iso!.slice(11, 13)) * 60 + Number(iso!.slice(14, 16));
const visits = (p: TravelPlan) =>
  p.itinerary.flatMap((d) =>
    d.activities.map((a) => ({ a, day: d })).filter((x) => x.a.type === 'sightseeing'),
  );

describe('place and meal rules', () => {
  it('applies seasonal hours by date, wrapping over the new year', () => {
    const place = {
      hours: parseOpeningHours('Mo-Su 08:00-20:00'),
      seasonalHours: [{ from: '11-01', to: '03-15', hours: parseOpeningHours('Mo-Su 08:00-17:30') }],
    };
    expect(hoursOn(place, '2026-12-20')![0]).toEqual([[480, 1050]]);
    expect(hoursOn(place, '2027-02-01')![0]).toEqual([[480, 1050]]);
    expect(hoursOn(place, '2027-07-01')![0]).toEqual([[480, 1200]]);
  });

  it('matches a wish by a shorter or longer form of a name, an alias or the other language', () => {
    expect(nameMatches(['故宫博物院'], '故宫')).toBe(true);
    expect(nameMatches(['慕田峪长城'], '慕田峪长城一日游')).toBe(true);
    expect(nameMatches(['Louvre Museum'], 'the Louvre museum')).toBe(true);
    expect(nameMatches(['秦始皇帝陵博物院（兵马俑）', 'Terracotta Warriors'], 'terracotta warriors')).toBe(
      true,
    );
    // Short Latin fragments do not match inside longer names.
    expect(nameMatches(['Museum of Art'], 'art')).toBe(false);
  });

  it('never takes a dessert shop for lunch or dinner, nor a café or stall for lunch or dinner', () => {
    const r = (cuisines: string[], kind?: Restaurant['kind']) => ({ cuisines, kind });
    expect(isProperMeal(r(['dessert']), 'lunch')).toBe(false);
    expect(isProperMeal(r(['cafe', 'bakery']), 'dinner')).toBe(false);
    expect(isProperMeal(r(['cafe', 'bakery']), 'lunch')).toBe(false);
    expect(isProperMeal(r(['cafe', 'bakery']), 'breakfast')).toBe(true);
    expect(isProperMeal(r(['french']), 'dinner')).toBe(true);
    expect(isProperMeal(r(['french'], 'dessert'), 'lunch')).toBe(false);
    expect(mealWindowsFor('FR').dinner.from).toBeGreaterThanOrEqual(19 * 60);
    expect(mealWindowsFor('CN').dinner.from).toBeLessThan(19 * 60);
  });
});

describe('plans a traveller would follow', () => {
  it('gives the Great Wall its own day, with the tourist bus and lunch near the wall, within its hours', async () => {
    const p = await plan({ mustVisit: ['长城', '故宫'], startDate: '2026-12-14' });
    const wall = visits(p).filter((x) => x.a.placeId === 'beijing-mutianyu-great-wall');
    expect(wall.length).toBeGreaterThan(0);
    // One Great Wall section only.
    expect(visits(p).some((x) => x.a.placeId === 'beijing-badaling-great-wall')).toBe(false);
    const day = wall[0]!.day;
    expect(wall[0]!.a.travelLeg?.durationMinutes).toBe(100);
    const lunch = day.activities.find((a) => a.mealType === 'lunch');
    expect(lunch?.placeId).toBe('beijing-mutianyu-village-restaurants');
    // Winter hours (16 Nov - 15 Mar): 08:00-17:00.
    for (const w of wall) expect(minutes(w.a.endTime)).toBeLessThanOrEqual(17 * 60);
    expect(visits(p).some((x) => x.a.placeId === 'beijing-forbidden-city')).toBe(true);
    expect(p.warnings.map((w) => w.code)).not.toContain('MUST_VISIT');
  });

  it('keeps a headline full-day sight without being asked (the Terracotta Army on a Xi’an trip)', async () => {
    const p = await plan({ destinations: [{ name: '西安' }], days: 3 });
    expect(visits(p).some((x) => x.a.placeId === 'xian-terracotta-army')).toBe(true);
  });

  it('schedules an asked-for show in the evening, after dinner', async () => {
    const p = await plan({ mustVisit: ['杂技'] });
    const show = visits(p).find((x) => x.a.placeId === 'beijing-chaoyang-theatre-acrobatics');
    expect(show).toBeDefined();
    expect(minutes(show!.a.startTime)).toBeGreaterThanOrEqual(17 * 60);
    const dinner = show!.day.activities.find((a) => a.mealType === 'dinner');
    expect(dinner && Date.parse(dinner.endTime!) <= Date.parse(show!.a.startTime!)).toBe(true);
  });

  it('flags booking-required sights and says how to book', async () => {
    const p = await plan({ mustVisit: ['故宫'] });
    const fc = visits(p).find((x) => x.a.placeId === 'beijing-forbidden-city')!.a;
    expect(fc.bookingRequired).toBe(true);
    expect(fc.tips.join(' ')).toContain('实名');
  });

  it('prices child tickets where the data has them', async () => {
    const family = await plan({ travelers: { adults: 2, children: 1, childAges: [8] }, mustVisit: ['故宫'] });
    const fc = visits(family).find((x) => x.a.placeId === 'beijing-forbidden-city')!.a;
    expect(fc.estimatedCost).toBe(120); // two adults at 60, the child free
  });

  it('dines at local times and never at a dessert shop, and not the same dish twice a day', async () => {
    const p = await plan({
      origin: { name: 'London' },
      destinations: [{ name: 'Paris' }],
      language: 'en',
      budget: { amount: 6000, currency: 'EUR' },
    });
    const dinners = p.itinerary.flatMap((d) => d.activities).filter((a) => a.mealType === 'dinner');
    expect(dinners.length).toBeGreaterThan(0);
    for (const d of dinners) expect(minutes(d.startTime)).toBeGreaterThanOrEqual(19 * 60);
    const registry = new Map(
      (await providers.restaurants.restaurants((await providers.geo.resolveCity('Paris'))!)).map((r) => [
        r.id,
        r,
      ]),
    );
    for (const day of p.itinerary) {
      const meals = day.activities.filter(
        (a): a is ItineraryActivity => a.mealType === 'lunch' || a.mealType === 'dinner',
      );
      for (const m of meals) expect(isProperMeal(registry.get(m.placeId!)!, m.mealType!)).toBe(true);
    }
  });

  it('puts a couple in a private room and an upscale hotel when asked, and the cheapest when asked for cheap', async () => {
    const upscale = await plan({ accommodation: { tier: 'upscale' } });
    for (const a of upscale.accommodations) {
      expect(a.roomType).not.toBe('shared_room');
      expect(a.starRating ?? 0).toBeGreaterThanOrEqual(4);
    }
    const cheap = await plan({ accommodation: { tier: 'budget' } });
    const hotels = await providers.hotels.search({
      city: (await providers.geo.resolveCity('北京'))!,
      checkIn: '2027-04-12',
      checkOut: '2027-04-16',
      guests: 2,
    });
    const cheapest = Math.min(...hotels.map((h) => h.pricePerNight * Math.ceil(2 / h.maxOccupancy)));
    expect(cheap.accommodations[0]!.totalPrice / 4).toBeLessThanOrEqual(cheapest + 0.01);
  });

  it('plans in the month the request names instead of assuming a date', async () => {
    const p = await plan({ startDate: null, travelMonth: 4 });
    expect(p.startDate.slice(5, 7)).toBe('04');
    expect(p.warnings.map((w) => w.code)).not.toContain('ASSUMED_START_DATE');
  });

  it('does not send a family with a child to a bar for a meal', async () => {
    const drinks = /^(?:bar|pub|brewery|beer|酒吧)$/i;
    const family = await plan({
      startDate: '2027-04-01',
      budget: { amount: 20000, currency: 'CNY' },
      travelers: { adults: 2, children: 1, childAges: [8] },
      accommodation: { tier: 'upscale' },
      pace: 'relaxed',
      mustVisit: ['长城', '故宫'],
    });
    const bars = (p: TravelPlan) =>
      p.itinerary
        .flatMap((d) => d.activities)
        .filter((a) => a.type === 'dining' && a.cuisines.some((c) => drinks.test(c)));
    expect(bars(family).map((a) => `${a.name} ${a.mealType} ${a.startTime}`)).toEqual([]);
  });

  it('starts in the part of the month the request names (late April: the 21st)', async () => {
    const p = await plan({ startDate: null, startMonth: '2027-04', startMonthPart: 'late' });
    expect(p.startDate).toBe('2027-04-21');
  });

  it('answers an uncovered destination plainly, with the nearest covered cities, never empty days', async () => {
    const out = await planTrip(req({ destinations: [{ name: '大理' }] }), { providers, now: fixedNow });
    expect(out.plan).toBeNull();
    expect(out.failure?.code).toBe('NOT_COVERED');
    expect(out.failure?.messageZh).toContain('大理');
    const alternatives = out.failure?.details?.['alternatives'] as { city: string }[];
    expect(alternatives[0]?.city).toBe('Chengdu');
  });

  it('gives the days of an uncovered stop in a multi-city trip to the covered city, and says so', async () => {
    const out = await planTrip(req({ destinations: [{ name: '大理' }, { name: '成都' }], days: 5 }), {
      providers,
      now: fixedNow,
    });
    const p = out.plan!;
    expect(p.itinerary.every((d) => d.activities.length > 0)).toBe(true);
    expect(p.accommodations.reduce((n, a) => n + a.nights, 0)).toBe(4);
    expect(new Set(p.accommodations.map((a) => a.city))).toEqual(new Set(['成都']));
    const w = p.warnings.find((x) => x.code === 'NO_LOCAL_DATA');
    expect(w?.messageZh).toContain('大理');
    expect(w?.messageZh).toContain('成都');
  });

  it('prints a summary, day themes, booking marks and tips, in one language', async () => {
    const zh = renderPlanText(await plan({ mustVisit: ['故宫'] }), 'zh');
    expect(zh).toMatch(/## 概要\n {2}2人 · 2027-04-12/);
    expect(zh).toMatch(/主题: /);
    expect(zh).toContain('【需预约】');
    expect(zh).not.toMatch(/Train|Stay:|Flight/);
    const en = renderPlanText(
      await plan({
        origin: { name: 'London' },
        destinations: [{ name: 'Paris' }],
        language: 'en',
        budget: null,
      }),
      'en',
    );
    expect(en).toMatch(/## Summary/);
    expect(en).toMatch(/## Tips\n|Book timed tickets/);
    expect(en).not.toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('verifier: independent checks for what a traveller expects', () => {
  it('flags a dessert shop as a dinner, a dorm for a couple and an evening thing at noon', async () => {
    const r = req({ destinations: [{ name: '广州' }], days: 3 });
    const out = await planTrip(r, { providers, now: fixedNow });
    const p = structuredClone(out.plan!);
    const city = (await providers.geo.resolveCity('广州'))!;
    const dessert = (await providers.restaurants.restaurants(city)).find(
      (x) => x.id === 'guangzhou-nanxin-dessert',
    )!;
    const dinner = p.itinerary[1]!.activities.find((a) => a.mealType === 'dinner')!;
    dinner.placeId = dessert.id;
    dinner.name = dessert.name;
    const cruise = p.itinerary[1]!.activities.find((a) => a.type === 'sightseeing')!;
    cruise.placeId = 'guangzhou-pearl-river-night-cruise';
    p.accommodations[0]!.roomType = 'shared_room';
    const registry: GroundingRegistry = registryOf({
      legs: [],
      stays: [],
      attractions: new Map([[city.id, await providers.attractions.attractions(city)]]),
      restaurants: new Map([[city.id, await providers.restaurants.restaurants(city)]]),
      hotels: new Map(),
      weather: new Map(),
      tips: new Map(),
    } as never);
    const codes = verifyPlan(p, { request: r, registry, people: 2, budget: null, origin: '上海' }).map(
      (v) => v.code,
    );
    expect(codes).toContain('MEAL_KIND');
    expect(codes).toContain('DORM_FOR_PARTY');
    if (minutes(cruise.startTime) < 17 * 60) expect(codes).toContain('EVENING_TIME');
  });
});

describe('optimisation as an edit', () => {
  it('makes a plan cheaper and says what changed, keeping a hotel when a hotel is asked for', async () => {
    const base: TripRequestInput = { ...req({ accommodation: { tier: 'upscale' } }) };
    const before = await plan({ accommodation: { tier: 'upscale' } });
    const out = await optimizePlan(
      before,
      base,
      { type: 'budget', accommodationType: 'hotel' },
      { providers, now: fixedNow },
    );
    expect(out.plan).not.toBeNull();
    expect(out.savings).toBeGreaterThan(0);
    for (const a of out.plan!.accommodations) expect(a.roomType).not.toBe('shared_room');
    expect(out.changes!.zh.join('')).toMatch(/节省/);
    expect(describeChanges(before, before).en[0]).toMatch(/unchanged/);
  });
});
