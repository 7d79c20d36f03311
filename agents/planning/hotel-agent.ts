/**
 * Hotel agent: filters stays by the party's hard needs (room type, house rules, minimum nights,
 * occupancy) and soft wishes (stars, nightly price), then scores the rest by rating, price and
 * distance to the city's chosen activities.
 */
import type { HotelOffer } from '../ports/providers.js';
import type { Coordinates } from '../schemas/common.js';
import type { HotelTier, TripRequest } from '../schemas/trip-request.js';
import type { BudgetLevel } from './budget-agent.js';
import { haversineKm } from './geo.js';

export interface HotelCandidate {
  offer: HotelOffer;
  /** Rooms (listings) needed for the party. */
  rooms: number;
  nights: number;
  /** price x rooms x nights, in the offer's currency. */
  total: number;
  /** Lower is better. */
  score: number;
  /** Soft wishes this one misses (stars, price cap). */
  softMisses: string[];
}

export interface HotelFilterResult {
  candidates: HotelCandidate[];
  /** Offers rejected per hard reason, for explanations. */
  rejected: Record<string, number>;
  /**
   * Dorm beds kept apart for a couple or a family (private rooms are offered): the budget loop's
   * last level takes them only when nothing else fits the budget.
   */
  dorms?: HotelCandidate[];
}

/** True when the stay's room type satisfies the requested one. */
export function roomTypeMatches(
  offer: HotelOffer['roomType'],
  wanted: TripRequest['accommodation']['roomType'],
): boolean {
  if (!wanted) return true;
  if (wanted === 'not_shared_room') return offer !== 'shared_room';
  return offer === wanted;
}

/** Rooms needed: ceil(people / occupancy). */
export function roomsNeeded(people: number, maxOccupancy: number): number {
  return Math.max(1, Math.ceil(people / Math.max(1, maxOccupancy)));
}

/** The comfort level a request states (tier, else a star range or a luxury/budget style). */
export function hotelTierOf(request: TripRequest): HotelTier | null {
  const a = request.accommodation;
  if (a.tier) return a.tier;
  if (a.stars) {
    if (a.stars[0] >= 5) return 'luxury';
    if (a.stars[0] >= 4) return 'upscale';
    if (a.stars[1] <= 2) return 'budget';
  }
  if (request.travelStyle === 'luxury') return 'luxury';
  if (request.travelStyle === 'budget') return 'budget';
  // A trip-wide budget level ("穷游", "luxury trip") sets the stay's level too.
  if (request.budgetLevel) return request.budgetLevel;
  return null;
}

/** Lowest star rating of a tier (upscale 4, luxury 5), or null when any will do. */
function tierStars(tier: ReturnType<typeof hotelTierOf>): number | null {
  return tier === 'luxury' ? 5 : tier === 'upscale' ? 4 : null;
}

/**
 * True when a couple or family should get a room of its own: more than one person, unless they
 * asked for cheap stays or for a shared room.
 */
export function partyNeedsPrivateRoom(request: TripRequest, people: number): boolean {
  if (people < 2) return false;
  if (request.accommodation.roomType === 'shared_room') return false;
  return hotelTierOf(request) !== 'budget';
}

export function filterHotels(
  offers: HotelOffer[],
  request: TripRequest,
  people: number,
  nights: number,
  activityCentre: Coordinates | undefined,
): HotelFilterResult {
  const rejected: Record<string, number> = {};
  const reject = (why: string) => (rejected[why] = (rejected[why] ?? 0) + 1);
  const wants = request.accommodation;
  const candidates: HotelCandidate[] = [];
  const dorms: HotelCandidate[] = [];
  const privateRoom = partyNeedsPrivateRoom(request, people);
  const minStars = tierStars(hotelTierOf(request));
  for (const offer of offers) {
    if (!roomTypeMatches(offer.roomType, wants.roomType)) {
      reject('room_type');
      continue;
    }
    if (wants.houseRules.some((rule) => offer.houseRules[rule] !== true)) {
      reject('house_rules');
      continue;
    }
    if (offer.minimumNights > nights) {
      reject('minimum_nights');
      continue;
    }
    const rooms = roomsNeeded(people, offer.maxOccupancy);
    // More than one listing per person is not a sensible stay for a party.
    if (rooms > people) {
      reject('occupancy');
      continue;
    }
    const softMisses: string[] = [];
    if (
      wants.stars &&
      offer.stars !== undefined &&
      (offer.stars < wants.stars[0] || offer.stars > wants.stars[1])
    ) {
      softMisses.push('stars');
    }
    if (wants.maxPricePerNight != null && offer.pricePerNight > wants.maxPricePerNight)
      softMisses.push('price');
    if (wants.amenities.some((a) => !offer.amenities.map((x) => x.toLowerCase()).includes(a.toLowerCase()))) {
      softMisses.push('amenities');
    }
    if (minStars !== null && (offer.stars ?? 0) < minStars) softMisses.push('tier');
    // Dorm beds for a couple or a family: only when nothing else is left (and then said).
    const target = privateRoom && offer.roomType === 'shared_room' ? dorms : candidates;
    if (target === dorms) softMisses.push('private_room');
    target.push({
      offer,
      rooms,
      nights,
      total: offer.pricePerNight * rooms * nights,
      score: 0,
      softMisses,
    });
  }
  const apart = candidates.length > 0 ? dorms : [];
  if (candidates.length === 0) candidates.push(...dorms);
  else if (dorms.length > 0) rejected['shared_room_for_party'] = dorms.length;
  if (candidates.length > 0) {
    const totals = candidates.map((c) => c.total);
    const minT = Math.min(...totals);
    const spanT = Math.max(...totals) - minT || 1;
    for (const c of candidates) {
      const price = (c.total - minT) / spanT;
      const rating = 1 - (c.offer.rating ?? 3) / 5;
      const distanceKm =
        activityCentre && c.offer.coordinates ? haversineKm(activityCentre, c.offer.coordinates) : 5;
      const distance = Math.min(1, distanceKm / 15);
      c.score = 0.45 * price + 0.3 * rating + 0.15 * distance + 0.1 * c.softMisses.length;
    }
    candidates.sort((a, b) => a.score - b.score || a.total - b.total || a.offer.id.localeCompare(b.offer.id));
  }
  return { candidates, rejected, ...(apart.length > 0 ? { dorms: apart } : {}) };
}

