/**
 * Hotel agent: filters stays by the party's hard needs (room type, house rules, minimum nights,
 * occupancy) and soft wishes (stars, nightly price), then scores the rest by rating, price and
 * distance to the city's chosen activities.
 */
import type { HotelOffer } from '../ports/providers.js';
import type { Coordinates } from '../schemas/common.js';
import type { TripRequest } from '../schemas/trip-request.js';
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
    candidates.push({
      offer,
      rooms,
      nights,
      total: offer.pricePerNight * rooms * nights,
      score: 0,
      softMisses,
    });
  }
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
  return { candidates, rejected };
}
