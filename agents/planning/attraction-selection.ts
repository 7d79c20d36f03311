/**
 * Attraction selection: must-visit matching (any name or alias, either language, shorter or
 * longer forms), ranking for a request, and setting aside full-day sights and evening things.
 */
import type { Attraction, CityInfo } from '../ports/providers.js';
import { haversineKm } from './geo.js';
import type { CityItineraryInput } from './itinerary-types.js';
import { PACE_DAY } from './itinerary-types.js';
import { eveningPicks } from './evenings.js';
import { intervalsOn } from './opening-hours.js';
import { hoursOn, isEvening, isFullDaySight, isHeadline, nameMatches, namesOf } from './sights.js';

/**
 * True when a place matches any of the user's names for it: any of its names or aliases, in either
 * language, equal or a shorter or longer form of it.
 */
export function matchesAnyName(
  a: {
    name: string;
    nameZh?: string | undefined;
    nameEn?: string | undefined;
    aliases?: string[] | undefined;
  },
  wanted: string[],
): boolean {
  const names = namesOf(a);
  return wanted.some((w) => nameMatches(names, w));
}

/**
 * The places the must-visit wishes pick: for each wish, the best of the places it matches (one
 * section of the Great Wall for "长城", not all three). Wishes that match nothing are left out.
 */
export function mustVisitPicks(attractions: Attraction[], wishes: string[]): Map<string, Attraction> {
  const picks = new Map<string, Attraction>();
  for (const wish of wishes) {
    const hits = attractions.filter((a) => matchesAnyName(a, [wish]));
    if (hits.length === 0) continue;
    // An exact name beats an alias; then popularity.
    const exact = hits.filter((a) =>
      [a.name, a.nameZh, a.nameEn].some((n) => n && n.toLowerCase() === wish.toLowerCase()),
    );
    const pool = exact.length > 0 ? exact : hits;
    const best = [...pool].sort(
      (x, y) => (y.popularity ?? 0.5) - (x.popularity ?? 0.5) || x.id.localeCompare(y.id),
    )[0]!;
    picks.set(wish, best);
  }
  return picks;
}

function interestScore(a: Attraction, interests: string[]): number {
  if (interests.length === 0) return 0;
  const words = new Set([a.category, ...a.tags].map((t) => t.toLowerCase()));
  return interests.filter((i) => words.has(i.toLowerCase())).length / interests.length;
}

/** Ranks the city's places for this request (must-visit first). */
export function rankAttractions(
  input: Pick<CityItineraryInput, 'attractions' | 'request' | 'usedAttractions' | 'options'>,
): Attraction[] {
  const { request } = input;
  const candidates = input.attractions.filter(
    (a) => !input.usedAttractions.has(a.id) && !matchesAnyName(a, request.mustAvoid),
  );
  const picks = new Set([...mustVisitPicks(candidates, request.mustVisit).values()].map((a) => a.id));
  const scored = candidates.map((a) => {
    const must = picks.has(a.id) ? 10 : isHeadline(a) ? 0.5 : 0;
    const free = input.options.preferFree && (a.ticketPrice ?? 0) === 0 ? 0.5 : 0;
    const paidPenalty = input.options.preferFree && (a.ticketPrice ?? 0) > 0 ? 0.3 : 0;
    return {
      a,
      s: must + (a.popularity ?? 0.5) + 0.6 * interestScore(a, request.interests) + free - paidPenalty,
    };
  });
  scored.sort((x, y) => y.s - x.s || x.a.id.localeCompare(y.a.id));
  return scored.map((x) => x.a);
}

/** True for a curated sight outside the centre that is visited as a trip of its own. */
export function isDayTrip(a: Attraction, city: CityInfo): boolean {
  const curated = a.dayTrip !== undefined || a.tags.some((t) => t === 'day-trip' || t === 'day trip');
  return curated && isFullDaySight(a, city);
}

/**
 * Sets aside what does not belong in an ordinary day:
 * - full-day sights outside the centre: the wished-for ones, then the city's headline ones (about
 *   one per three full days, at least one when there is a full day), each on a full day when it is
 *   open (dry weather for outdoor sights), with at most one nearby companion place; one section
 *   of a sight group (one Great Wall section) only;
 * - evening things: the wished-for ones, then about one every other evening (every third when
 *   relaxed), each after dinner on a day that ends in town.
 * Full-day sights and evening things not chosen are left out of the ordinary days (a night
 * market at 09:44 or a 115-minute taxi in the middle of a city day helps nobody).
 */
