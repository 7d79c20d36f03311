/**
 * Budget agent: costs a plan for the whole party and drives the bounded optimisation loop.
 *
 * Costing rules (every amount in the plan's currency, for the whole party):
 * - flights: fare per person x passengers;
 * - stays: nightly price x rooms (ceil(people / max occupancy)) x nights;
 * - meals and tickets: per person x people (already multiplied out on each activity);
 * - ground transport: per ticket x people, or per vehicle x vehicles (ceil(people / capacity));
 * - fees: none are known to the offline providers; a provider that reports fees adds them to the item.
 */
import type { BudgetBreakdown, TravelPlan } from '../schemas/travel-plan.js';
import { round2 } from '../rounding.js';

export interface CostSummary {
  flights: number;
  accommodation: number;
  food: number;
  activities: number;
  transportation: number;
  total: number;
}

/** Costs every item of a plan. */
export function costPlan(plan: Pick<TravelPlan, 'flights' | 'accommodations' | 'itinerary'>): CostSummary {
  const flights = plan.flights.reduce((s, f) => s + f.price * (f.passengers ?? 1), 0);
  const accommodation = plan.accommodations.reduce((s, a) => s + a.totalPrice, 0);
  let food = 0;
  let activities = 0;
  let transportation = 0;
  for (const day of plan.itinerary) {
    for (const a of day.activities) {
      if (a.travelLeg) transportation += a.travelLeg.cost;
      if (a.type === 'dining') food += a.estimatedCost;
      else if (a.type === 'transportation') {
        // The leg's cost is counted above; flights are costed from plan.flights.
      } else activities += a.estimatedCost;
    }
  }
  const total = flights + accommodation + food + activities + transportation;
  return {
    flights: round2(flights),
    accommodation: round2(accommodation),
    food: round2(food),
    activities: round2(activities),
    transportation: round2(transportation),
    total: round2(total),
  };
}

/** The seed's BudgetBreakdown for a plan (budget = the request's, or the cost when none was given). */
export function budgetBreakdown(cost: CostSummary, budget: number | null): BudgetBreakdown {
  return {
    totalBudget: round2(budget ?? cost.total),
    flights: cost.flights,
    accommodation: cost.accommodation,
    activities: cost.activities,
    food: cost.food,
    transportation: cost.transportation,
    shopping: 0,
    insurance: 0,
    emergency: 0,
  };
}

/** One step of the optimisation loop: how to choose each component. */
export interface BudgetLevel {
  name: string;
  transport: 'balanced' | 'cheapest';
  /** `fit`: the most comfortable stay the budget leaves room for after the rest of the trip. */
  hotel: 'best' | 'fit' | 'value' | 'cheapest';
  /**
   * How far a stated upscale or luxury tier may be left at this level: 0 keeps to it, 1 allows one
   * star below it (a 3-star for "a good hotel"), null any stay. Absent: 0 (the cheapest hotel, any).
   */
  tierDrop?: 0 | 1 | null;
  restaurants: 'quality' | 'value' | 'cheapest';
  preferFree: boolean;
  /**
   * Dorm beds may be booked for a couple or a family (the plan says so): only at the last level,
   * and its plan is kept only when it fits the budget (budget-loop.ts).
   */
  dormsForParty?: boolean;
}

/**
 * The loop's steps from most comfortable to cheapest; the coordinator takes the first whose total
 * fits the budget (at most this many rebuilds: the loop is bounded). A stated hotel tier is left
 * step by step (cheaper stays of the tier, one tier down, then any stay the budget leaves room for)
 * before the journey between cities is made cheaper: a family that asked for a good hotel sleeps
 * in a 3-star hotel before it is put on an 8-hour coach instead of a 2-hour train.
 */
export const BUDGET_LEVELS: BudgetLevel[] = [
  { name: 'comfort', transport: 'balanced', hotel: 'best', restaurants: 'quality', preferFree: false },
  { name: 'fitting-hotel', transport: 'balanced', hotel: 'fit', restaurants: 'value', preferFree: false },
  { name: 'value-hotel', transport: 'balanced', hotel: 'value', restaurants: 'quality', preferFree: false },
  { name: 'value-food', transport: 'balanced', hotel: 'value', restaurants: 'value', preferFree: false },
  {
    name: 'tier-down-hotel',
    transport: 'balanced',
    hotel: 'fit',
    tierDrop: 1,
    restaurants: 'value',
    preferFree: false,
  },
  {
    name: 'any-fitting-hotel',
    transport: 'balanced',
    hotel: 'fit',
    tierDrop: null,
    restaurants: 'value',
    preferFree: false,
  },
  {
    name: 'cheaper-transport',
    transport: 'cheapest',
    hotel: 'value',
    tierDrop: null,
    restaurants: 'value',
    preferFree: false,
  },
  {
    name: 'cheapest-hotel',
    transport: 'cheapest',
    hotel: 'cheapest',
    restaurants: 'value',
    preferFree: false,
  },
  {
    name: 'cheapest-food',
    transport: 'cheapest',
    hotel: 'cheapest',
    restaurants: 'cheapest',
    preferFree: false,
  },
  {
    name: 'free-sights',
    transport: 'cheapest',
    hotel: 'cheapest',
    restaurants: 'cheapest',
    preferFree: true,
  },
  {
    name: 'dorm-beds',
    transport: 'cheapest',
    hotel: 'cheapest',
    restaurants: 'cheapest',
    preferFree: true,
    dormsForParty: true,
  },
];
