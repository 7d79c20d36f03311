/**
 * Meal rules: when people eat where they travel, and which restaurant a meal goes to.
 *
 * - Local meal times: a table of the usual lunch and dinner hours per country (dinner from 19:00
 *   in Paris, 20:30 in Madrid, 17:30 in Beijing), each with its source and last-checked date.
 * - A meal is missed only when its window has closed (a late arrival still gets dinner until
 *   the local kitchens close), and never starts after its window.
 * - Restaurant choice: a requested cuisine first; lunch and dinner at a proper restaurant (no
 *   dessert shop, café or snack stall); near a far sight when the day is spent there; not the same
 *   dish twice a day, counting the dishes a later meal cannot avoid (the only lunch by a far sight)
 *   as already taken.
 * - Splurges (fine dining, kaiseki, a bill several times the city's usual): not for a family with
 *   children or a "cheap" trip (unless a luxury tier, or only splurges serve a cuisine asked
 *   for), at most one a city otherwise: a plan is not a tour of tasting menus.
 */
import type { CityInfo, Restaurant } from '../ports/providers.js';
import type { Coordinates } from '../schemas/common.js';
import type { MealType } from '../schemas/travel-plan.js';
import type { TripRequest } from '../schemas/trip-request.js';
import { haversineKm } from './geo.js';
import { cuisineMet, dishesOf, isProperMeal, kmFromCentre } from './sights.js';

/** A meal's window: may start between `from` and `to`, preferably by `preferredBy`; lasts `minutes`. */
export interface MealWindow {
  from: number;
  to: number;
  preferredBy: number;
  minutes: number;
}

/** How restaurants are ranked: by quality, by value, or the cheapest (a tight budget). */
export type RestaurantStrategy = 'quality' | 'value' | 'cheapest';

const H = (h: number, m = 0) => h * 60 + m;

/** Default windows (East Asia, the Americas and most places). */
export const DEFAULT_MEAL_WINDOWS: Record<MealType, MealWindow> = {
  breakfast: { from: H(7), to: H(10), preferredBy: H(9), minutes: 40 },
  lunch: { from: H(11, 30), to: H(14, 30), preferredBy: H(13), minutes: 60 },
  dinner: { from: H(17, 30), to: H(21, 30), preferredBy: H(19), minutes: 75 },
};

/** One country's usual meal hours, as a record of the dataset standard. */
export interface MealCustom {
  country: string;
  lunch?: MealWindow;
  dinner?: MealWindow;
  note: string;
  source: string;
  lastChecked: string;
}

const GUIDANCE =
  'Editorial summary of common travel guidance on local restaurant hours (tourism-board and guidebook descriptions); typical hours, not a rule, not checked live';

/**
 * Countries whose lunch or dinner differ from the default. Windows are start times; a kitchen
 * usually takes orders until about the end of the window.
 */
export const MEAL_CUSTOMS: MealCustom[] = [
  {
    country: 'FR',
    lunch: { from: H(12), to: H(14), preferredBy: H(13, 30), minutes: 75 },
    dinner: { from: H(19), to: H(21, 30), preferredBy: H(20), minutes: 90 },
    note: 'Lunch 12:00-14:00; restaurants rarely serve dinner before 19:00, most people dine 19:30-21:00.',
    source: GUIDANCE,
    lastChecked: '2026-12-02',
  },
  {
    country: 'IT',
    lunch: { from: H(12, 30), to: H(14, 30), preferredBy: H(13, 30), minutes: 75 },
    dinner: { from: H(19, 30), to: H(22), preferredBy: H(20, 30), minutes: 90 },
    note: 'Lunch 12:30-14:30; dinner from 19:30, later in the south.',
    source: GUIDANCE,
    lastChecked: '2026-12-02',
  },
  {
    country: 'PT',
    lunch: { from: H(12, 30), to: H(14, 30), preferredBy: H(13, 30), minutes: 75 },
    dinner: { from: H(19, 30), to: H(22), preferredBy: H(20, 30), minutes: 90 },
    note: 'Lunch 12:30-14:30; dinner from about 19:30.',
    source: GUIDANCE,
    lastChecked: '2026-12-02',
  },
  {
    country: 'ES',
    lunch: { from: H(13, 30), to: H(15, 30), preferredBy: H(14, 30), minutes: 75 },
    dinner: { from: H(20, 30), to: H(22, 30), preferredBy: H(21), minutes: 90 },
    note: 'Lunch 13:30-15:30; dinner rarely before 20:30.',
    source: GUIDANCE,
    lastChecked: '2026-12-02',
  },
  {
    country: 'GR',
    lunch: { from: H(13), to: H(15), preferredBy: H(14), minutes: 75 },
    dinner: { from: H(20), to: H(22, 30), preferredBy: H(21), minutes: 90 },
    note: 'Lunch 13:00-15:00; dinner from about 20:00.',
    source: GUIDANCE,
    lastChecked: '2026-12-02',
  },
  {
    country: 'GB',
    dinner: { from: H(18), to: H(21, 30), preferredBy: H(19, 30), minutes: 75 },
    note: 'Dinner usually 18:00-21:00.',
    source: GUIDANCE,
    lastChecked: '2026-12-02',
  },
  {
    country: 'JP',
    lunch: { from: H(11, 30), to: H(14), preferredBy: H(12, 30), minutes: 60 },
    dinner: { from: H(18), to: H(21), preferredBy: H(19), minutes: 75 },
    note: 'Lunch 11:30-14:00 (many places close between lunch and dinner); dinner 18:00-21:00.',
    source: GUIDANCE,
    lastChecked: '2026-12-02',
  },
  {
    country: 'CN',
    lunch: { from: H(11, 30), to: H(14), preferredBy: H(12, 30), minutes: 60 },
    dinner: { from: H(17, 30), to: H(21), preferredBy: H(18, 30), minutes: 75 },
    note: 'Lunch 11:30-13:30; dinner 17:30-20:30, kitchens often close about 21:00.',
    source: GUIDANCE,
    lastChecked: '2026-12-02',
  },
];

