/**
 * Meals vary across a day and across days (made-up city and restaurants): a dish eaten at lunch in
 * one city is not eaten again at dinner in the next, yesterday's dish is avoided while another
 * restaurant will do, and the tightest budget still avoids a second plate of the same dish when
 * another costs about as little.
 */
import { describe, expect, it } from 'vitest';
import type { CityInfo, Restaurant } from '../../agents/ports/providers.js';
import { simulate } from '../../agents/planning/day-simulation.js';
import type { DaySlot, ScheduledMeal } from '../../agents/planning/itinerary-types.js';
import { chooseRestaurant, priceTargetFor } from '../../agents/planning/meal-rules.js';
import { TripRequest } from '../../agents/schemas/trip-request.js';
import { OfflineLocalTransitProvider } from '../../knowledge/offline/local-transit.js';

const provenance = { source: 'test', retrievedAt: '2026-12-01T00:00:00Z', kind: 'estimate' as const };
const city: CityInfo = {
  id: 'rivertown',
  name: 'Rivertown',
  nameEn: 'Rivertown',
  country: 'CN',
  coordinates: [31, 121],
  currency: 'CNY',
  provenance,
};
const allWeek: [number, number][][] = Array.from({ length: 7 }, () => [[7 * 60, 22 * 60]]);
function eatery(id: string, dish: string, km: number, cost = 60): Restaurant {
  return {
    id,
    name: id,
    city: city.id,
    coordinates: [31 + km / 111, 121],
    cuisines: [dish],
    averageCost: cost,
    currency: 'CNY',
    meals: ['lunch', 'dinner'],
    kind: 'meal',
    hours: allWeek,
    provenance,
  };
}
const base = {
  meal: 'dinner' as const,
  city,
  at: city.coordinates,
  home: city.coordinates,
  cuisinesToCover: new Set<string>(),
  dishesTaken: new Set<string>(),
  cheapest: 40,
  priciest: 200,
};

describe('restaurant choice across days', () => {
  it("avoids yesterday's dish while another place is about as good", () => {
    const duck = eatery('duck-house', 'roast duck', 0.2);
    const hotpot = eatery('hotpot-hall', 'hot pot', 0.6);
    const free = [duck, hotpot];
    expect(chooseRestaurant({ ...base, free, strategy: 'value' })?.id).toBe('duck-house');
    expect(
      chooseRestaurant({ ...base, free, strategy: 'value', dishesRecent: new Set(['roast duck']) })?.id,
    ).toBe('hotpot-hall');
  });

  it('on the cheapest budget avoids a second plate of the same dish when another costs about as little', () => {
    const noodles = eatery('noodle-bar', 'noodles', 0.2, 40);
    const rice = eatery('rice-shop', 'clay pot rice', 0.4, 50);
    const banquet = eatery('banquet-hall', 'banquet', 0.3, 200);
    const taken = new Set(['noodles']);
    expect(
      chooseRestaurant({ ...base, free: [noodles, rice], strategy: 'cheapest', dishesTaken: taken })?.id,
    ).toBe('rice-shop');
    // Only a far dearer place serves something else: the cheap dish again.
    expect(
      chooseRestaurant({ ...base, free: [noodles, banquet], strategy: 'cheapest', dishesTaken: taken })?.id,
    ).toBe('noodle-bar');
  });
});

describe('the dishes of a day are shared across cities', () => {
  it('dinner in the second city of the day is not the dish of lunch in the first', () => {
    const request = TripRequest.parse({
      origin: { name: 'Elsewhere' },
      destinations: [{ name: 'Rivertown' }],
      startDate: '2027-05-10',
      days: 2,
      travelers: { adults: 2 },
    });
    const slot: DaySlot = {
      dayNumber: 1,
      date: '2027-05-10',
      city,
      start: 16 * 60,
      end: 21 * 60,
      startPoint: city.coordinates,
      meals: ['dinner'],
      rainy: false,
      fullDay: false,
    };
    const restaurants = [eatery('noodle-corner', 'noodles', 0.1), eatery('dumpling-den', 'dumplings', 1.5)];
    const input = {
      city,
      slots: [slot],
      attractions: [],
      restaurants,
      request,
      local: new OfflineLocalTransitProvider({ clock: () => new Date('2026-12-01T00:00:00Z') }),
      usedAttractions: new Set<string>(),
      usedRestaurants: new Set<string>(),
      cuisinesToCover: new Set<string>(),
      options: { restaurantStrategy: 'value' as const, preferFree: false },
    };
    const dinnerOf = (dishesByDate?: Map<string, Set<string>>) =>
      (
        simulate({ ...input, dishesByDate }, slot, [], new Set(), new Set()).items.find(
          (it): it is ScheduledMeal => it.kind === 'meal',
        ) as ScheduledMeal
      ).restaurant.id;
    expect(dinnerOf()).toBe('noodle-corner');
    expect(dinnerOf(new Map([['2027-05-10', new Set(['noodles'])]]))).toBe('dumpling-den');
  });
});

describe('restaurant price level follows the stay asked for', () => {
  const cheap = eatery('cheap-canteen', 'canteen fare', 0.2, 40);
  const good = eatery('good-grill', 'grill', 0.5, 180);
  const ranks = new Map([
    ['cheap-canteen', 0],
    ['good-grill', 1],
  ]);
  const position = (r: Restaurant) => ranks.get(r.id) ?? 0.5;
  it('a luxury or five-star trip eats at the better restaurants, others as before', () => {
    const luxury = TripRequest.parse({
      origin: { name: 'A' },
      destinations: [{ name: 'Rivertown' }],
      days: 3,
      accommodation: { tier: 'luxury' },
    });
    const fiveStar = TripRequest.parse({
      origin: { name: 'A' },
      destinations: [{ name: 'Rivertown' }],
      days: 3,
      accommodation: { stars: [5, 5] },
    });
    const plain = TripRequest.parse({
      origin: { name: 'A' },
      destinations: [{ name: 'Rivertown' }],
      days: 3,
    });
    expect(priceTargetFor(luxury, 'dinner')).toBeGreaterThan(0.7);
    expect(priceTargetFor(fiveStar, 'dinner')).toBeGreaterThan(0.7);
    expect(priceTargetFor(luxury, 'lunch')).toBeLessThan(priceTargetFor(luxury, 'dinner')!);
    expect(priceTargetFor(plain, 'dinner')).toBeUndefined();
    const free = [cheap, good];
    expect(chooseRestaurant({ ...base, free, strategy: 'quality' })?.id).toBe('cheap-canteen');
    expect(
      chooseRestaurant({ ...base, free, strategy: 'quality', priceTarget: { at: 0.8, position } })?.id,
    ).toBe('good-grill');
    // The budget loop's value level still looks for value.
    expect(
      chooseRestaurant({ ...base, free, strategy: 'value', priceTarget: { at: 0.8, position } })?.id,
    ).toBe('cheap-canteen');
  });
});
