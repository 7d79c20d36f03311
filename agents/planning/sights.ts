/**
 * What a traveller expects of places and meals, as pure rules shared by the itinerary agent and
 * the verifier (each applies them independently):
 * - seasonal opening hours: a place's winter or summer hours replace its usual hours by date;
 * - full-day sights outside the centre (the Great Wall, the Terracotta Army, a Disney park,
 *   Versailles) take their own day; headline sights are the city's must-sees;
 * - evening things (shows, night markets, night views) happen after dinner;
 * - lunch and dinner are at restaurants, never at a dessert shop, café or snack stall, and the
 *   same dish is not eaten twice in one day;
 * - meals follow local times (dinner at 20:30 in Madrid, 19:30 in Paris, 18:00 in Beijing).
 */
import type { Attraction, CityInfo, Restaurant, WeeklyHours } from '../ports/providers.js';
import type { MealType } from '../schemas/travel-plan.js';
import { haversineKm } from './geo.js';

/** `MM-DD` of a `YYYY-MM-DD` date. */
function monthDay(date: string): string {
  return date.slice(5, 10);
}

/** True when `md` lies in [from, to] (inclusive, wrapping over the new year when from > to). */
export function inSeason(md: string, from: string, to: string): boolean {
  return from <= to ? md >= from && md <= to : md >= from || md <= to;
}

/** The weekly hours that apply on a date: the first seasonal rule covering it, else the usual hours. */
export function hoursOn(
  place: Pick<Attraction, 'hours' | 'seasonalHours'>,
  date: string,
): WeeklyHours | null {
  const md = monthDay(date);
  const rule = place.seasonalHours?.find((s) => inSeason(md, s.from, s.to));
  return rule ? rule.hours : place.hours;
}

/** A full day's visit is about this long, transfers included (minutes). */
const FULL_DAY_MINUTES = 300;
/** Beyond this distance from the centre a place is "outside the centre" (km). */
const OUTSIDE_KM = 20;

/** Distance of a place from the city centre (km); 0 when unknown. */
export function kmFromCentre(
  a: Pick<Attraction, 'coordinates'>,
  city: Pick<CityInfo, 'coordinates'>,
): number {
  return a.coordinates && city.coordinates ? haversineKm(a.coordinates, city.coordinates) : 0;
}

/** One-way minutes from the centre: the curated way when known, else a road estimate. */
export function minutesFromCentre(a: Attraction, city: Pick<CityInfo, 'coordinates'>): number {
  if (a.dayTrip) return a.dayTrip.minutesEachWay;
  const km = kmFromCentre(a, city);
  return km > OUTSIDE_KM ? Math.round(15 + km * 1.5) : 0;
}

/** True for a sight that, with its transfers, fills a day (it gets a day of its own). */
export function isFullDaySight(a: Attraction, city: Pick<CityInfo, 'coordinates'>): boolean {
  const away = minutesFromCentre(a, city);
  if (away === 0) return (a.visitMinutes ?? 0) >= 420; // a theme park in town
  return (a.visitMinutes ?? 0) + 2 * away >= FULL_DAY_MINUTES;
}

/** A city's headline sight: ranked so by the data, curated as a must-see, or among its most popular places. */
export function isHeadline(a: Attraction): boolean {
  return a.headlineRank !== undefined || a.tags.includes('must-see') || (a.popularity ?? 0) >= 0.9;
}

/**
 * A city's headline sights, most important first: the data's own ranking when it has one, else
 * (a source without a ranking) the three most popular of the must-see or very popular places.
 */
export function headlinesOf(attractions: Attraction[]): Attraction[] {
  const ranked = attractions.filter((a) => a.headlineRank !== undefined);
  if (ranked.length > 0) return [...ranked].sort((x, y) => x.headlineRank! - y.headlineRank!);
  return attractions
    .filter(isHeadline)
    .sort((x, y) => (y.popularity ?? 0) - (x.popularity ?? 0) || x.id.localeCompare(y.id))
    .slice(0, 3);
}

/** True for an evening thing: flagged so, or only open from late afternoon. */
export function isEvening(a: Attraction): boolean {
  if (a.evening !== undefined) return a.evening;
  if (!a.hours) return false;
  const spans = a.hours.flat();
  return spans.length > 0 && spans.every(([open]) => open >= 17 * 60);
}

/** Cuisines of a sweet shop (never a lunch or a dinner). */
const SWEETS = new Set([
  'dessert',
  'desserts',
  'ice cream',
  'gelato',
  'sweets',
  'pastry',
  'patisserie',
  'juice',
  'bubble tea',
]);
/** Cuisines of a café, bakery or snack stall (a light lunch at most, never a dinner). */
const LIGHT = new Set([...SWEETS, 'cafe', 'coffee', 'tea', 'bakery', 'snacks', 'bar', 'pub']);

/** What a restaurant is for: a proper meal, a light bite (café, bakery, stall) or sweets. */
export function mealKindOf(r: Pick<Restaurant, 'kind' | 'cuisines'>): 'meal' | 'light' | 'sweets' {
  if (r.kind === 'dessert') return 'sweets';
  if (r.kind === 'cafe' || r.kind === 'snack' || r.kind === 'bar') return 'light';
  if (r.kind === 'meal') return 'meal';
  const cs = r.cuisines.map((c) => c.toLowerCase());
  if (cs.length > 0 && cs.every((c) => SWEETS.has(c))) return 'sweets';
  if (cs.length > 0 && cs.every((c) => LIGHT.has(c))) return 'light';
  return 'meal';
}