const BY_COUNTRY = new Map(MEAL_CUSTOMS.map((c) => [c.country, c]));

/** The meal windows of a country (ISO 3166-1 alpha-2), defaulting to the common windows. */
export function mealWindowsFor(country: string | undefined): Record<MealType, MealWindow> {
  const local = country ? BY_COUNTRY.get(country) : undefined;
  if (!local) return DEFAULT_MEAL_WINDOWS;
  return {
    breakfast: DEFAULT_MEAL_WINDOWS.breakfast,
    lunch: local.lunch ?? DEFAULT_MEAL_WINDOWS.lunch,
    dinner: local.dinner ?? DEFAULT_MEAL_WINDOWS.dinner,
  };
}

/** Meals whose window fits a span of the day in a country (a meal may start until 30 minutes before its window closes). */
export function mealsInSpan(start: number, end: number, country?: string): MealType[] {
  const windows = mealWindowsFor(country);
  return (Object.keys(windows) as MealType[]).filter((m) => {
    const w = windows[m];
    return start <= w.to - 30 && end >= Math.max(start, w.from) + w.minutes;
  });
}

/** True when a meal can no longer start in its window from `t` (kitchens closed). */
export function mealWindowClosed(w: MealWindow, t: number): boolean {
  return t > w.to - 10;
}

/** Restaurant ranking for one meal near a position. Lower is better. */
function restaurantScore(
  r: Restaurant,
  pos: Coordinates | undefined,
  strategy: RestaurantStrategy,
  cheapest: number,
  priciest: number,
): number {
  const span = priciest - cheapest || 1;
  const price = (r.averageCost - cheapest) / span;
  const quality = 1 - (r.rating ?? 3.5) / 5;
  const distance = pos && r.coordinates ? Math.min(1, haversineKm(pos, r.coordinates) / 5) : 0.3;
  if (strategy === 'cheapest') return price * 10 + distance * 0.2;
  if (strategy === 'value') return 0.5 * price + 0.3 * quality + 0.2 * distance;
  return 0.2 * price + 0.5 * quality + 0.3 * distance;
}

/** True when a restaurant serves the meal (all meals when unknown). */
export function servesMeal(r: Restaurant, meal: MealType): boolean {
  return !r.meals || r.meals.includes(meal);
}

/** Beyond this distance from the centre a position is "out of town" (a day trip), km. */
const OUT_OF_TOWN_KM = 15;
/** A restaurant this close to a far sight is "at" it, km. */
const NEAR_SIGHT_KM = 8;

