/**
 * The budget loop leaves a stated hotel tier step by step (cheaper stays of the tier, one tier
 * down, any stay the budget allows) before it makes the journey cheaper, spends the budget rather
 * than leaving most of it unused, and says plainly when the stay is below the tier asked for.
 * Requests written for these tests.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../agents/planning/calendar.js';
import { BUDGET_LEVELS } from '../../agents/planning/budget-agent.js';
import { planTrip } from '../../agents/planning/coordinator.js';
import { candidatesForTier, pickHotel, type HotelCandidate } from '../../agents/planning/hotel-agent.js';
import type { Providers } from '../../agents/ports/providers.js';
import type { TravelPlan } from '../../agents/schemas/travel-plan.js';
import { TripRequest, type TripRequestInput } from '../../agents/schemas/trip-request.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';

const fixedNow = () => new Date('2026-09-01T00:00:00Z');
let providers: Providers;
beforeAll(() => {
  providers = createOfflineProviders({ now: fixedNow });
});

async function plan(input: Partial<TripRequestInput>): Promise<TravelPlan> {
  const request = TripRequest.parse({
    origin: { name: 'Shanghai' },
    destinations: [{ name: 'Tokyo' }, { name: 'Kyoto' }],
    startDate: addDays('2026-09-01', 50),
    days: 7,
    travelers: { adults: 2, children: 2, childAges: [8, 11] },
    accommodation: { tier: 'upscale' },
    language: 'zh',
    ...input,
  });
  const out = await planTrip(request, { providers, now: fixedNow });
  expect(out.failure).toBeNull();
  return out.plan!;
}

/** Modes of the journeys between two destinations (not from or to home). */
function modesBetween(p: TravelPlan, from: RegExp, to: RegExp): string[] {
  return p.itinerary
    .flatMap((d) => d.activities)
    .filter(
      (a) =>
        a.type === 'transportation' && a.travelLeg && from.test(a.travelLeg.from) && to.test(a.travelLeg.to),
    )
    .map((a) => a.travelLeg!.mode);
}

const spent = (p: TravelPlan) => {
  const { totalBudget, ...costs } = p.budgetBreakdown;
  return Object.values(costs).reduce((s, v) => s + v, 0) / totalBudget;
};

describe('the budget loop steps down a stated hotel tier before the journey', () => {
  it('leaves the tier before it makes any journey cheaper', () => {
    const firstCheaperJourney = BUDGET_LEVELS.findIndex((l) => l.transport === 'cheapest');
    const tierDown = BUDGET_LEVELS.findIndex((l) => l.tierDrop === 1);
    const anyStay = BUDGET_LEVELS.findIndex((l) => l.tierDrop === null && l.hotel === 'fit');
    expect(tierDown).toBeGreaterThan(0);
    expect(anyStay).toBeGreaterThan(tierDown);
    expect(firstCheaperJourney).toBeGreaterThan(anyStay);
    expect(BUDGET_LEVELS[tierDown]!.transport).toBe('balanced');
  });

  it('keeps a family a little short for 4-star hotels in 3-star hotels and on the train', async () => {
    const p = await plan({ budget: { amount: 34_000, currency: 'CNY', perPerson: false } });
    for (const h of p.accommodations) {
      expect(h.starRating ?? 0).toBeGreaterThanOrEqual(3);
      expect(h.roomType).not.toBe('shared_room');
    }
    const modes = modesBetween(p, /tokyo|东京/i, /kyoto|京都/i);
    expect(modes.length).toBeGreaterThan(0);
    expect(modes).not.toContain('bus');
    expect(spent(p)).toBeGreaterThan(0.85);
    expect(spent(p)).toBeLessThanOrEqual(1);
    const below = p.warnings.filter((w) => w.code === 'BELOW_ASKED_TIER');
    expect(below.length).toBe(p.accommodations.length);
    for (const w of below) {
      expect(w.messageZh).toMatch(/预算不够住您要求的四星级/);
      expect(w.message).toMatch(/does not stretch to the 4-star hotels/);
    }
  });

  it('takes a simpler private room before an all-day coach when the budget is tighter', async () => {
    const p = await plan({ budget: { amount: 30_000, currency: 'CNY', perPerson: false } });
    expect(modesBetween(p, /tokyo|东京/i, /kyoto|京都/i)).not.toContain('bus');
    for (const h of p.accommodations) expect(h.roomType).not.toBe('shared_room');
    expect(spent(p)).toBeGreaterThan(0.85);
    expect(p.warnings.some((w) => w.code === 'BELOW_ASKED_TIER')).toBe(true);
  });

  it('says nothing about the tier when the budget affords it', async () => {
    const p = await plan({ budget: { amount: 60_000, currency: 'CNY', perPerson: false } });
    for (const h of p.accommodations) expect(h.starRating ?? 0).toBeGreaterThanOrEqual(4);
    expect(p.warnings.some((w) => w.code === 'BELOW_ASKED_TIER')).toBe(false);
  });

  it('keeps the Eurostar for a London family short of a 4-star Paris hotel', async () => {
    const p = await plan({
      origin: { name: 'London' },
      destinations: [{ name: 'Paris' }],
      days: 6,
      language: 'en',
      budget: { amount: 6_500, currency: 'GBP', perPerson: false },
    });
    const out = p.itinerary
      .flatMap((d) => d.activities)
      .filter((a) => a.type === 'transportation' && a.travelLeg);
    expect(out.some((a) => a.travelLeg!.mode === 'train')).toBe(true);
    expect(p.flights).toHaveLength(0);
    expect(spent(p)).toBeGreaterThan(0.8);
  });
});

