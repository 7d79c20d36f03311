/**
 * Small summaries of an agent's finished work, for the `result` of `agent_status` frames. Only
 * facts the planner already holds: counts, and the cheapest fare when all fares share one currency.
 * Keys are in wire form (snake_case). The in-process coordinator and the PlanTrip tasks both use
 * these, so a client sees the same summary whichever way the planner runs.
 */
import type { TravelPlan } from '../schemas/travel-plan.js';

/** An `agent_status` result: a flat map of small values. */
export type ProgressSummary = Record<string, string | number | boolean | null>;

/** Flight search: legs, flight offers found and the cheapest per-passenger fare. */
export function flightSearchSummary(
  legs: readonly { flights: readonly { offer: { price: number; currency: string } }[] }[],
): ProgressSummary {
  const offers = legs.flatMap((leg) => leg.flights.map((f) => f.offer));
  const summary: ProgressSummary = { legs: legs.length, flights_found: offers.length };
  const currencies = new Set(offers.map((o) => o.currency));
  // Fares in different currencies have no single minimum without a conversion: leave it out.
  if (offers.length > 0 && currencies.size === 1) {
    summary['best_price'] = Math.min(...offers.map((o) => o.price));
    summary['currency'] = offers[0]!.currency;
  }
  return summary;
}

/** Hotel search: cities searched and stays that meet the party's hard constraints. */
export function hotelSearchSummary(hotels: Iterable<{ candidates: readonly unknown[] }>): ProgressSummary {
  const perCity = [...hotels];
  return {
    cities: perCity.length,
    hotels_found: perCity.reduce((n, h) => n + h.candidates.length, 0),
  };
}

/** Itinerary: days planned and activities scheduled. */
export function itinerarySummary(plan: Pick<TravelPlan, 'itinerary'>): ProgressSummary {
  return {
    days: plan.itinerary.length,
    activities: plan.itinerary.reduce((n, d) => n + d.activities.length, 0),
  };
}

/** Budget: the chosen plan's total against the budget (both in the plan currency). */
export function budgetSummary(input: {
  total: number;
  budget: number | null;
  currency: string;
  level: string;
}): ProgressSummary {
  return {
    total_cost: input.total,
    budget: input.budget,
    currency: input.currency,
    within_budget: input.budget === null || input.total <= input.budget,
    budget_level: input.level,
  };
}