/**
 * The candidates a level may choose from for a stated tier: an upscale or luxury wish keeps to stays
 * of that class (`tierDrop` 0), to one star below it (1), or to any stay (null); when none is left
 * the nearest class down is taken, so there is always a choice.
 */
export function candidatesForTier(
  all: HotelCandidate[],
  tier: HotelTier | null,
  tierDrop: 0 | 1 | null,
): HotelCandidate[] {
  const min = tierStars(tier);
  if (min === null || tierDrop === null) return all;
  for (let floor = min - tierDrop; floor >= 1; floor--) {
    const kept = all.filter((c) => (c.offer.stars ?? 0) >= floor);
    if (kept.length > 0) return kept;
  }
  return all;
}

/**
 * Picks one stay among the eligible candidates at a budget level's hotel strategy: `best` puts
 * comfort first, `cheapest` the lowest total, `fit` the most comfortable whose total (plan
 * currency) is at most `cap` (the budget's share for this stay), otherwise value (price mostly,
 * rating a little). A stated upscale or luxury tier bounds every strategy but `cheapest` as
 * `tierDrop` says ({@link candidatesForTier}).
 * `inPlanCurrency` converts a candidate's total into the plan's currency.
 */
export function pickHotel(
  all: HotelCandidate[],
  level: BudgetLevel['hotel'],
  inPlanCurrency: (amount: number, currency: string) => number,
  tier: ReturnType<typeof hotelTierOf> = null,
  budgetGiven = false,
  cap: number | null = null,
  tierDrop: 0 | 1 | null = 0,
): HotelCandidate | null {
  if (all.length === 0) return null;
  // "Cheap" means the cheapest fitting stay at every level; an upscale or luxury wish keeps to
  // stays of that class while the budget allows (the budget loop's later levels leave it).
  const candidates = level === 'cheapest' ? all : candidatesForTier(all, tier, tierDrop);
  if (level === 'fit') {
    // The most comfortable stay the budget leaves room for; value when none fits.
    if (cap === null) return pickHotel(candidates, 'best', inPlanCurrency, tier, budgetGiven, null, null);
    const fits = candidates.filter((c) => inPlanCurrency(c.total, c.offer.currency) <= cap);
    return pickHotel(
      fits.length > 0 ? fits : candidates,
      fits.length > 0 ? 'best' : 'value',
      inPlanCurrency,
      tier,
      budgetGiven,
      null,
      null,
    );
  }
  const strategy = tier === 'budget' ? 'cheapest' : level;
  const inPlan = (c: HotelCandidate) => inPlanCurrency(c.total, c.offer.currency);
  if (strategy === 'best') {
    // Comfort first: rating and stars, then closeness (the hotel agent's score), price a little.
    const totals = candidates.map(inPlan);
    const min = Math.min(...totals);
    const span = Math.max(...totals) - min || 1;
    // With a budget to spend (the loop steps down when it does not fit), comfort weighs more
    // than price: a couple with room in the budget gets a good hotel, not the cheapest bed.
    const w = budgetGiven
      ? { price: 0.03, rating: 0.4, stars: 0.4, score: 0.12 }
      : { price: 0.15, rating: 0.35, stars: 0.25, score: 0.25 };
    const quality = (c: HotelCandidate) =>
      w.price * ((inPlan(c) - min) / span) +
      w.rating * (1 - (c.offer.rating ?? 3.5) / 5) +
      w.stars * (1 - (c.offer.stars ?? 3) / 5) +
      w.score * c.score +
      0.5 * c.softMisses.length;
    return [...candidates].sort(
      (a, b) => quality(a) - quality(b) || a.offer.id.localeCompare(b.offer.id),
    )[0]!;
  }
  if (strategy === 'cheapest')
    return [...candidates].sort((a, b) => inPlan(a) - inPlan(b) || a.offer.id.localeCompare(b.offer.id))[0]!;
  const totals = candidates.map(inPlan);
  const min = Math.min(...totals);
  const span = Math.max(...totals) - min || 1;
  return [...candidates].sort((a, b) => {
    const va = 0.7 * ((inPlan(a) - min) / span) + 0.3 * (1 - (a.offer.rating ?? 3) / 5);
    const vb = 0.7 * ((inPlan(b) - min) / span) + 0.3 * (1 - (b.offer.rating ?? 3) / 5);
    return va - vb || a.offer.id.localeCompare(b.offer.id);
  })[0]!;
}
