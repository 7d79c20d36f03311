/**
 * Itinerary types shared by the selection, simulation and routing modules: day slots, scheduled
 * items, the per-city input, meal windows and the day's usable hours by pace.
 */
import type { Attraction, CityInfo, LocalLeg, LocalTransitProvider, Restaurant } from '../ports/providers.js';
import type { Coordinates } from '../schemas/common.js';
import type { MealType } from '../schemas/travel-plan.js';
import type { Pace, TripRequest } from '../schemas/trip-request.js';
import { DEFAULT_MEAL_WINDOWS, mealsInSpan, type RestaurantStrategy } from './meal-rules.js';

/** A span of one day spent in one city. */
export interface DaySlot {
  dayNumber: number;
  date: string;
  city: CityInfo;
  /** Minutes after midnight. */
  start: number;
  end: number;
  startPoint?: Coordinates | undefined;
  endPoint?: Coordinates | undefined;
  /** Meals that fall in this slot. */
  meals: MealType[];
  rainy: boolean;
  /** No sightseeing before this (rest after a long-haul flight); meals may come earlier. */
  restUntil?: number | undefined;
  /** True when the whole day is spent here (no intercity travel). */
  fullDay: boolean;
}

export interface ScheduledVisit {
  kind: 'visit';
  attraction: Attraction;
  start: number;
  end: number;
  leg: LocalLeg | null;
  /** Hours were unknown and assumed. */
  assumedHours: boolean;
  assumedDuration: boolean;
  /** The rest of a visit resumed after lunch at the sight (a day trip). */
  resumed?: boolean | undefined;
  /** The day's evening outing (after dinner). */
  evening?: boolean | undefined;
}

export interface ScheduledMeal {
  kind: 'meal';
  meal: MealType;
  restaurant: Restaurant;
  start: number;
  end: number;
  leg: LocalLeg | null;
  assumedHours: boolean;
}

export type ScheduledItem = ScheduledVisit | ScheduledMeal;

export interface SlotSchedule {
  slot: DaySlot;
  items: ScheduledItem[];
  /** Meals of the slot that could not be placed, and why. */
  missedMeals: { meal: MealType; reason: string }[];
}

export type { RestaurantStrategy };

export interface ItineraryOptions {
  restaurantStrategy: RestaurantStrategy;
  /** Prefer free places (budget loop). */
  preferFree: boolean;
}

export interface CityItineraryInput {
  city: CityInfo;
  slots: DaySlot[];
  attractions: Attraction[];
  restaurants: Restaurant[];
  request: TripRequest;
  local: LocalTransitProvider;
  /** Shared across cities: no place or restaurant twice in a trip. */
  usedAttractions: Set<string>;
  usedRestaurants: Set<string>;
  /** Requested cuisines not yet eaten (lower case); updated as meals are chosen. */
  cuisinesToCover: Set<string>;
  options: ItineraryOptions;
  /**
   * Specific dishes eaten on each date (`YYYY-MM-DD`), shared across cities and filled as days are
   * committed: the same dish is not eaten twice a day (lunch in one city, dinner in the next), nor
   * on two days running while another restaurant will do.
   */
  dishesByDate?: Map<string, Set<string>> | undefined;
  /** Filled with the city's top headline sights that found no room (for a plan warning). */
  missedHeadlines?: Attraction[] | undefined;
}

/**
 * Meal windows (minutes after midnight): a meal may start between `from` and `to`; the day is
 * arranged so it starts by `preferredBy` when it can (late starts are for late arrivals).
 */
export const MEAL_WINDOWS: Record<
  MealType,
  { from: number; to: number; preferredBy: number; minutes: number }
> = DEFAULT_MEAL_WINDOWS;

/** Evening things may run this late on a day that ends in town (minutes after midnight). */
export const EVENING_END = 23 * 60 + 30;
/** Evening things start no earlier than this. */
export const EVENING_START = 17 * 60 + 30;

/** The day's usable hours by pace. */
export const PACE_DAY: Record<
  Pace,
  { start: number; end: number; visitsPerDay: number; visitFactor: number }
> = {
  relaxed: { start: 9 * 60 + 30, end: 20 * 60 + 30, visitsPerDay: 2, visitFactor: 1.15 },
  moderate: { start: 8 * 60 + 30, end: 21 * 60, visitsPerDay: 3, visitFactor: 1 },
  packed: { start: 8 * 60, end: 21 * 60 + 30, visitsPerDay: 5, visitFactor: 0.85 },
};

/** Assumed when a provider does not know a place's hours (marked as an estimate in the plan). */
export const ASSUMED_DAY_HOURS: [number, number][] = [[9 * 60, 18 * 60]];
export const ASSUMED_MEAL_HOURS: [number, number][] = [[7 * 60, 22 * 60]];
export const DEFAULT_VISIT_MINUTES = 90;
export const MAX_WAIT_MINUTES = 60;

/** Meals whose window fits a slot in a country (a meal may start up to 30 minutes before its window closes). */
export function mealsInWindow(start: number, end: number, country?: string): MealType[] {
  return mealsInSpan(start, end, country);
}

/** Visit length used for planning. */
export function visitMinutes(a: Attraction, pace: Pace): number {
  return Math.round((a.visitMinutes ?? DEFAULT_VISIT_MINUTES) * PACE_DAY[pace].visitFactor);
}
