/**
 * Headline sights and full-day sights, on a made-up city (so the rules are tested, not one city's
 * data): the data's headline ranking beats raw popularity, a relaxed pace drops minor places first,
 * a full-day sight gets its own day with lunch near it, generic wishes find the city's obvious
 * place, and a headline with no room is reported instead of silently dropped.
 */
import { describe, expect, it } from 'vitest';
import type { Attraction, CityInfo, Restaurant } from '../../agents/ports/providers.js';
import { matchesAnyName, mustVisitPicks, wishedAlias } from '../../agents/planning/attraction-selection.js';
import { planCity } from '../../agents/planning/itinerary-agent.js';
import type { DaySlot, ScheduledVisit } from '../../agents/planning/itinerary-types.js';
import { mealsInWindow } from '../../agents/planning/itinerary-types.js';
import { headlinesOf } from '../../agents/planning/sights.js';
import { TripRequest } from '../../agents/schemas/trip-request.js';
import { OfflineLocalTransitProvider } from '../../knowledge/offline/local-transit.js';

const provenance = { source: 'test', retrievedAt: '2026-12-01T00:00:00Z', kind: 'estimate' as const };
const city: CityInfo = {
  id: 'harbourtown',
  name: 'Harbourtown',
  nameEn: 'Harbourtown',
  nameZh: '港城',
  country: 'CN',
  coordinates: [30, 120],
  currency: 'CNY',
  provenance,
};
const allWeek = (open: number, close: number): [number, number][][] =>
  Array.from({ length: 7 }, () => [[open * 60, close * 60]]);

/** A place `north` km north and `east` km east of the centre. */
function place(id: string, extra: Partial<Attraction> & { north?: number; east?: number }): Attraction {
  const { north = 0, east = 0, ...rest } = extra;
  return {
    id,
    name: id,
    nameEn: id,
    city: city.id,
    coordinates: [30 + north / 111, 120 + east / 96],
    category: 'landmark',
    tags: [],
    indoor: true,
    visitMinutes: 60,
    hours: allWeek(9, 18),
    ticketPrice: 10,
    currency: 'CNY',
    popularity: 0.5,
    provenance,
    ...rest,
  };
}

function eatery(id: string, north: number, east: number): Restaurant {
  return {
    id,
    name: id,
    city: city.id,
    coordinates: [30 + north / 111, 120 + east / 96],
    cuisines: [`dish-${id}`],
    averageCost: 60,
    currency: 'CNY',
    meals: ['breakfast', 'lunch', 'dinner'],
    kind: 'meal',
    hours: allWeek(7, 22),
    provenance,
  };
}

// Ordinary places that are MORE popular than the headlines: raw popularity alone would pick them.
const ordinary = Array.from({ length: 10 }, (_, i) =>
  place(`busy-${i}`, { popularity: 0.95, north: (i % 3) * 0.6, east: (i % 4) * 0.5, visitMinutes: 75 }),
);
const greatHall = place('great-hall-museum', {
  nameZh: '大会堂博物馆',
  category: 'museum',
  visitMinutes: 240,
  popularity: 0.7,
  headlineRank: 1,
  north: 0.5,
});
const ridge = place('stone-ridge', {
  nameZh: '石岭',
  category: 'historic-site',
  indoor: false,
  visitMinutes: 300,
  popularity: 0.6,
  headlineRank: 2,
  north: 60,
  hours: allWeek(8, 17),
  dayTrip: {
    mode: 'coach',
    minutesEachWay: 90,
    costPerPerson: 30,
    howZh: '旅游专线',
    howEn: 'tourist coach',
  },
});
const lighthouse = place('old-lighthouse', { popularity: 0.55, headlineRank: 3, east: 1.2 });
const zoo = place('harbourtown-zoo', {
  nameZh: '港城动物园',
  category: 'zoo',
  tags: ['pandas', 'family'],
  visitMinutes: 150,
  popularity: 0.4,
  east: -2,
});
const pettingFarm = place('petting-farm', { category: 'zoo', popularity: 0.2, east: -3 });
const attractions = [...ordinary, greatHall, ridge, lighthouse, zoo, pettingFarm];
const restaurants = [
  ...Array.from({ length: 12 }, (_, i) => eatery(`town-${i}`, (i % 3) * 0.4, (i % 4) * 0.4)),
  eatery('ridge-farmhouse', 60.2, 0),
  eatery('ridge-inn', 59.8, 0.3),
];

