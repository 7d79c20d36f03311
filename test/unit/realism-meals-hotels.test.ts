/**
 * Realism of meals, stays and the printed plan, with requests written for these tests: no
 * tasting-menu dinners for a family, at most one splurge a city, splurges only as a last resort.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../agents/planning/calendar.js';
import { planTrip } from '../../agents/planning/coordinator.js';
import { placeCore } from '../../agents/planning/evenings.js';
import { airlineLabel, durationText } from '../../agents/planning/display-labels.js';
import { renderPlanText } from '../../agents/planning/plan-text.js';
import { pickHotel, type HotelCandidate } from '../../agents/planning/hotel-agent.js';
import {
  chooseRestaurant,
  partyAvoidsSplurges,
  splurgeIds,
  splurgesToAvoid,
} from '../../agents/planning/meal-rules.js';
import { cuisineMet } from '../../agents/planning/sights.js';
import type { Providers, Restaurant } from '../../agents/ports/providers.js';
import type { TravelPlan } from '../../agents/schemas/travel-plan.js';
import { TripRequest, type TripRequestInput } from '../../agents/schemas/trip-request.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';

const fixedNow = () => new Date('2026-11-26T00:00:00Z');
let providers: Providers;
beforeAll(() => {
  providers = createOfflineProviders({ now: fixedNow });
});

function request(input: Partial<TripRequestInput>): TripRequest {
  return TripRequest.parse({
    origin: { name: 'Madrid' },
    destinations: [{ name: 'Paris' }],
    startDate: addDays('2026-11-26', 70),
    days: 5,
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

const r = (id: string, cuisines: string[], averageCost: number, rating = 4.5): Restaurant =>
  ({
    id,
    name: id,
    city: 'x',
    cuisines,
    averageCost,
    currency: 'EUR',
    rating,
    hours: null,
    coordinates: [10, 10],
    provenance: { source: 'test', kind: 'estimate' },
  }) as unknown as Restaurant;

describe('splurge restaurants', () => {
  const list = [
    r('bistro', ['french'], 30, 4.2),
    r('noodle-bar', ['noodles'], 15, 4.0),
    r('brasserie', ['french', 'brasserie'], 40, 4.3),
    r('tasting', ['french', 'fine dining'], 90, 4.9),
    r('palace', ['seafood'], 400, 4.8),
  ];

  it('finds fine dining and bills far above the city median', () => {
    expect([...splurgeIds(list)].sort()).toEqual(['palace', 'tasting']);
    expect(splurgeIds([r('a', ['tapas'], 20), r('b', ['tapas'], 25)]).size).toBe(0);
  });

  it('keeps families with children and cheap trips away from them, not couples or luxury trips', () => {
    const family = request({ travelers: { adults: 2, children: 2, childAges: [5, 9] } });
    const couple = request({});
    const cheap = request({ accommodation: { tier: 'budget', houseRules: [], amenities: [] } });
    const luxFamily = request({
      travelers: { adults: 2, children: 1, childAges: [7] },
      accommodation: { tier: 'luxury', houseRules: [], amenities: [] },
    });
    expect(partyAvoidsSplurges(family)).toBe(true);
    expect(partyAvoidsSplurges(cheap)).toBe(true);
    expect(partyAvoidsSplurges(couple)).toBe(false);
    expect(partyAvoidsSplurges(luxFamily)).toBe(false);
  });

  it('avoids a second splurge in a city, and every splurge for a family', () => {
    const s = splurgeIds(list);
    expect(splurgesToAvoid(s, false, []).size).toBe(0);
    expect([...splurgesToAvoid(s, false, ['tasting'])].sort()).toEqual(['palace', 'tasting']);
    expect([...splurgesToAvoid(s, true, [])].sort()).toEqual(['palace', 'tasting']);
  });

  it('still serves a cuisine asked for when only a splurge has it', () => {
    const avoid = new Set(['tasting', 'palace']);
    const pick = chooseRestaurant({
      meal: 'dinner',
      city: { coordinates: [10, 10] },
      at: [10, 10],
      home: [10, 10],
      free: list,
      cuisinesToCover: new Set(['seafood']),
      dishesTaken: new Set(),
      strategy: 'quality',
      avoid,
      cheapest: 15,
      priciest: 400,
    });
    expect(pick?.id).toBe('palace');
  });

  it('takes a splurge only when nothing else is left', () => {
    const query = {
      meal: 'dinner' as const,
      city: { coordinates: [10, 10] as [number, number] },
      at: [10, 10] as [number, number],
      home: [10, 10] as [number, number],
      cuisinesToCover: new Set<string>(),
      dishesTaken: new Set<string>(),
      strategy: 'quality' as const,
      cheapest: 15,
      priciest: 400,
    };
    const avoid = new Set(['tasting', 'palace']);
    expect(chooseRestaurant({ ...query, free: list })?.id).toBe('tasting');
    expect(chooseRestaurant({ ...query, free: list, avoid })?.id).not.toMatch(/tasting|palace/);
    expect(chooseRestaurant({ ...query, free: [list[3]!], avoid })?.id).toBe('tasting');
  });

  it('sends a Paris family to no tasting menu, and a couple to at most one', async () => {
    const family = await plan({ travelers: { adults: 2, children: 2, childAges: [6, 10] }, days: 6 });
    const couple = await plan({ days: 6 });
    const fine = (p: TravelPlan) =>
      p.itinerary
        .flatMap((d) => d.activities)
        .filter((a) => a.type === 'dining' && /fine dining/i.test(a.cuisines.join()));
    expect(fine(family)).toHaveLength(0);
    expect(fine(couple).length).toBeLessThanOrEqual(1);
  });
});

describe('a stay that spends the budget sensibly', () => {
  const offer = (id: string, stars: number, price: number, rating: number): HotelCandidate => ({
    offer: {
      id,
      name: id,
      city: 'x',
      type: 'hotel',
      stars,
      rating,
      roomType: 'entire_room',
      pricePerNight: price,
      currency: 'EUR',
      maxOccupancy: 2,
      minimumNights: 1,
      houseRules: {},
      amenities: [],
      provenance: { source: 'test', kind: 'estimate' },
    } as unknown as HotelCandidate['offer'],
    rooms: 2,
    nights: 4,
    total: price * 8,
    score: 0.5,
    softMisses: [],
  });
  const same = (amount: number) => amount;
  const all = [offer('two-star', 2, 90, 3.6), offer('four-star', 4, 220, 4.5), offer('palace', 5, 900, 4.9)];

  it('takes the most comfortable stay under the cap, else value', () => {
    expect(pickHotel(all, 'fit', same, null, true, 2000)?.offer.id).toBe('four-star');
    expect(pickHotel(all, 'fit', same, null, true, 500)?.offer.id).toBe('two-star');
    expect(pickHotel(all, 'fit', same, null, true, 100_000)?.offer.id).toBe('palace');
    expect(pickHotel(all, 'fit', same, 'budget', true, 100_000)?.offer.id).toBe('two-star');
  });

  it('gives a family with room in its budget more than a 2-star room', async () => {
    const p = await plan({
      travelers: { adults: 2, children: 2, childAges: [7, 12] },
      days: 6,
      budget: { amount: 8000, currency: 'EUR', perPerson: false },
    });
    for (const h of p.accommodations) expect(h.starRating ?? 0).toBeGreaterThanOrEqual(3);
  });
});

describe('one language per output', () => {
  it('writes durations in the output language', () => {
    expect(durationText(45, 'zh')).toBe('45分钟');
    expect(durationText(735, 'zh')).toBe('12小时15分钟');
    expect(durationText(120, 'zh')).toBe('2小时');
    expect(durationText(45, 'en')).toBe('45 min');
    expect(durationText(135, 'en')).toBe('2 h 15 min');
  });

  it('names airlines in Chinese in a Chinese plan', () => {
    expect(airlineLabel('Air France', 'zh')).toBe('法国航空');
    expect(airlineLabel('Air France', 'en')).toBe('Air France');
    expect(airlineLabel('Some New Carrier', 'zh')).toBe('Some New Carrier');
  });

  it('prints no English minute units in a Chinese plan', async () => {
    const p = await plan({ language: 'zh', origin: { name: 'Chengdu' }, destinations: [{ name: 'Paris' }] });
    const text = renderPlanText(p, 'zh');
    expect(text).not.toMatch(/\d min\b/);
    expect(text).toMatch(/\d分钟/);
    const flights = text.split('\n').filter((l) => l.includes('飞机:'));
    expect(flights.length).toBeGreaterThan(0);
    for (const l of flights) expect(l).not.toMatch(/Air|Airlines|Airways/);
  });
});

describe('a cuisine asked for in several words', () => {
  it('is met by a restaurant serving its specific dish, not by a broad tag alone', () => {
    expect(cuisineMet('cantonese dim sum', ['dim sum', 'cantonese'])).toBe(true);
    expect(cuisineMet('cantonese dim sum', ['cantonese', 'street food'])).toBe(false);
    expect(cuisineMet('Italian', ['italian', 'pizza'])).toBe(true);
    expect(cuisineMet('hand-pulled noodles', ['noodles'])).toBe(true);
    expect(cuisineMet('sushi', ['ramen'])).toBe(false);
  });

  it('plans a Guangzhou morning tea wish without a missing-cuisine warning', async () => {
    const p = await plan({
      origin: { name: 'Wuhan' },
      destinations: [{ name: 'Guangzhou' }],
      days: 3,
      cuisines: ['cantonese dim sum'],
      language: 'zh',
    });
    expect(p.warnings.filter((w) => w.code === 'CUISINE')).toHaveLength(0);
  });
});

describe('evenings and long stays', () => {
  const hhmm = (iso: string | null | undefined) => (iso ?? '').slice(11, 16);

  it('puts an early evening show before dinner rather than dropping it', async () => {
    const p = await plan({
      origin: { name: 'Seoul' },
      destinations: [{ name: 'Kyoto' }],
      days: 3,
      travelers: { adults: 1 },
      evenings: [{ kind: 'show' }],
    });
    const acts = p.itinerary.flatMap((d) => d.activities);
    const show = acts.find((a) => a.type !== 'dining' && /show/i.test(a.name));
    expect(show).toBeDefined();
    expect(hhmm(show!.startTime) >= '17:00').toBe(true);
    const day = p.itinerary.find((d) => d.activities.includes(show!))!;
    expect(day.activities.some((a) => a.mealType === 'dinner')).toBe(true);
  });

  it('keeps lunch and dinner on every full day of a long stay in one city', async () => {
    const p = await plan({
      origin: { name: 'Seoul' },
      destinations: [{ name: 'Kyoto' }],
      days: 8,
      travelers: { adults: 2 },
    });
    for (const d of p.itinerary.slice(1, -1)) {
      const meals = d.activities.map((a) => a.mealType);
      expect(meals).toContain('lunch');
      expect(meals).toContain('dinner');
    }
  });
});

describe('the place of an evening wish', () => {
  it('is read without the evening words around it', () => {
    expect(placeCore('晴空塔看夜景')).toBe('晴空塔');
    expect(placeCore('西湖的夜景')).toBe('西湖');
    expect(placeCore('登上海中心看夜景')).toBe('上海中心');
    expect(placeCore('night view from the Empire State Building')).toBe('the Empire State Building');
    expect(placeCore('Sydney Harbour at night')).toBe('Sydney Harbour');
    expect(placeCore('广州塔')).toBe('广州塔');
  });
});

describe('the summary at the top', () => {
  it('says when no budget was given instead of a budget equal to the total', async () => {
    const none = await plan({ language: 'zh' });
    const head = renderPlanText(none, 'zh').split('\n').slice(0, 6).join('\n');
    expect(head).toContain('未设预算');
    const given = await plan({ budget: { amount: 6000, currency: 'EUR', perPerson: false } });
    const enHead = renderPlanText(given, 'en').split('\n').slice(0, 6).join('\n');
    expect(enHead).toMatch(/of a 6,000 EUR budget/);
    expect(enHead).not.toContain('no budget given');
  });
});
