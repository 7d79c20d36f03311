/**
 * A long visit that the hours cut short (a theme park in town, open 10:00-19:00) is not pushed out
 * of its day by a dinner brought forward for time the visit never takes; a wished-for park gets
 * its day, with dinner after it. Made-up city, so the rule is tested rather than one city's data.
 */
import { describe, expect, it } from 'vitest';
import type { Attraction, CityInfo, Restaurant } from '../../agents/ports/providers.js';
import { planCity } from '../../agents/planning/itinerary-agent.js';
import type { DaySlot, ScheduledMeal, ScheduledVisit } from '../../agents/planning/itinerary-types.js';
import { mealsInWindow } from '../../agents/planning/itinerary-types.js';
import { TripRequest } from '../../agents/schemas/trip-request.js';
import { OfflineLocalTransitProvider } from '../../knowledge/offline/local-transit.js';

const provenance = { source: 'test', retrievedAt: '2026-12-01T00:00:00Z', kind: 'estimate' as const };
const city: CityInfo = {
  id: 'lakeside',
  name: 'Lakeside',
  nameEn: 'Lakeside',
  nameZh: '湖城',
  country: 'SG',
  coordinates: [10, 100],
  currency: 'SGD',
  provenance,
};
const allWeek = (open: number, close: number): [number, number][][] =>
  Array.from({ length: 7 }, () => [[open * 60, close * 60]]);
const at = (north: number, east: number): [number, number] => [10 + north / 111, 100 + east / 109];

const park: Attraction = {
  id: 'moonbeam-adventure-park',
  name: 'Moonbeam Adventure Park',
  nameEn: 'Moonbeam Adventure Park',
  nameZh: '月光冒险乐园',
  aliases: ['Moonbeam', '月光乐园'],
  city: city.id,
  coordinates: at(-7, -3),
  category: 'theme-park',
  tags: ['rides', 'family'],
  indoor: false,
  visitMinutes: 480,
  hours: allWeek(10, 19),
  ticketPrice: 80,
  currency: 'SGD',
  popularity: 0.7,
  provenance,
};
const town: Attraction[] = Array.from({ length: 6 }, (_, i) => ({
  ...park,
  id: `square-${i}`,
  name: `Square ${i}`,
  nameEn: `Square ${i}`,
  nameZh: `广场${i}`,
  aliases: [],
  coordinates: at((i % 3) * 0.5, (i % 2) * 0.5),
  category: 'landmark',
  tags: ['history'],
  visitMinutes: 90,
  hours: allWeek(9, 18),
  popularity: 0.9,
}));
const restaurants: Restaurant[] = Array.from({ length: 10 }, (_, i) => ({
  id: `diner-${i}`,
  name: `Diner ${i}`,
  city: city.id,
  coordinates: at((i % 3) * 0.4, (i % 4) * 0.4),
  cuisines: [`dish-${i}`],
  averageCost: 20,
  currency: 'SGD',
  meals: ['breakfast', 'lunch', 'dinner'],
  kind: 'meal',
  hours: allWeek(7, 22),
  provenance,
}));

function slot(dayNumber: number, start: number, end: number, fullDay: boolean): DaySlot {
  return {
    dayNumber,
    date: `2027-06-${String(dayNumber).padStart(2, '0')}`,
    city,
    start,
    end,
    startPoint: city.coordinates,
    meals: mealsInWindow(start, end),
    rainy: false,
    fullDay,
  };
}