describe('a couple in dorm beds only when the budget leaves nothing else', () => {
  const couple = (amount: number) =>
    plan({
      destinations: [{ name: 'Beijing' }],
      days: 4,
      travelers: { adults: 2 },
      accommodation: {},
      transport: { prefer: ['train'], avoid: [] },
      budget: { amount, currency: 'CNY', perPerson: false },
    });
  const dorm = (p: TravelPlan) => p.accommodations.some((h) => h.roomType === 'shared_room');

  it('books a private room while any level with one fits', async () => {
    const p = await couple(5_600);
    expect(dorm(p)).toBe(false);
  });

  it('books dorm beds, and says so, when only they fit the budget', async () => {
    const p = await couple(4_800);
    expect(dorm(p)).toBe(true);
    const w = p.warnings.find((x) => x.code === 'DORM_FOR_PARTY');
    expect(w?.messageZh).toMatch(/多人间床位/);
  });

  it('keeps the private room when even dorm beds would not fit', async () => {
    const p = await couple(2_000);
    expect(dorm(p)).toBe(false);
  });
});

describe('stays within a tier', () => {
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
    rooms: 1,
    nights: 3,
    total: price * 3,
    score: 0.5,
    softMisses: stars < 4 ? ['tier'] : [],
  });
  const same = (amount: number) => amount;
  const inn = offer('inn', 2, 60, 4.6);
  const three = offer('three', 3, 110, 4.2);
  const four = offer('four', 4, 200, 4.4);
  const five = offer('five', 5, 420, 4.8);

  it('keeps to the tier, one star below it, or any stay', () => {
    const all = [inn, three, four, five];
    expect(candidatesForTier(all, 'upscale', 0).map((c) => c.offer.id)).toEqual(['four', 'five']);
    expect(candidatesForTier(all, 'upscale', 1).map((c) => c.offer.id)).toEqual(['three', 'four', 'five']);
    expect(candidatesForTier(all, 'upscale', null)).toHaveLength(4);
    expect(candidatesForTier(all, 'luxury', 1).map((c) => c.offer.id)).toEqual(['four', 'five']);
    // Nothing of the class: the nearest class down.
    expect(candidatesForTier([inn, three], 'luxury', 0).map((c) => c.offer.id)).toEqual(['three']);
    expect(candidatesForTier(all, null, 0)).toHaveLength(4);
  });

  it('fits the best stay one tier down under the cap rather than the cheapest', () => {
    const all = [inn, three, four, five];
    expect(pickHotel(all, 'fit', same, 'upscale', true, 500, 1)?.offer.id).toBe('three');
    expect(pickHotel(all, 'fit', same, 'upscale', true, 700, 0)?.offer.id).toBe('four');
    // Over the cap within the tier: the cheaper stay of the tier, not a drop below it.
    expect(pickHotel(all, 'fit', same, 'upscale', true, 300, 0)?.offer.id).toBe('four');
    expect(pickHotel(all, 'fit', same, 'upscale', true, 200, null)?.offer.id).toBe('inn');
  });
});