function slot(dayNumber: number, start: number, end: number, fullDay: boolean): DaySlot {
  return {
    dayNumber,
    date: `2027-05-${String(9 + dayNumber).padStart(2, '0')}`,
    city,
    start,
    end,
    startPoint: city.coordinates,
    meals: mealsInWindow(start, end),
    rainy: false,
    fullDay,
  };
}

function plan(pace: 'relaxed' | 'moderate', slots: DaySlot[], mustVisit: string[] = []) {
  const request = TripRequest.parse({
    origin: { name: 'Elsewhere' },
    destinations: [{ name: 'Harbourtown' }],
    startDate: '2027-05-10',
    days: slots.length,
    travelers: { adults: 2 },
    pace,
    mustVisit,
  });
  const missedHeadlines: Attraction[] = [];
  const schedules = planCity({
    city,
    slots,
    attractions,
    restaurants,
    request,
    local: new OfflineLocalTransitProvider({ clock: () => new Date('2026-12-01T00:00:00Z') }),
    usedAttractions: new Set(),
    usedRestaurants: new Set(),
    cuisinesToCover: new Set(),
    options: { restaurantStrategy: 'value', preferFree: false },
    missedHeadlines,
  });
  const visits = schedules.flatMap((s) =>
    s.items
      .filter((it): it is ScheduledVisit => it.kind === 'visit')
      .map((v) => ({ day: s.slot.dayNumber, v })),
  );
  return { schedules, visits, missedHeadlines, ids: new Set(visits.map((x) => x.v.attraction.id)) };
}

const threeDays = () => [
  slot(1, 14 * 60, 21 * 60, false),
  slot(2, 8 * 60 + 30, 21 * 60, true),
  slot(3, 8 * 60 + 30, 15 * 60, false),
];

describe('headline sights', () => {
  it('ranks headlines by the data, not by raw popularity, with a fallback for unranked sources', () => {
    expect(headlinesOf(attractions).map((a) => a.id)).toEqual([greatHall.id, ridge.id, lighthouse.id]);
    const unranked = attractions.map((a) => ({ ...a, headlineRank: undefined }));
    expect(headlinesOf(unranked)).toHaveLength(3);
    expect(headlinesOf(unranked).every((a) => a.id.startsWith('busy-'))).toBe(true);
  });

  it('keeps every headline on a short stay although busier ordinary places exist', () => {
    const { ids, missedHeadlines } = plan('moderate', threeDays());
    expect(ids.has(greatHall.id)).toBe(true);
    expect(ids.has(ridge.id)).toBe(true);
    expect(ids.has(lighthouse.id)).toBe(true);
    expect(missedHeadlines).toEqual([]);
  });

  it('a relaxed pace plans fewer places but still the headlines', () => {
    const relaxed = plan('relaxed', threeDays());
    const moderate = plan('moderate', threeDays());
    expect(relaxed.ids.size).toBeLessThanOrEqual(moderate.ids.size);
    for (const h of [greatHall, ridge, lighthouse]) expect(relaxed.ids.has(h.id)).toBe(true);
  });

  it('gives a full-day sight its own day, reached by its coach, with lunch near it', () => {
    const { schedules } = plan('moderate', threeDays());
    const day = schedules.find((s) =>
      s.items.some((it) => it.kind === 'visit' && it.attraction.id === ridge.id),
    )!;
    expect(day.slot.fullDay).toBe(true);
    const visits = day.items.filter((it): it is ScheduledVisit => it.kind === 'visit');
    // Only the sight itself that day (its two parts around lunch), no town sightseeing.
    expect(new Set(visits.map((v) => v.attraction.id))).toEqual(new Set([ridge.id]));
    expect(visits[0]!.leg?.durationMinutes).toBe(90);
    const lunch = day.items.find((it) => it.kind === 'meal' && it.meal === 'lunch');
    expect(lunch && lunch.kind === 'meal' ? lunch.restaurant.id : '').toMatch(/^ridge-/);
    // Within its hours.
    for (const v of visits) expect(v.end).toBeLessThanOrEqual(17 * 60);
  });

  it('says so when a headline truly has no room', () => {
    const { missedHeadlines, ids } = plan('moderate', [slot(1, 15 * 60, 19 * 60, false)]);
    const missed = missedHeadlines.map((a) => a.id);
    for (const h of [greatHall, ridge, lighthouse]) expect(ids.has(h.id) || missed.includes(h.id)).toBe(true);
    expect(missed.length).toBeGreaterThan(0);
  });
});