/** What the choice of a restaurant for one meal depends on. */
export interface RestaurantQuery {
  meal: MealType;
  city: Pick<CityInfo, 'coordinates'>;
  /** Where the party is (or the venue the meal should be near). */
  at: Coordinates | undefined;
  /** Where the day starts or ends (the hotel), for meals eaten back in town. */
  home: Coordinates | undefined;
  /** Restaurants still free (not used in the trip, not taken today, not tried). */
  free: Restaurant[];
  /** Requested cuisines not yet eaten (lower case). */
  cuisinesToCover: Set<string>;
  /** Specific dishes already eaten today, or that a later meal today cannot avoid. */
  dishesTaken: Set<string>;
  /**
   * The price the party expects (a luxury stay expects more than the cheapest good restaurant):
   * the wanted position in the city's price ranking (0 cheapest .. 1 dearest) and each
   * restaurant's position. Used by the `quality` strategy only (the budget loop's later levels
   * look for value).
   */
  priceTarget?: { at: number; position: (r: Restaurant) => number } | undefined;
  /** Specific dishes eaten the day before (avoided while another choice is as good). */
  dishesRecent?: ReadonlySet<string> | undefined;
  strategy: RestaurantStrategy;
  /** Restaurants chosen only when nothing else fits (splurges the party should not get). */
  avoid?: ReadonlySet<string> | undefined;
  /** Price range of the city's restaurants (for scoring). */
  cheapest: number;
  priciest: number;
}

/** The restaurants near a far sight that serve a proper `meal` (empty in town). */
export function nearFarSight(
  restaurants: Restaurant[],
  at: Coordinates | undefined,
  city: Pick<CityInfo, 'coordinates'>,
  meal: MealType,
): Restaurant[] {
  if (!at || kmFromCentre({ coordinates: at }, city) <= OUT_OF_TOWN_KM) return [];
  return restaurants.filter(
    (r) =>
      servesMeal(r, meal) &&
      isProperMeal(r, meal) &&
      r.coordinates &&
      haversineKm(at, r.coordinates) <= NEAR_SIGHT_KM,
  );
}

/**
 * The dishes a meal at a far sight cannot avoid: those every proper restaurant there serves (the
 * only lunch by the Terracotta Army serves noodles, so breakfast that day should not).
 */
export function unavoidableDishes(near: Restaurant[]): string[] {
  if (near.length === 0) return [];
  const [first, ...rest] = near.map((r) => new Set(dishesOf(r)));
  return [...first!].filter((d) => rest.every((s) => s.has(d)));
}

/** Weight of the distance from the expected price level (scores run 0..1). */
const PRICE_FIT_WEIGHT = 0.8;

/**
 * Where in a city's price ranking a party's meals should sit (0 cheapest .. 1 dearest), from the
 * stay it asked for: a luxury trip eats at the city's better restaurants, an upscale one above the
 * middle; lunch a step lower than dinner. Undefined when nothing was asked or a budget was given
 * (value decides, within the budget loop).
 */
export function priceTargetFor(
  request: Pick<TripRequest, 'accommodation' | 'travelStyle' | 'budget'>,
  meal: MealType,
): number | undefined {
  // With a budget, the budget loop decides how much the meals may cost.
  if (request.budget) return undefined;
  const tier = request.accommodation.tier;
  const stars = request.accommodation.stars?.[0] ?? 0;
  const base =
    tier === 'luxury' || request.travelStyle === 'luxury' || stars >= 5
      ? 0.8
      : tier === 'upscale' || stars >= 4
        ? 0.6
        : undefined;
  if (base === undefined || meal === 'breakfast') return undefined;
  return meal === 'lunch' ? base - 0.25 : base;
}

/** Score added to a restaurant serving a dish eaten the day before (scores run 0..1). */
const REPEAT_PENALTY = 0.45;

