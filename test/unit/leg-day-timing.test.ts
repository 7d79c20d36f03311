/**
 * Leg-day timing: long rides make the arrival day light like long flights (a drive does not), and
 * a first city reached tired off a long-haul flight keeps the leg day's morning for its sights.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../agents/planning/calendar.js';
import { planTrip } from '../../agents/planning/coordinator.js';
import { isLongJourney } from '../../agents/planning/transport-agent.js';
import type { GroundOption } from '../../agents/ports/providers.js';
import { TripRequest } from '../../agents/schemas/trip-request.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';

const ride = (mode: GroundOption['mode'], durationMinutes: number): GroundOption =>
  ({
    mode,
    durationMinutes,
    distanceKm: durationMinutes,
    cost: 100,
    currency: 'CNY',
    unit: mode === 'self_driving' || mode === 'taxi' ? 'vehicle' : 'person',
    provenance: { source: 'test', kind: 'estimate' },
  }) as unknown as GroundOption;

describe('long journeys', () => {
  it('an overnight or ten-hour train or coach tires like a long flight; a ten-hour drive does not', () => {
    expect(isLongJourney({ kind: 'ground', option: ride('train', 600), depart: 8 * 60 })).toBe(true);
    expect(isLongJourney({ kind: 'ground', option: ride('bus', 500), depart: 8 * 60 })).toBe(true);
    expect(isLongJourney({ kind: 'ground', option: ride('train', 300), depart: 8 * 60 })).toBe(false);
    expect(isLongJourney({ kind: 'ground', option: ride('self_driving', 600), depart: 8 * 60 })).toBe(false);
    expect(isLongJourney({ kind: 'ground', option: ride('self_driving', 760), depart: 8 * 60 })).toBe(true);
  });
});

describe('the leg day after a short first stay', () => {
  it('leaves the city reached off a long-haul flight later, so the leg-day morning has sights', async () => {
    const now = () => new Date('2026-11-26T00:00:00Z');
    const providers = createOfflineProviders({ now });
    const req = TripRequest.parse({
      origin: { name: 'Sydney' },
      destinations: [
        { name: 'Beijing', days: 2 },
        { name: 'Shanghai', days: 5 },
      ],
      startDate: addDays('2026-11-26', 70),
      days: 7,
      travelers: { adults: 2 },
      language: 'en',
    });
    const out = await planTrip(req, { providers, now });
    expect(out.failure).toBeNull();
    const p = out.plan!;
    const acts = p.itinerary.flatMap((d) => d.activities.map((a) => ({ day: d.dayNumber, a })));
    const onward = acts.find(
      (x) =>
        x.a.type === 'transportation' &&
        !x.a.transfer &&
        x.a.travelLeg &&
        /Shanghai/.test(x.a.name ?? '') &&
        x.day > 1,
    );
    expect(onward).toBeDefined();
    // A sight in Beijing on the morning of the leg day, before leaving.
    const before = acts.filter(
      (x) =>
        x.day === onward!.day &&
        x.a.type === 'sightseeing' &&
        Date.parse(x.a.startTime!) < Date.parse(onward!.a.startTime!),
    );
    expect(before.length).toBeGreaterThan(0);
  });
});

describe('a full-day sight outside the centre on an arrival part-day', () => {
  it('takes the Great Wall on a morning arrival day when the one whole day belongs to the Forbidden City', async () => {
    const now = () => new Date('2027-01-10T00:00:00Z');
    const providers = createOfflineProviders({ now });
    // 2027-01-11 is a Monday: the Forbidden City is closed on the arrival day.
    const startDate = '2027-01-11';
    expect(new Date(`${startDate}T00:00:00Z`).getUTCDay()).toBe(1);
    const req = TripRequest.parse({
      origin: { name: 'Guangzhou' },
      destinations: [
        { name: 'Beijing', days: 2 },
        { name: 'Shanghai', days: 2 },
      ],
      startDate,
      days: 4,
      travelers: { adults: 1 },
      language: 'zh',
    });
    const out = await planTrip(req, { providers, now });
    expect(out.failure).toBeNull();
    const days = out.plan!.itinerary;
    const names = (d: (typeof days)[number]) => d.activities.map((a) => a.name ?? '').join(' | ');
    const all = days.map(names).join(' | ');
    expect(all).toMatch(/故宫/);
    expect(all).toMatch(/长城/);
    // The wall is on the arrival day, after landing and lunch, and back in town for dinner.
    const wallDay = days.find((d) => /长城/.test(names(d)))!;
    expect(wallDay.dayNumber).toBe(1);
    const wall = wallDay.activities.find((a) => /长城/.test(a.name ?? '') && a.type === 'sightseeing')!;
    const dinner = wallDay.activities.find(
      (a) => a.type === 'dining' && Date.parse(a.startTime!) > Date.parse(wall.endTime!),
    );
    expect(dinner).toBeDefined();
  });
});
