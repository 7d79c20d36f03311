/**
 * Routing: the leg between two points (walk, transit, taxi, or a day-trip sight's curated way),
 * the order of a day's places (nearest neighbour + 2-opt) and a day's geographic spread.
 */
import type { Attraction, LocalLeg } from '../ports/providers.js';
import type { Coordinates } from '../schemas/common.js';
import { centroid, haversineKm } from './geo.js';
import type { CityItineraryInput } from './itinerary-types.js';

/**
 * The leg between two points: walk when it takes at most 20 minutes, else public transit unless a
 * taxi saves more than 20 minutes, else taxi.
 */
export function chooseLocalLeg(options: LocalLeg[]): LocalLeg | null {
  const walk = options.find((o) => o.mode === 'walk');
  if (walk && walk.durationMinutes <= 20) return walk;
  const transit = options.find((o) => o.mode === 'transit');
  const taxi = options.find((o) => o.mode === 'taxi');
  if (transit && (!taxi || transit.durationMinutes <= taxi.durationMinutes + 20)) return transit;
  return taxi ?? transit ?? walk ?? options[0] ?? null;
}

/**
 * The leg between two points, using a day-trip sight's curated way (tourist bus, suburban train)
 * when one end is at such a sight and the other back in town, instead of a long taxi estimate.
 */
export function legWithDayTrips(
  input: CityItineraryInput,
  from: Coordinates | undefined,
  to: Coordinates | undefined,
): LocalLeg | null {
  if (from && to) {
    for (const a of input.attractions) {
      if (!a.dayTrip || !a.coordinates) continue;
      const dFrom = haversineKm(a.coordinates, from);
      const dTo = haversineKm(a.coordinates, to);
      if ((dFrom <= 8 && dTo > 15) || (dTo <= 8 && dFrom > 15)) {
        return {
          mode: a.dayTrip.mode === 'taxi' ? 'taxi' : 'transit',
          durationMinutes: a.dayTrip.minutesEachWay,
          distanceKm: haversineKm(from, to),
          cost: a.dayTrip.costPerPerson,
          currency: a.currency,
          unit: 'person',
          provenance: {
            ...a.provenance,
            kind: 'estimate',
            note: `${a.dayTrip.howEn} (typical time and fare, not live)`,
          },
        };
      }
    }
  }
  return chooseLocalLeg(input.local.legs(input.city, from, to));
}

export function travelCost(order: Attraction[], start: Coordinates | undefined): number {
  let pos = start;
  let total = 0;
  for (const a of order) {
    if (pos && a.coordinates) total += haversineKm(pos, a.coordinates);
    pos = a.coordinates ?? pos;
  }
  return total;
}

/** Nearest-neighbour order from the start point, then 2-opt until no improving reversal. */
export function routeOrder(places: Attraction[], start: Coordinates | undefined): Attraction[] {
  const remaining = [...places];
  const order: Attraction[] = [];
  let pos = start;
  while (remaining.length > 0) {
    let bestIdx = 0;
    let bestD = Infinity;
    remaining.forEach((a, i) => {
      const d = pos && a.coordinates ? haversineKm(pos, a.coordinates) : 0;
      if (d < bestD) {
        bestD = d;
        bestIdx = i;
      }
    });
    const [next] = remaining.splice(bestIdx, 1);
    order.push(next!);
    pos = next!.coordinates ?? pos;
  }
  let improved = true;
  let guard = 0;
  while (improved && guard++ < 50) {
    improved = false;
    for (let i = 0; i < order.length - 1; i++) {
      for (let j = i + 1; j < order.length; j++) {
        const candidate = [...order.slice(0, i), ...order.slice(i, j + 1).reverse(), ...order.slice(j + 1)];
        if (travelCost(candidate, start) + 1e-9 < travelCost(order, start)) {
          order.splice(0, order.length, ...candidate);
          improved = true;
        }
      }
    }
  }
  return order;
}

/** Spread of a day: sum of distances from the members to their centroid. */
export function spread(places: Attraction[]): number {
  const c = centroid(places.map((p) => p.coordinates));
  if (!c) return 0;
  return places.reduce((s, p) => s + (p.coordinates ? haversineKm(c, p.coordinates) : 0), 0);
}
