/**
 * The profile view: the user without secrets, plus travel stats computed from the user's plans.
 *
 * - trips_planned: number of plans;
 * - countries_visited: distinct destination countries over the plans (names and codes normalised
 *   to ISO 3166-1 alpha-2 where known, so `France`, `法国` and `FR` count once);
 * - total_savings: sum over plans of max(0, budget - cost), in the user's preferred currency. A
 *   plan's cost is its items' cost (flights, stays, itinerary) when it has items, else the sum of its
 *   budget breakdown categories; a plan with neither has no known cost and adds nothing.
 */
import { costPlan } from '../../../agents/planning/budget-agent.js';
import type { ExchangeRateProvider } from '../../../agents/ports/providers.js';
import type { PlanRepository } from '../../../agents/ports/repositories.js';
import type { TravelPlan } from '../../../agents/schemas/travel-plan.js';
import type { User } from '../../../agents/schemas/user.js';
import { countryCode } from '../../../knowledge/offline/countries.js';
import { ProfileView, type TravelStats } from '../route-schemas.js';
import { round2 } from '../../../agents/rounding.js';
import { convertOrNull } from './common.js';

/** Cost of a plan, or null when it is not known yet (a draft with no items and no breakdown). */
export function planCost(plan: TravelPlan): number | null {
  const items = costPlan(plan).total;
  if (items > 0) return items;
  const b = plan.budgetBreakdown;
  const categories =
    b.flights +
    b.accommodation +
    b.activities +
    b.food +
    b.transportation +
    b.shopping +
    b.insurance +
    b.emergency;
  return categories > 0 ? round2(categories) : null;
}

export async function travelStats(
  plans: PlanRepository,
  rates: ExchangeRateProvider,
  userId: string,
  currency: string,
): Promise<TravelStats> {
  let trips = 0;
  let savings = 0;
  const countries = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await plans.list({ userId, sortBy: 'created_at', order: 'desc', limit: 100, cursor });
    for (const plan of page.items) {
      trips++;
      for (const d of plan.destinations)
        countries.add(countryCode(d.country) ?? d.country.trim().toUpperCase());
      const cost = planCost(plan);
      if (cost === null) continue;
      const saved = convertOrNull(rates, Math.max(0, plan.totalBudget - cost), plan.currency, currency);
      if (saved !== null) savings += saved;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { tripsPlanned: trips, countriesVisited: countries.size, totalSavings: round2(savings), currency };
}

export function profileView(user: User, stats: TravelStats): ProfileView {
  // Parsing through the view schema keeps exactly its fields (payment methods and anything else
  // stored with the user stay out).
  return ProfileView.parse({ ...user, travelStats: stats });
}