describe('long visits and the meals around them', () => {
  it('keeps a wished-for theme park in town on its day, with dinner after it', () => {
    const request = TripRequest.parse({
      origin: { name: 'Elsewhere' },
      destinations: [{ name: 'Lakeside' }],
      startDate: '2027-06-01',
      days: 3,
      travelers: { adults: 2, children: 1 },
      mustVisit: ['月光乐园'],
    });
    const slots = [
      slot(1, 15 * 60, 21 * 60, false),
      slot(2, 8 * 60 + 30, 21 * 60, true),
      slot(3, 8 * 60 + 30, 14 * 60, false),
    ];
    const schedules = planCity({
      city,
      slots,
      attractions: [park, ...town],
      restaurants,
      request,
      local: new OfflineLocalTransitProvider({ clock: () => new Date('2026-12-01T00:00:00Z') }),
      usedAttractions: new Set(),
      usedRestaurants: new Set(),
      cuisinesToCover: new Set(),
      options: { restaurantStrategy: 'value', preferFree: false },
      missedHeadlines: [],
    });
    const day = schedules.find((s) =>
      s.items.some((it) => it.kind === 'visit' && it.attraction.id === park.id),
    );
    expect(day).toBeDefined();
    const parts = day!.items.filter(
      (it): it is ScheduledVisit => it.kind === 'visit' && it.attraction.id === park.id,
    );
    const minutes = parts.reduce((sum, v) => sum + v.end - v.start, 0);
    expect(minutes).toBeGreaterThanOrEqual(300);
    const dinner = day!.items.find((it): it is ScheduledMeal => it.kind === 'meal' && it.meal === 'dinner');
    expect(dinner).toBeDefined();
    expect(dinner!.start).toBeGreaterThanOrEqual(Math.max(...parts.map((v) => v.end)));
  });

  it('fits two headline sights into the one free day of a short winter stay, both shortened to their core', () => {
    const palace: Attraction = {
      ...town[0]!,
      id: 'jade-palace',
      name: 'Jade Palace',
      nameEn: 'Jade Palace',
      nameZh: '玉宫',
      coordinates: at(0.4, 0),
      category: 'palace',
      visitMinutes: 240,
      hours: allWeek(8.5, 17),
      popularity: 0.8,
      headlineRank: 1,
    };
    const altar: Attraction = {
      ...town[0]!,
      id: 'sky-altar',
      name: 'Sky Altar',
      nameEn: 'Sky Altar',
      nameZh: '天坛子',
      coordinates: at(-4, 1),
      category: 'temple',
      visitMinutes: 150,
      hours: allWeek(6, 16.5),
      popularity: 0.8,
      headlineRank: 2,
    };
    const request = TripRequest.parse({
      origin: { name: 'Elsewhere' },
      destinations: [{ name: 'Lakeside' }],
      startDate: '2027-01-05',
      days: 3,
      travelers: { adults: 2 },
    });
    // Arrival late in the evening, one free day, departure early in the morning.
    const slots = [
      slot(1, 20 * 60, 21 * 60, false),
      slot(2, 9 * 60 + 30, 21 * 60, true),
      slot(3, 7 * 60, 8 * 60, false),
    ];
    const schedules = planCity({
      city,
      slots,
      attractions: [palace, altar, ...town],
      restaurants,
      request,
      local: new OfflineLocalTransitProvider({ clock: () => new Date('2026-12-01T00:00:00Z') }),
      usedAttractions: new Set(),
      usedRestaurants: new Set(),
      cuisinesToCover: new Set(),
      options: { restaurantStrategy: 'value', preferFree: false },
      missedHeadlines: [],
    });
    const ids = new Set(
      schedules.flatMap((s) => s.items.flatMap((it) => (it.kind === 'visit' ? [it.attraction.id] : []))),
    );
    expect(ids.has(palace.id)).toBe(true);
    expect(ids.has(altar.id)).toBe(true);
  });

  it('has lunch before a palace that closes early rather than leaving it for lunch and coming back for minutes', () => {
    const palace: Attraction = {
      ...town[0]!,
      id: 'river-palace',
      name: 'River Palace',
      nameEn: 'River Palace',
      nameZh: '河宫',
      aliases: ['河宫'],
      coordinates: at(0.3, 0.3),
      category: 'palace',
      visitMinutes: 120,
      hours: allWeek(8.5, 15.5),
      popularity: 0.8,
    };
    const request = TripRequest.parse({
      origin: { name: 'Elsewhere' },
      destinations: [{ name: 'Lakeside' }],
      startDate: '2027-06-01',
      days: 1,
      travelers: { adults: 2 },
      pace: 'relaxed',
      mustVisit: ['河宫'],
    });
    // A late start: the palace is reached near lunchtime.
    const schedules = planCity({
      city,
      slots: [slot(1, 11 * 60 + 40, 21 * 60, false)],
      attractions: [palace],
      restaurants,
      request,
      local: new OfflineLocalTransitProvider({ clock: () => new Date('2026-12-01T00:00:00Z') }),
      usedAttractions: new Set(),
      usedRestaurants: new Set(),
      cuisinesToCover: new Set(),
      options: { restaurantStrategy: 'value', preferFree: false },
      missedHeadlines: [],
    });
    const parts = schedules[0]!.items.filter((it) => it.kind === 'visit' && it.attraction.id === palace.id);
    expect(parts).toHaveLength(1);
    expect(parts[0]!.end - parts[0]!.start).toBeGreaterThanOrEqual(120);
    const lunch = schedules[0]!.items.find((it) => it.kind === 'meal' && it.meal === 'lunch');
    expect(lunch).toBeDefined();
  });
});
