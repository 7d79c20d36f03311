/**
 * The realism benchmark's checks must be able to fail: each is tried on a small hand-made plan
 * with the flaw it looks for, and on the same plan without it.
 */
import { describe, expect, it } from 'vitest';
import type { ItineraryActivity, TravelPlan } from '../../agents/schemas/travel-plan.js';
import {
  checkArrival,
  checkCoverage,
  checkDates,
  checkHeadline,
  checkHotel,
  checkMeals,
  checkOutput,
  checkTransfer,
  type Answer,
} from '../bench/realism/checks.js';
import type { Scenario } from '../bench/realism/scenarios.js';

const prov = { source: 'test', retrievedAt: '2027-01-01T00:00:00Z', kind: 'estimate' as const };

function act(
  over: Partial<ItineraryActivity> & Pick<ItineraryActivity, 'name' | 'type' | 'startTime' | 'endTime'>,
): ItineraryActivity {
  return {
    id: over.name,
    duration: 60,
    location: 'Paris',
    city: 'Paris',
    estimatedCost: 0,
    bookingRequired: false,
    tips: [],
    photos: [],
    cuisines: [],
    ...over,
  } as ItineraryActivity;
}

const flight = act({
  name: 'XX1 Shanghai → Paris',
  type: 'transportation',
  city: 'Shanghai',
  startTime: '2027-04-10T07:00:00+08:00',
  endTime: '2027-04-10T13:00:00+02:00',
  travelLeg: {
    mode: 'flight',
    from: 'Shanghai',
    to: 'Paris',
    durationMinutes: 780,
    distanceKm: 9000,
    cost: 0,
    units: 2,
    provenance: prov,
  },
});

function plan(activities: ItineraryActivity[], over: Partial<TravelPlan> = {}): TravelPlan {
  return {
    id: 'p',
    userId: 'u',
    title: 't',
    destinations: [
      {
        id: 'd',
        name: 'Paris',
        country: 'FR',
        city: 'Paris',
        coordinates: [48.8, 2.3],
        timezone: 'Europe/Paris',
        visitOrder: 0,
        arrivalDate: '2027-04-10',
        departureDate: '2027-04-13',
        isPrimary: true,
      },
    ],
    startDate: '2027-04-10',
    endDate: '2027-04-13',
    totalBudget: 10000,
    travelerCount: 2,
    travelerDetails: [],
    flights: [],
    accommodations: [],
    itinerary: [
      {
        dayNumber: 1,
        date: '2027-04-10',
        destination: 'Paris',
        theme: 'Arrival',
        activities,
        totalCost: 0,
        totalWalkingDistance: 0,
        estimatedDuration: 0,
        tips: [],
      },
    ],
    activities: [],
    warnings: [],
    tips: [],
    currency: 'EUR',
    ...over,
  } as unknown as TravelPlan;
}

const scenario = (expect: Scenario['expect'] = {}, lang: 'zh' | 'en' = 'en'): Scenario => ({
  id: 's',
  text: '',
  lang,
  expect,
});
const leg = (mode: 'walk' | 'transit', minutes: number) => ({
  mode,
  from: 'x',
  to: 'y',
  durationMinutes: minutes,
  distanceKm: 1,
  cost: 0,
  units: 2,
  provenance: prov,
});

