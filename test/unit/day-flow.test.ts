/**
 * How each day flows, over the offline providers with fresh requests: the intercity way chosen door
 * to door (no car mixed with trains, long rides weighed for gentle parties), meals at local times
 * that are meals and vary, lunch on long-visit and arrival days, and evening wishes in the evening.
 * Dates are relative to the injected clock.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../agents/planning/calendar.js';
import { planTrip } from '../../agents/planning/coordinator.js';
import { tiringMinutes } from '../../agents/planning/transport-agent.js';
import type { Providers } from '../../agents/ports/providers.js';
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
