/**
 * Flight agent: ranks flight offers by price, duration, stops, departure-time window and airline
 * preference. It returns the Pareto front (offers no other offer beats on every objective) and a
 * weighted score over min-max normalised objectives, so callers can show alternatives and pick one.
 */
import type { FlightOffer } from '../ports/providers.js';
import type { TripRequest } from '../schemas/trip-request.js';
import { parseClockTime } from './opening-hours.js';

export interface RankedFlight {
  offer: FlightOffer;
  /** Lower is better. */
  score: number;
  pareto: boolean;
  /** Objectives, for explanations. */
  objectives: {
    price: number;
    duration: number;
    stops: number;
    windowPenalty: number;
    airlinePenalty: number;
  };
}

export const FLIGHT_WEIGHTS = {
  price: 0.45,
  duration: 0.25,
  stops: 0.15,
  window: 0.1,
  airline: 0.05,
} as const;

/** Minutes outside the preferred departure window (0 inside it, or with no window). */
function windowPenalty(offer: FlightOffer, window: [string, string] | null | undefined): number {
  if (!window) return 0;
  const dep = parseClockTime(offer.departureTime);
  const [lo, hi] = [parseClockTime(window[0]), parseClockTime(window[1])];
  if (dep >= lo && dep <= hi) return 0;
  return dep < lo ? lo - dep : dep - hi;
}

function dominates(a: RankedFlight['objectives'], b: RankedFlight['objectives']): boolean {
  const keys = ['price', 'duration', 'stops', 'windowPenalty'] as const;
  return keys.every((k) => a[k] <= b[k]) && keys.some((k) => a[k] < b[k]);
}

/**
 * Ranks offers for one leg. Offers with more layovers than allowed, or in another cabin, are dropped
 * unless nothing else is left (then they stay, penalised, and the caller warns).
 */
export function rankFlights(offers: FlightOffer[], prefs: TripRequest['flight']): RankedFlight[] {
  const allowed = offers.filter((o) => o.stops <= prefs.maxLayovers && o.cabinClass === prefs.cabinClass);
  const pool = allowed.length > 0 ? allowed : offers;
  if (pool.length === 0) return [];
  const preferred = new Set(prefs.preferredAirlines.map((a) => a.toUpperCase()));
  const ranked: RankedFlight[] = pool.map((offer) => ({
    offer,
    score: 0,
    pareto: false,
    objectives: {
      price: offer.price,
      duration: offer.durationMinutes,
      stops: offer.stops + (offer.stops > prefs.maxLayovers ? 5 : 0),
      windowPenalty: windowPenalty(offer, prefs.departureWindow),
      airlinePenalty:
        preferred.size === 0 ||
        preferred.has(offer.airline.toUpperCase()) ||
        preferred.has(offer.flightNumber.slice(0, 2).toUpperCase())
          ? 0
          : 1,
    },
  }));
  const norm = (key: keyof RankedFlight['objectives']) => {
    const values = ranked.map((r) => r.objectives[key]);
    const min = Math.min(...values);
    const span = Math.max(...values) - min;
    return (v: number) => (span > 0 ? (v - min) / span : 0);
  };
  const [np, nd, ns, nw, na] = [
    norm('price'),
    norm('duration'),
    norm('stops'),
    norm('windowPenalty'),
    norm('airlinePenalty'),
  ];
  for (const r of ranked) {
    const o = r.objectives;
    r.score =
      FLIGHT_WEIGHTS.price * np(o.price) +
      FLIGHT_WEIGHTS.duration * nd(o.duration) +
      FLIGHT_WEIGHTS.stops * ns(o.stops) +
      FLIGHT_WEIGHTS.window * nw(o.windowPenalty) +
      FLIGHT_WEIGHTS.airline * na(o.airlinePenalty);
    r.pareto = !ranked.some((other) => other !== r && dominates(other.objectives, r.objectives));
  }
  return ranked.sort(
    (a, b) => a.score - b.score || a.offer.price - b.offer.price || a.offer.id.localeCompare(b.offer.id),
  );
}