describe('must-visit wishes', () => {
  it('matches generic nouns to the city’s obvious place, in either language', () => {
    expect(matchesAnyName(zoo, ['the zoo'])).toBe(true);
    expect(matchesAnyName(zoo, ['熊猫'])).toBe(true);
    expect(matchesAnyName(zoo, ['pandas'])).toBe(true);
    expect(matchesAnyName(greatHall, ['the zoo'])).toBe(false);
    // The obvious one: the most popular place of that kind.
    expect(mustVisitPicks(attractions, ['动物园']).get('动物园')?.id).toBe(zoo.id);
    expect(mustVisitPicks(attractions, ['Zoo']).get('Zoo')?.id).toBe(zoo.id);
    // Names still match by a shorter form in the other language.
    expect(mustVisitPicks(attractions, ['大会堂']).get('大会堂')?.id).toBe(greatHall.id);
  });

  it('plans a generic wish like a named one', () => {
    const { ids } = plan('moderate', threeDays(), ['去看熊猫']);
    expect(ids.has(zoo.id)).toBe(true);
  });
});

describe('two headlines that do not both fit one day', () => {
  it('the higher-ranked one keeps the day, even when the lower one lies on the way', () => {
    // One free day; the first headline is long and closes early, the third lies next to the hotel.
    const palace = place('winter-palace', {
      visitMinutes: 240,
      headlineRank: 1,
      north: 3,
      hours: allWeek(8.5, 16.5),
    });
    const temple = place('sky-temple', {
      visitMinutes: 150,
      headlineRank: 3,
      north: 0.2,
      hours: allWeek(8, 17),
    });
    const request = TripRequest.parse({
      origin: { name: 'Elsewhere' },
      destinations: [{ name: 'Harbourtown' }],
      startDate: '2027-05-10',
      days: 1,
      travelers: { adults: 2 },
    });
    const missedHeadlines: Attraction[] = [];
    const schedules = planCity({
      city,
      slots: [slot(1, 8 * 60 + 30, 21 * 60, true)],
      attractions: [palace, temple],
      restaurants,
      request,
      local: new OfflineLocalTransitProvider({ clock: () => new Date('2026-12-01T00:00:00Z') }),
      usedAttractions: new Set(),
      usedRestaurants: new Set(),
      cuisinesToCover: new Set(),
      options: { restaurantStrategy: 'value', preferFree: false },
      missedHeadlines,
    });
    const ids = new Set(
      schedules.flatMap((s) => s.items.flatMap((it) => (it.kind === 'visit' ? [it.attraction.id] : []))),
    );
    expect(ids.has(palace.id)).toBe(true);
    // Whatever gave way is said, not silently dropped.
    if (!ids.has(temple.id)) expect(missedHeadlines.map((a) => a.id)).toContain(temple.id);
  });
});