/** The best restaurant for a meal, or null when none is free. */
export function chooseRestaurant(q: RestaurantQuery): Restaurant | null {
  const { at, city } = q;
  const free = q.free.filter((r) => servesMeal(r, q.meal));
  if (free.length === 0) return null;
  // A cuisine the traveller asked for comes first (even a dessert place: they asked for it).
  const asked = free.filter((r) => [...q.cuisinesToCover].some((c) => cuisineMet(c, r.cuisines)));
  // Lunch and dinner are meals: no dessert shop, café or snack stall (unless nothing else is left).
  const meals = free.filter((r) => isProperMeal(r, q.meal));
  const proper = asked.length > 0 ? asked : meals.length > 0 ? meals : free;
  // Far from the centre (a day trip), eat near the sight when there is a place there; never
  // travel out of town for a meal (a restaurant by a far sight is for that sight's day).
  let here = proper;
  let scoreFrom = at;
  if (at && kmFromCentre({ coordinates: at }, city) > OUT_OF_TOWN_KM) {
    const near = proper.filter((r) => r.coordinates && haversineKm(at, r.coordinates) <= NEAR_SIGHT_KM);
    if (near.length > 0) here = near;
    else scoreFrom = q.home ?? city.coordinates;
  }
  // Not the same dish twice in a day; on the tightest budget, only while another dish costs about
  // as little (half as much again as the cheapest at most).
  const fresh = here.filter((r) => !dishesOf(r).some((d) => q.dishesTaken.has(d)));
  const least = Math.min(...here.map((r) => r.averageCost));
  const varied =
    q.strategy === 'cheapest'
      ? fresh.filter((r) => r.averageCost <= Math.max(least * 1.5, least + 1))
      : fresh;
  let pool = varied.length > 0 ? varied : here;
  if (pool.length > 1) {
    const inTown = pool.filter(
      (r) =>
        !r.coordinates ||
        kmFromCentre({ coordinates: r.coordinates }, city) <= OUT_OF_TOWN_KM ||
        (at !== undefined && haversineKm(at, r.coordinates) <= NEAR_SIGHT_KM),
    );
    if (inTown.length > 0) pool = inTown;
  }
  const avoid = q.avoid;
  if (avoid && avoid.size > 0) {
    const modest = pool.filter((r) => !avoid.has(r.id));
    if (modest.length > 0) pool = modest;
  }
  let best: Restaurant | null = null;
  let bestScore = Infinity;
  const recent = q.dishesRecent;
  for (const r of pool) {
    let s = restaurantScore(r, scoreFrom, q.strategy, q.cheapest, q.priciest);
    if (q.priceTarget && q.strategy === 'quality') {
      // The usual price term gives way to the distance from the expected price level.
      s += Math.abs(q.priceTarget.position(r) - q.priceTarget.at) * PRICE_FIT_WEIGHT;
    }
    // Yesterday's dish again (roast duck three days running) only when nothing else is near as good.
    if (recent && recent.size > 0 && dishesOf(r).some((d) => recent.has(d))) s += REPEAT_PENALTY;
    if (s < bestScore || (s === bestScore && best && r.id < best.id)) {
      best = r;
      bestScore = s;
    }
  }
  return best;
}

/** Cuisine tags of a place for drinking rather than for a family meal. */
const DRINKING_CUISINES =
  /^(?:bar|bars|pub|gastropub|brewery|beer|craft beer|cocktails?|wine bar|酒吧|啤酒)$/i;

/** The ids of bars and pubs: not a meal for a party with children while another place is left. */
export function drinkingPlaceIds(restaurants: readonly Restaurant[]): Set<string> {
  return new Set(
    restaurants.filter((r) => r.cuisines.some((c) => DRINKING_CUISINES.test(c))).map((r) => r.id),
  );
}

/** Cuisine tags that mean a tasting-menu restaurant. */
const SPLURGE_CUISINES = new Set(['fine dining', 'kaiseki', 'michelin', 'tasting menu', 'omakase']);
/** A bill this many times the city's median restaurant spend is a splurge. */
const SPLURGE_FACTOR = 6;

/** The ids of a city's splurge restaurants (fine dining, or far above the city's usual spend). */
export function splurgeIds(restaurants: readonly Restaurant[]): Set<string> {
  const costs = restaurants.map((r) => r.averageCost).sort((a, b) => a - b);
  const median = costs.length > 0 ? costs[Math.floor((costs.length - 1) / 2)]! : 0;
  return new Set(
    restaurants
      .filter(
        (r) =>
          r.cuisines.some((c) => SPLURGE_CUISINES.has(c.toLowerCase())) ||
          (median > 0 && r.averageCost >= SPLURGE_FACTOR * median),
      )
      .map((r) => r.id),
  );
}

/** True when the party should not be sent to a splurge unless nothing else is left (see {@link splurgesToAvoid}). */
export function partyAvoidsSplurges(
  request: Pick<TripRequest, 'travelers' | 'travelStyle' | 'accommodation'>,
): boolean {
  const tier = request.accommodation.tier;
  if (tier === 'luxury' || request.travelStyle === 'luxury') return false;
  return request.travelers.children > 0 || tier === 'budget' || request.travelStyle === 'budget';
}

/**
 * The splurges a meal should avoid while another choice is left (see {@link chooseRestaurant}):
 * all of them for a family with children or a "cheap" trip, and all once one of `taken`
 * (restaurants chosen in this city) is a splurge. One tasting menu a city is a treat, two are a
 * budget leak. A cuisine asked for still wins: when only splurges serve it, one is chosen.
 */
export function splurgesToAvoid(
  splurges: ReadonlySet<string>,
  avoidAll: boolean,
  taken: Iterable<string>,
): ReadonlySet<string> {
  if (splurges.size === 0 || avoidAll) return splurges;
  for (const id of taken) if (splurges.has(id)) return splurges;
  return new Set();
}