export function setAside(
  input: CityItineraryInput,
  ranked: Attraction[],
  must: Set<string>,
): { dayTrips: Map<number, Attraction[]>; evenings: Map<number, Attraction>; ranked: Attraction[] } {
  const { city, slots } = input;
  const pace = input.request.pace;
  const full = ranked.filter((a) => isDayTrip(a, city));
  const fullSlots = slots.map((s, i) => ({ s, i })).filter((x) => x.s.fullDay);
  const allowance = fullSlots.length === 0 ? 0 : Math.max(1, Math.floor(fullSlots.length / 3));
  const chosen: Attraction[] = [];
  const aliasKeys = (a: Attraction) => new Set((a.aliases ?? []).map((x) => x.toLowerCase()));
  const sameGroup = (a: Attraction) => chosen.some((c) => [...aliasKeys(c)].some((k) => aliasKeys(a).has(k)));
  for (const a of full) {
    if (chosen.length >= fullSlots.length) break;
    if (must.has(a.id) || (isHeadline(a) && chosen.length < allowance && !sameGroup(a))) chosen.push(a);
  }
  const dayTrips = new Map<number, Attraction[]>();
  const taken = new Set<string>();
  for (const a of chosen) {
    let best: { i: number; score: number } | null = null;
    for (const { s, i } of fullSlots) {
      if (dayTrips.has(i)) continue;
      const open = intervalsOn(hoursOn(a, s.date), s.date);
      const longest = open ? Math.max(0, ...open.map(([o, c]) => c - o)) : 600;
      let score = i * 0.1;
      if (longest < Math.min(a.visitMinutes ?? 180, 240)) score += 100;
      if (s.rainy && a.indoor === false) score += 10;
      if (!best || score < best.score) best = { i, score };
    }
    if (!best || best.score >= 100) continue;
    const trip = [a];
    taken.add(a.id);
    // One nearby companion (the Huaqing Palace beside the Terracotta Army).
    const companion = ranked.find(
      (b) =>
        !taken.has(b.id) &&
        !full.includes(b) &&
        !isEvening(b) &&
        b.coordinates &&
        a.coordinates &&
        haversineKm(a.coordinates, b.coordinates) <= 12 &&
        (b.visitMinutes ?? 90) <= 150,
    );
    if (companion) {
      trip.push(companion);
      taken.add(companion.id);
    }
    dayTrips.set(best.i, trip);
  }

  // Evenings.
  const eveningSlots = slots
    .map((s, i) => ({ s, i }))
    .filter((x) => x.s.end >= PACE_DAY[pace].end && !dayTrips.has(x.i));
  // Evening wishes first (a show, a night view, "the Bund at night"), then wished-for evening things.
  const wished = eveningPicks(
    ranked.filter((a) => !taken.has(a.id) && !full.includes(a)),
    input.request.evenings ?? [],
  );
  const eveningCandidates = ranked.filter(
    (a) => (isEvening(a) || wished.includes(a)) && !taken.has(a.id) && !full.includes(a),
  );
  const wantedEvenings = [
    ...wished,
    ...eveningCandidates.filter((a) => must.has(a.id) && !wished.includes(a)),
  ];
  const quota = pace === 'relaxed' ? Math.floor(eveningSlots.length / 3) : Math.ceil(eveningSlots.length / 2);
  const others = eveningCandidates
    .filter((a) => !must.has(a.id) && !wished.includes(a))
    .slice(0, Math.max(0, quota - wantedEvenings.length));
  const evenings = new Map<number, Attraction>();
  const picks = [...wantedEvenings, ...others];
  picks.forEach((a, k) => {
    // Spread over the stay: the k-th pick on an evening k/len of the way through.
    const order = eveningSlots.map(
      (_, j) => (j + Math.floor((k * eveningSlots.length) / Math.max(1, picks.length))) % eveningSlots.length,
    );
    for (const j of order) {
      const { s, i } = eveningSlots[j]!;
      if (evenings.has(i)) continue;
      const open = intervalsOn(hoursOn(a, s.date), s.date);
      if (open && !open.some(([, c]) => c >= 19 * 60)) continue;
      evenings.set(i, a);
      taken.add(a.id);
      break;
    }
  });
  const rest = ranked.filter(
    (a) => !taken.has(a.id) && (must.has(a.id) || (!full.includes(a) && !isEvening(a))),
  );
  return { dayTrips, evenings, ranked: rest };
}