describe('a full-day sight and a headline closed on the other days', () => {
  it('leaves the one day the higher headline is open to it', () => {
    // Day 1 (Monday) is an arrival afternoon and the museum is closed on Mondays; day 3 is a short
    // departure morning. Only day 2 can hold the museum, so the lower-ranked ridge trip must not
    // take it.
    const closedMonday = allWeek(9, 17).map((d, i) => (i === 1 ? [] : d));
    const museum = place('crown-museum', {
      visitMinutes: 180,
      headlineRank: 1,
      north: 0.4,
      hours: closedMonday,
    });
    const request = TripRequest.parse({
      origin: { name: 'Elsewhere' },
      destinations: [{ name: 'Harbourtown' }],
      startDate: '2027-05-10',
      days: 3,
      travelers: { adults: 1 },
    });
    const missedHeadlines: Attraction[] = [];
    const schedules = planCity({
      city,
      slots: [
        slot(1, 12 * 60, 21 * 60, false),
        slot(2, 8 * 60 + 30, 21 * 60, true),
        slot(3, 8 * 60, 11 * 60, false),
      ],
      attractions: [...ordinary, museum, ridge, lighthouse],
      restaurants,
      request,
      local: new OfflineLocalTransitProvider({ clock: () => new Date('2026-12-01T00:00:00Z') }),
      usedAttractions: new Set(),
      usedRestaurants: new Set(),
      cuisinesToCover: new Set(),
      options: { restaurantStrategy: 'value', preferFree: false },
      missedHeadlines,
    });
    const dayOf = (id: string) =>
      schedules.find((s) => s.items.some((it) => it.kind === 'visit' && it.attraction.id === id))?.slot
        .dayNumber;
    expect(dayOf(museum.id)).toBe(2);
    // The ridge found no day: the plan says so.
    if (dayOf(ridge.id) === undefined) expect(missedHeadlines.map((a) => a.id)).toContain(ridge.id);
  });
});

describe('a long headline museum and a full-day sight on a short stay', () => {
  const closedMonday = allWeek(8.5, 17).map((d, i) => (i === 1 ? [] : d));
  const museum = place('imperial-museum', {
    visitMinutes: 240,
    headlineRank: 1,
    north: 0.5,
    hours: closedMonday,
  });
  const dated = (dayNumber: number, date: string, start: number, end: number, fullDay: boolean): DaySlot => ({
    ...slot(dayNumber, start, end, fullDay),
    date,
  });
  const run = (slots: DaySlot[]) => {
    const request = TripRequest.parse({
      origin: { name: 'Elsewhere' },
      destinations: [{ name: 'Harbourtown' }],
      startDate: slots[0]!.date,
      days: slots.length,
      travelers: { adults: 2 },
    });
    const schedules = planCity({
      city,
      slots,
      attractions: [...ordinary, museum, ridge, lighthouse],
      restaurants,
      request,
      local: new OfflineLocalTransitProvider({ clock: () => new Date('2026-12-01T00:00:00Z') }),
      usedAttractions: new Set(),
      usedRestaurants: new Set(),
      cuisinesToCover: new Set(),
      options: { restaurantStrategy: 'value', preferFree: false },
      missedHeadlines: [],
    });
    return (id: string) =>
      schedules.find((s) => s.items.some((it) => it.kind === 'visit' && it.attraction.id === id))?.slot
        .dayNumber;
  };

  it('puts the day trip on the day the museum is closed, the museum on the open full day', () => {
    // Saturday arrival at lunchtime, Sunday and Monday free, Tuesday an early departure.
    const dayOf = run([
      dated(1, '2027-05-08', 13 * 60 + 20, 21 * 60, false),
      dated(2, '2027-05-09', 8 * 60 + 30, 21 * 60, true),
      dated(3, '2027-05-10', 8 * 60 + 30, 21 * 60, true),
      dated(4, '2027-05-11', 7 * 60, 7 * 60 + 30, false),
    ]);
    expect(dayOf(museum.id)).toBe(2);
    expect(dayOf(ridge.id)).toBe(3);
  });

  it('two nights: the museum gets its core on the arrival afternoon, the day trip the full day', () => {
    const dayOf = run([
      dated(1, '2027-05-13', 13 * 60 + 20, 21 * 60, false),
      dated(2, '2027-05-14', 8 * 60 + 30, 21 * 60, true),
      dated(3, '2027-05-15', 7 * 60, 7 * 60 + 30, false),
    ]);
    expect(dayOf(museum.id)).toBe(1);
    expect(dayOf(ridge.id)).toBe(2);
  });
});

