/**
 * Attraction selection: must-visit matching (any name or alias, either language, shorter or
 * longer forms), ranking for a request, and setting aside full-day sights and evening things.
 */
import type { Attraction, CityInfo } from '../ports/providers.js';
import type { MealType, PlanWarning } from '../schemas/travel-plan.js';
import { mealWindowsFor } from './meal-rules.js';
import { haversineKm } from './geo.js';
import type { CityItineraryInput } from './itinerary-types.js';
import { PACE_DAY } from './itinerary-types.js';
import { eveningPicks } from './evenings.js';
import { intervalsOn } from './opening-hours.js';
import { cityName } from './trip-context.js';
import {
  genericMatches,
  headlinesOf,
  hoursOn,
  isEvening,
  isFullDaySight,
  isHeadline,
  nameMatches,
  namesOf,
  normName,
  wishCore,
} from './sights.js';

/**
 * True when a place matches any of the user's names for it: any of its names or aliases, in either
 * language, equal or a shorter or longer form of it; or, when the
 * place's category and tags are given, a generic noun for what it is ("the zoo", "熊猫").
 */
export function matchesAnyName(
  a: {
    name: string;
    nameZh?: string | undefined;
    nameEn?: string | undefined;
    aliases?: string[] | undefined;
    category?: string | undefined;
    tags?: string[] | undefined;
  },
  wanted: string[],
): boolean {
  const names = namesOf(a);
  return wanted.some((w) => nameMatches(names, w) || genericMatches(a, w));
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
    // An exact name beats an alias; a generic noun ("动物园", "the zoo") means a place of that
    // kind rather than any place whose name contains the word; then popularity.
    const exact = hits.filter((a) =>
      [a.name, a.nameZh, a.nameEn].some((n) => n && n.toLowerCase() === wish.toLowerCase()),
    );
    const named = hits.filter((a) => nameMatches(namesOf(a), wish));
    const generic = hits.filter((a) => genericMatches(a, wish));
    const pool = exact.length > 0 ? exact : generic.length > 0 ? generic : named;
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

/**
 * The traveller's own name for a wished-for place when the plan's name does not contain it (the
 * wish matched an alias: "夜间动物园" for 夜间野生动物园), in the output's script; shown beside the
 * name so the traveller recognises what they asked for. Undefined when the name already says it.
 */
export function wishedAlias(
  a: Pick<Attraction, 'name' | 'nameZh' | 'nameEn' | 'aliases'>,
  shown: string,
  wishes: readonly string[],
  lang: 'zh' | 'en',
): string | undefined {
  const cjk = /[\u3400-\u9fff]/;
  for (const w of wishes) {
    const core = wishCore(w);
    if (core.length < 2 || cjk.test(core) !== (lang === 'zh')) continue;
    if (!nameMatches(namesOf(a), w)) continue;
    const n = normName(shown);
    const x = normName(core);
    if (n.includes(x) || x.includes(n)) continue;
    return w.trim();
  }
  return undefined;
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
  // Headline sights come right after the wishes, in their own order, whatever the budget level:
  // a traveller on a shoestring still goes to the Louvre.
  const headlines = headlinesOf(input.attractions);
  const ranked = headlines.some((a) => a.headlineRank !== undefined);
  const scored = candidates.map((a) => {
    const h = headlines.indexOf(a);
    const headline = h < 0 ? 0 : ranked ? 3 - 0.2 * h : 0.5;
    const must = picks.has(a.id) ? 10 : headline;
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

/**
 * True for a sight visited as a trip of its own: a curated one outside the centre, or any place
 * that fills a day by itself (a theme park, a safari park).
 */
export function isDayTrip(a: Attraction, city: CityInfo): boolean {
  const curated = a.dayTrip !== undefined || a.tags.some((t) => t === 'day-trip' || t === 'day trip');
  return isFullDaySight(a, city) && (curated || (a.visitMinutes ?? 0) >= FULL_DAY_VISIT);
}

/**
 * Minutes a full-day sight outside the centre keeps at least when it takes a part-day (an
 * afternoon on the Great Wall after a morning arrival): its core, not the whole day.
 */
export const PART_DAY_CORE = 120;

/** A visit this long fills a day by itself (minutes). */
const FULL_DAY_VISIT = 420;

/**
 * The shortest worthwhile part of a visit when the hours cut it short (minutes): 60% of a long one
 * (at least two hours), three quarters of a shorter one (at least an hour). On a compact day (a
 * headline sight that would otherwise find no room) a long visit keeps half of it, at least two
 * hours: the Forbidden City's central axis on an arrival afternoon beats no Forbidden City.
 */
export function shortestVisit(_a: Attraction, planned: number, compact = false): number {
  if (planned >= 180) return Math.min(planned, Math.max(120, Math.round(planned * (compact ? 0.5 : 0.6))));
  return Math.min(planned, Math.max(60, Math.round(planned * 0.75)));
}

/**
 * The first minute of a slot free for a sight: after breakfast on a morning start, after lunch on
 * an arrival around lunchtime (minutes after midnight).
 */
export function firstFreeMinute(
  s: { start: number; meals: MealType[] },
  country: string | undefined,
): number {
  const w = mealWindowsFor(country);
  let t = s.start;
  if (s.meals.includes('breakfast') && t < w.breakfast.to)
    t = Math.max(t, w.breakfast.from) + w.breakfast.minutes + 15;
  if (s.meals.includes('lunch') && t >= w.lunch.from - 60 && t <= w.lunch.to)
    t = Math.max(t, w.lunch.from) + w.lunch.minutes + 30;
  return t;
}

/**
 * Minutes a place is open in a slot from the slot's first free minute (the longest open span; the
 * slot's length when its hours are unknown).
 */
export function openMinutesIn(
  a: Attraction,
  s: { start: number; end: number; date: string; meals: MealType[] },
  country: string | undefined,
): number {
  const from = firstFreeMinute(s, country);
  const open = intervalsOn(hoursOn(a, s.date), s.date);
  if (!open) return Math.max(0, s.end - from);
  return Math.max(0, ...open.map(([o, c]) => Math.min(c, s.end) - Math.max(o, from)));
}

/** Sightseeing minutes a slot offers once its meals are set apart. */
function freeMinutes(s: { start: number; end: number; meals: unknown[] }): number {
  return Math.max(0, s.end - s.start - 70 * s.meals.length);
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
  const headlines = headlinesOf(input.attractions).filter((a) => ranked.includes(a));
  const chosen: Attraction[] = [];
  const aliasKeys = (a: Attraction) => new Set((a.aliases ?? []).map((x) => x.toLowerCase()));
  const sameGroup = (a: Attraction) => chosen.some((c) => [...aliasKeys(c)].some((k) => aliasKeys(a).has(k)));
  const factor = PACE_DAY[pace].visitFactor;
  /**
   * A headline full-day sight takes a day only when the headline sights ranked above it still
   * have time in the other slots (the Forbidden City before the Great Wall on a two-night stay).
   */
  const leavesRoomAbove = (a: Attraction): boolean => {
    const k = headlines.indexOf(a);
    if (k <= 0) return true;
    const need = headlines
      .slice(0, k)
      .filter((h) => !full.includes(h) && !isEvening(h))
      .reduce((sum, h) => sum + (h.visitMinutes ?? 90) * factor + 30, 0);
    const all = slots.reduce((sum, s) => sum + freeMinutes(s), 0);
    const trips = fullSlots.slice(0, chosen.length + 1).reduce((sum, x) => sum + freeMinutes(x.s), 0);
    if (all - trips < need) return false;
    // Some full day for the trip must leave every headline above it a day on which it is open
    // (the Forbidden City closed on the Monday of arrival needs the one full day).
    return fullSlots.some((t) => higherStillFit(a, new Set([t.i])));
  };
  /**
   * Headlines ranked above `a` (ordinary, daytime) each fit a slot outside `excluded` (`strict`:
   * with their usual shortest visit, not only a compact one).
   */
  const higherStillFit = (a: Attraction, excluded: ReadonlySet<number>, strict = false): boolean => {
    const k = headlines.indexOf(a);
    if (k <= 0) return true;
    return headlines
      .slice(0, k)
      .filter((h) => !full.includes(h) && !isEvening(h))
      .every((h) => slots.some((s, i) => !excluded.has(i) && fitsOn(h, s, strict)));
  };
  /**
   * A place can be visited in a slot: enough free time, and open long enough within it once the
   * meals before it are eaten (an arrival at lunchtime has lunch first). `strict`: the usual
   * shortest visit; else the compact one (a tight day keeps a long visit's core).
   */
  const fitsOn = (h: Attraction, s: (typeof slots)[number], strict = false): boolean => {
    const need = shortestVisit(h, Math.round((h.visitMinutes ?? 90) * factor), !strict);
    if (freeMinutes(s) < need) return false;
    const open = intervalsOn(hoursOn(h, s.date), s.date);
    const from = firstFreeMinute(s, input.city.country);
    return !open || open.some(([o, c]) => Math.min(c, s.end) - Math.max(o, from) >= need);
  };
  /**
   * A full-day sight outside the centre can take a part-day instead of a whole day when the
   * traveller is free early enough (an arrival by late morning): straight there, lunch near it,
   * a shorter visit until closing, and back in town for dinner. Not on the light afternoon
   * after a long journey.
   */
  const partDayFits = (a: Attraction, t: (typeof slots)[number]): boolean => {
    if (t.fullDay || t.restUntil !== undefined) return false;
    const away = a.dayTrip?.minutesEachWay ?? 0;
    const least = Math.min(Math.round((a.visitMinutes ?? 180) * factor), PART_DAY_CORE);
    const lunch = t.meals.includes('lunch') ? mealWindowsFor(input.city.country).lunch.minutes : 0;
    const there = t.start + away;
    const open = intervalsOn(hoursOn(a, t.date), t.date);
    const spans = open ?? [[t.start, t.end] as [number, number]];
    return spans.some(([o, c]) => {
      const from = Math.max(o, there);
      const until = Math.min(c, t.end - away);
      return until - from - lunch >= least;
    });
  };
  const partDays = (a: Attraction) =>
    slots
      .map((t, i) => ({ s: t, i }))
      .filter((x) => partDayFits(a, x.s) && higherStillFit(a, new Set([x.i])));
  const onPartDay = new Set<string>();
  for (const a of full) {
    if (chosen.length >= Math.max(1, fullSlots.length)) break;
    if (sameGroup(a) && !must.has(a.id)) continue;
    const headline = headlines.includes(a) || (headlines.length === 0 && isHeadline(a));
    if (fullSlots.length === 0) {
      // No whole day here (a one-night stop): only a wish or the city's first headline sight,
      // in a long enough part-day.
      if (must.has(a.id) || headlines.indexOf(a) === 0) chosen.push(a);
      continue;
    }
    if (must.has(a.id) || (headline && chosen.length < allowance && leavesRoomAbove(a))) chosen.push(a);
    // The whole day belongs to a headline ranked above it: a part-day may still hold it.
    else if (headline && chosen.length < allowance && partDays(a).length > 0) {
      chosen.push(a);
      onPartDay.add(a.id);
    }
  }
  const dayTrips = new Map<number, Attraction[]>();
  const taken = new Set<string>();
  for (const a of chosen) {
    let best: { i: number; score: number } | null = null;
    const away = a.dayTrip?.minutesEachWay ?? 0;
    const need = shortestVisit(a, Math.round((a.visitMinutes ?? 180) * factor)) + 2 * away;
    const candidates = onPartDay.has(a.id)
      ? partDays(a)
      : fullSlots.length > 0
        ? fullSlots
        : slots.map((s, i) => ({ s, i })).filter((x) => x.s.end - x.s.start >= need + 60);
    for (const { s, i } of candidates) {
      if (dayTrips.has(i)) continue;
      const open = intervalsOn(hoursOn(a, s.date), s.date);
      const longest = open
        ? Math.max(0, ...open.map(([o, c]) => Math.min(c, s.end) - Math.max(o, s.start)))
        : 600;
      let score = i * 0.1 - (s.fullDay ? 0 : (s.end - s.start) / 1000);
      if (longest < Math.min(a.visitMinutes ?? 180, s.fullDay ? 240 : 120)) score += 100;
      if (s.rainy && a.indoor === false) score += 10;
      // Not the only day a headline ranked above it can be visited (nor the only day it can be
      // visited at ease: the Great Wall on the Monday the Forbidden City is closed, not the Sunday).
      const excluded = new Set([...dayTrips.keys(), i]);
      if (!higherStillFit(a, excluded)) score += 50;
      else if (!higherStillFit(a, excluded, true)) score += 5;
      if (!best || score < best.score) best = { i, score };
    }
    if (!best || best.score >= 100) continue;
    const trip = [a];
    taken.add(a.id);
    // One nearby companion (the Huaqing Palace beside the Terracotta Army).
    // (None on a part-day: the sight itself fills it.)
    const companion = onPartDay.has(a.id)
      ? undefined
      : ranked.find(
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
  // Evening wishes first (a show, a night view, "the Bund at night"), then wished-for evening
  // things, then the city's headline ones (the Bund by night), then others.
  const wished = eveningPicks(
    ranked.filter((a) => !taken.has(a.id) && !full.includes(a)),
    input.request.evenings ?? [],
  );
  const eveningCandidates = ranked.filter(
    (a) => (isEvening(a) || wished.includes(a)) && !taken.has(a.id) && !full.includes(a),
  );
  const asked = [...wished, ...eveningCandidates.filter((a) => must.has(a.id) && !wished.includes(a))];
  const wantedEvenings = [
    ...asked,
    ...eveningCandidates.filter((a) => !asked.includes(a) && headlines.includes(a)),
  ].slice(0, Math.max(eveningSlots.length, asked.length));
  const wantedIds = new Set(wantedEvenings.map((a) => a.id));
  const quota = pace === 'relaxed' ? Math.floor(eveningSlots.length / 3) : Math.ceil(eveningSlots.length / 2);
  const others = eveningCandidates
    .filter((a) => !wantedIds.has(a.id))
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

/** The plan's word on a headline sight the trip had no room for, in both languages. */
export function headlineWarning(a: Attraction, city: CityInfo): PlanWarning {
  const en = a.nameEn ?? a.name;
  const zh = a.nameZh ?? a.name;
  return {
    code: 'HEADLINE_SKIPPED',
    message: `No room on this trip for ${en}, one of ${cityName(city, 'en')}'s headline sights: another day there or a faster pace would fit it.`,
    messageZh: `本次行程时间不够，未能安排${cityName(city, 'zh')}的代表性景点"${zh}"；在当地多留一天或选择更紧凑的节奏即可安排。`,
  };
}