/**
 * True when a restaurant is a proper place for the meal: breakfast anywhere that serves it; lunch
 * not at a dessert or ice-cream shop; dinner only at a restaurant (no café, bakery or stall).
 */
export function isProperMeal(r: Pick<Restaurant, 'kind' | 'cuisines'>, meal: MealType = 'dinner'): boolean {
  const kind = mealKindOf(r);
  if (meal === 'breakfast') return true;
  return kind === 'meal';
}

/** Broad labels that many restaurants share; eating them twice a day is not repetition. */
const GENERIC_CUISINES = new Set([
  'chinese',
  'japanese',
  'french',
  'thai',
  'american',
  'italian',
  'international',
  'western',
  'european',
  'fine dining',
  'street food',
  'cafe',
  'halal',
  'vegetarian',
  'local',
  // A city's own cuisine is eaten all day there (Sichuan food in Chengdu is not repetition).
  'beijing',
  'shanghainese',
  'sichuan',
  'cantonese',
  'hangzhou',
  'shaanxi',
]);

/** The specific dishes or cuisines of a restaurant (what "the same dish twice" compares). */
export function dishesOf(r: Pick<Restaurant, 'cuisines'>): string[] {
  return r.cuisines.map((c) => c.toLowerCase()).filter((c) => !GENERIC_CUISINES.has(c));
}

/**
 * True when a restaurant with these cuisine tags meets an asked cuisine: the same tag, or a
 * specific dish the asked words name ("dim sum" meets "cantonese dim sum"; a broad tag such as
 * "cantonese" alone does not).
 */
export function cuisineMet(asked: string, cuisines: readonly string[]): boolean {
  const a = asked.toLowerCase().trim();
  const words = ` ${a.replace(/[^a-z0-9\u3400-\u9fff]+/g, ' ')} `;
  return cuisines.some((raw) => {
    const c = raw.toLowerCase().trim();
    if (c === a) return true;
    if (GENERIC_CUISINES.has(c) || c.length < 3) return false;
    return words.includes(` ${c.replace(/[^a-z0-9\u3400-\u9fff]+/g, ' ')} `);
  });
}

/** Normalised name for matching (case, spaces, brackets and punctuation ignored). */
export function normName(s: string): string {
  return s.toLowerCase().replace(/[\s'’·・\-_.,()（）「」《》]/g, '');
}

/**
 * A wish as written, without what does not name the place: a leading article or verb ("the zoo",
 * "visit the Louvre", "去看熊猫") and an English plural ("pandas").
 */
export function wishCore(wish: string): string {
  let w = wish.trim().toLowerCase();
  w = w.replace(/^(?:(?:visit|see|go to|the|a|an)\s+)+/, '');
  w = w.replace(/^(?:去|看|逛|参观|想去|想看)+/, '');
  if (/^[a-z ]+$/.test(w) && w.length > 4 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  return w;
}

/**
 * Generic nouns a traveller uses for "the city's obvious one" (the zoo, the pandas, the theme park),
 * in either language, and what they mean in a place's category and tags.
 */
const GENERIC_WISHES: { words: string[]; category?: string[]; tag?: RegExp }[] = [
  { words: ['动物园', 'zoo', 'safari', '野生动物园', 'safaripark', 'wildlifepark'], category: ['zoo'] },
  { words: ['熊猫', '大熊猫', 'panda', 'giantpanda', 'pandabase'], tag: /panda/ },
  {
    words: ['主题公园', '游乐园', '乐园', 'themepark', 'amusementpark'],
    category: ['theme-park'],
  },
  { words: ['水族馆', '海洋馆', 'aquarium'], tag: /aquarium/ },
  { words: ['博物馆', 'museum'], category: ['museum'] },
  { words: ['夜市', 'nightmarket'], tag: /night-?market/ },
];

/** True when a generic wish ("the zoo", "熊猫") names what the place is. */
export function genericMatches(
  a: { category?: string | undefined; tags?: string[] | undefined },
  wish: string,
): boolean {
  const w = normName(wishCore(wish));
  const g = GENERIC_WISHES.find((x) => x.words.includes(w));
  if (!g) return false;
  if (g.category && a.category && g.category.includes(a.category)) return true;
  return !!g.tag && (a.tags ?? []).some((t) => g.tag!.test(t.toLowerCase()));
}

/** Every name of a place: display, Chinese, English and aliases. */
export function namesOf(a: {
  name: string;
  nameZh?: string | undefined;
  nameEn?: string | undefined;
  aliases?: string[] | undefined;
}): string[] {
  return [a.name, a.nameZh, a.nameEn, ...(a.aliases ?? [])].filter((n): n is string => !!n);
}

/**
 * True when one of the place's names matches the wish: equal, or one contains the other (a
 * shorter or longer form of the name: `故宫` / `故宫博物院`, `Louvre` / `the Louvre museum`).
 */
export function nameMatches(names: string[], wish: string): boolean {
  const x = normName(wishCore(wish));
  if (x.length === 0) return false;
  return names.map(normName).some((n) => {
    if (n === x) return true;
    if (x.length < 2 || n.length < 2) return false;
    // A Latin fragment must be a real word part (>= 4 letters) to count.
    const latin = /^[a-z0-9]+$/;
    if (n.includes(x)) return !latin.test(x) || x.length >= 4;
    if (x.includes(n)) return !latin.test(n) || n.length >= 4;
    return false;
  });
}