describe('realism checks', () => {
  it('flags a walk out of the airport and accepts a transfer', () => {
    const walk = act({
      name: 'Lunch',
      type: 'dining',
      startTime: '2027-04-10T14:00:00+02:00',
      endTime: '2027-04-10T15:00:00+02:00',
      travelLeg: leg('walk', 9),
    });
    const ride = { ...walk, travelLeg: leg('transit', 50) };
    const bad = checkTransfer(scenario(), { understood: true, plan: plan([flight, walk]) });
    const good = checkTransfer(scenario(), { understood: true, plan: plan([flight, ride]) });
    expect(bad.failures.join()).toMatch(/after landing in Paris/);
    expect(good.failures).toEqual([]);
  });

  it('checks a stay in against the arrival in its own city, not a street that contains a city name', () => {
    const train = act({
      name: "G1 Beijing → Xi'an",
      type: 'transportation',
      city: 'Beijing',
      startTime: '2027-04-12T08:00:00+08:00',
      endTime: '2027-04-12T12:30:00+08:00',
      travelLeg: { ...leg('transit', 270), mode: 'train', from: 'Beijing', to: "Xi'an" },
    });
    const stay = (name: string, city: string, address: string, checkInDate: string) =>
      ({ id: name, name, city, address, checkInDate, checkOutDate: '2027-04-13' }) as never;
    const beijing = stay('Hutong Inn', 'Beijing', '12 Nanluoguxiang, Dongcheng', '2027-04-10');
    const early = stay('Wall Hotel', "Xi'an", 'Jiefang Road', '2027-04-11');
    const onTime = stay('Wall Hotel', "Xi'an", 'Jiefang Road', '2027-04-12');
    const check = (accommodations: never[]) =>
      checkArrival(scenario(), { understood: true, plan: plan([train], { accommodations }) }).failures;
    expect(check([beijing, onTime])).toEqual([]);
    expect(check([beijing, early]).join()).toMatch(/Wall Hotel checked in 2027-04-11/);
  });

  it('compares what the party pays a night when it asks for cheap', () => {
    const stay = (rooms: number, pricePerNight: number) =>
      ({
        id: 'h',
        name: 'Canal Rooms',
        city: 'Paris',
        address: 'Rue X',
        roomType: 'entire_room',
        maxOccupancy: 2,
        rooms,
        pricePerNight,
        checkInDate: '2027-04-10',
        checkOutDate: '2027-04-13',
      }) as never;
    const dorm = { city: 'Paris', name: 'Bunk Hostel', pricePerNight: 60, rooms: 4, totalPrice: 720 };
    const check = (h: never) =>
      checkHotel(scenario({ tier: 'budget' }), {
        understood: true,
        plan: plan([], {
          accommodations: [h],
          alternatives: { flights: [], hotels: [dorm] },
          budgetBreakdown: { totalBudget: 0, accommodation: 600 },
        } as never),
      }).failures;
    // Two rooms at 100 (200 a night) beat four beds at 60 (240); two rooms at 150 do not.
    expect(check(stay(2, 100))).toEqual([]);
    expect(check(stay(2, 150)).join()).toMatch(/priciest/);
  });

  it('flags a dessert lunch and the same dish twice a day', () => {
    const lunch = act({
      name: 'Glace',
      type: 'dining',
      mealType: 'lunch',
      cuisines: ['ice cream'],
      startTime: '2027-04-11T12:00:00+02:00',
      endTime: '2027-04-11T13:00:00+02:00',
    });
    const duck1 = act({
      name: 'Duck A',
      type: 'dining',
      mealType: 'lunch',
      cuisines: ['peking duck', 'chinese'],
      startTime: '2027-04-11T12:00:00+02:00',
      endTime: '2027-04-11T13:00:00+02:00',
    });
    const duck2 = act({
      name: 'Duck B',
      type: 'dining',
      mealType: 'dinner',
      cuisines: ['peking duck', 'chinese'],
      startTime: '2027-04-11T19:30:00+02:00',
      endTime: '2027-04-11T20:30:00+02:00',
    });
    const dinner = { ...duck2, cuisines: ['french'] };
    expect(checkMeals(scenario(), { understood: true, plan: plan([lunch, dinner]) }).failures.join()).toMatch(
      /not a meal/,
    );
    expect(checkMeals(scenario(), { understood: true, plan: plan([duck1, duck2]) }).failures.join()).toMatch(
      /peking duck 2 times/,
    );
    expect(checkMeals(scenario(), { understood: true, plan: plan([duck1, dinner]) }).failures).toEqual([]);
  });

  it('wants the headline sights for the nights spent, and every must-see', () => {
    const louvre = act({
      name: 'Louvre Museum',
      type: 'sightseeing',
      startTime: '2027-04-11T09:00:00+02:00',
      endTime: '2027-04-11T13:00:00+02:00',
    });
    const eiffel = act({
      name: 'Eiffel Tower',
      type: 'sightseeing',
      startTime: '2027-04-11T15:00:00+02:00',
      endTime: '2027-04-11T17:00:00+02:00',
    });
    const orsay = act({
      name: "Musée d'Orsay",
      type: 'sightseeing',
      startTime: '2027-04-12T10:00:00+02:00',
      endTime: '2027-04-12T13:00:00+02:00',
    });
    const missing = checkHeadline(scenario(), { understood: true, plan: plan([louvre, eiffel]) });
    expect(missing.failures.join()).toMatch(/Orsay/);
    expect(
      checkHeadline(scenario(), { understood: true, plan: plan([louvre, eiffel, orsay]) }).failures,
    ).toEqual([]);
    const wish = scenario({ mustSee: [{ label: 'Versailles', match: /versailles/i }] });
    expect(
      checkHeadline(wish, { understood: true, plan: plan([louvre, eiffel, orsay]) }).failures.join(),
    ).toMatch(/Versailles/);
  });

  it('checks the month asked for against the plan start, on an injected reference date', () => {
    const p = plan([]);
    expect(checkDates(scenario({ month: 4 }), { understood: true, plan: p }, '2027-01-10').failures).toEqual(
      [],
    );
    expect(
      checkDates(scenario({ month: 5 }), { understood: true, plan: p }, '2027-01-10').failures.join(),
    ).toMatch(/month 5/);
    expect(
      checkDates(scenario({ month: 4 }), { understood: true, plan: p }, '2027-06-01').failures.length,
    ).toBeGreaterThan(0);
  });

  it('wants one language and a summary in the text', () => {
    const p = plan([]);
    const good: Answer = { understood: true, plan: p, text: '# Paris\n2 travellers · budget 10,000 EUR\n' };
    const leak: Answer = {
      understood: true,
      plan: p,
      text: '# Paris\n2 travellers · budget 10,000 EUR\nStay: 西子宾馆\n',
    };
    expect(checkOutput(scenario(), good).failures).toEqual([]);
    expect(checkOutput(scenario(), leak).failures.join()).toMatch(/Chinese in English/);
    expect(checkOutput(scenario(), { ...good, text: '# Paris\n' }).failures.join()).toMatch(/summary/);
  });

  it('accepts an honest answer for an uncovered destination and rejects empty days', () => {
    const honest: Answer = {
      understood: true,
      failureText: 'We have no local data for Lisbon yet. Nearest covered: Paris.',
    };
    expect(checkCoverage(scenario({ uncovered: true }), honest).failures).toEqual([]);
    const shell: Answer = { understood: true, plan: plan([]), text: 'Day 1\nDay 2' };
    expect(checkCoverage(scenario({ uncovered: true }), shell).failures.length).toBeGreaterThanOrEqual(2);
  });
});