describe('an evening wish and the early night after a long flight', () => {
  it('the only evening in town holds the wish', () => {
    const skyline = place('harbour-lights', {
      tags: ['night-view'],
      evening: true,
      visitMinutes: 60,
      hours: allWeek(0, 24),
      east: 0.3,
    });
    const request = TripRequest.parse({
      origin: { name: 'Elsewhere' },
      destinations: [{ name: 'Harbourtown' }],
      startDate: '2027-05-10',
      days: 2,
      travelers: { adults: 1 },
      evenings: [{ kind: 'night_view' }],
    });
    const schedules = planCity({
      city,
      // A long-haul arrival: the afternoon starts after a rest and the day ends early; then a
      // departure morning.
      slots: [
        { ...slot(1, 15 * 60, 19 * 60 + 30, false), meals: ['dinner'] },
        slot(2, 8 * 60 + 30, 10 * 60 + 30, false),
      ],
      attractions: [...ordinary, skyline],
      restaurants,
      request,
      local: new OfflineLocalTransitProvider({ clock: () => new Date('2026-12-01T00:00:00Z') }),
      usedAttractions: new Set(),
      usedRestaurants: new Set(),
      cuisinesToCover: new Set(),
      options: { restaurantStrategy: 'value', preferFree: false },
      missedHeadlines: [],
    });
    const visit = schedules
      .flatMap((s) => s.items)
      .find((it): it is ScheduledVisit => it.kind === 'visit' && it.attraction.id === skyline.id);
    expect(visit).toBeDefined();
    expect(visit!.start).toBeGreaterThanOrEqual(17 * 60);
  });
});

describe('a wish written as an alias', () => {
  it('is shown beside the place name in the output language only', () => {
    const a = {
      name: 'Moonlight Wildlife Park',
      nameZh: '月光野生动物园',
      aliases: ['月光动物园', 'Night Zoo'],
    };
    expect(wishedAlias(a, '月光野生动物园', ['月光动物园'], 'zh')).toBe('月光动物园');
    expect(wishedAlias(a, 'Moonlight Wildlife Park', ['Night Zoo'], 'en')).toBe('Night Zoo');
    // The name already says it, or the wish is in the other language: nothing added.
    expect(wishedAlias(a, '月光野生动物园', ['野生动物园'], 'zh')).toBeUndefined();
    expect(wishedAlias(a, 'Moonlight Wildlife Park', ['月光动物园'], 'en')).toBeUndefined();
  });
});

describe('a sight best in the morning', () => {
  it('is the first visit of a day that has a morning, not the arrival afternoon', () => {
    const bears = place('bear-sanctuary', {
      category: 'zoo',
      visitMinutes: 180,
      popularity: 0.9,
      bestTime: 'morning',
      hours: allWeek(7.5, 18),
      north: 6,
    });
    const request = TripRequest.parse({
      origin: { name: 'Elsewhere' },
      destinations: [{ name: 'Harbourtown' }],
      startDate: '2027-05-10',
      days: 3,
      travelers: { adults: 2 },
      mustVisit: ['bear-sanctuary'],
    });
    const schedules = planCity({
      city,
      slots: threeDays(),
      attractions: [...ordinary, bears],
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
      s.items.some((it) => it.kind === 'visit' && it.attraction.id === bears.id),
    )!;
    expect(day.slot.start).toBeLessThan(11 * 60);
    const visits = day.items.filter((it): it is ScheduledVisit => it.kind === 'visit');
    expect(visits[0]!.attraction.id).toBe(bears.id);
    expect(visits[0]!.start).toBeLessThan(10 * 60);
  });
});
