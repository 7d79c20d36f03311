/**
 * Verifying a plan after the fact (`verify_plan`, and `edit_plan` after an edit): the planner's
 * verifier needs what the providers return for the trip, so the trip is resolved from the plan
 * itself (cities in visiting order, dates, party, budget) and the providers are asked again; the
 * offline providers are deterministic, so a plan built by the planner verifies against the same
 * data it was built from. The plan does not keep the original request's wishes (must-visit places,
 * cuisines, house rules), so those are not re-checked: grounding, opening hours, overlaps, travel
 * times, meals, stays and the budget are.
 */
import { ValidationError } from '../errors.js';
import { gather, PlanningFailure, registryOf, resolveTrip, staysFor } from '../planning/coordinator.js';
import { TaskLog } from '../planning/task-log.js';
import type { Violation } from '../planning/types.js';
import { verifyPlan } from '../planning/verifier.js';
import type { Providers } from '../ports/providers.js';
import type { TravelPlan } from '../schemas/travel-plan.js';
import { TripRequest } from '../schemas/trip-request.js';

/** The trip a plan describes, as a planner request. */
export function requestFromPlan(plan: TravelPlan, lang: 'zh' | 'en'): TripRequest {
  const stops = [...plan.destinations].sort((a, b) => a.visitOrder - b.visitOrder);
  const kids = plan.travelerDetails.filter((t) => t.age < 18);
  const children = Math.min(kids.length, plan.travelerCount - 1);
  const countryOf = (c: string) => (/^[A-Z]{2}$/.test(c) ? c : null);
  // The plan's own nights per city (one stay per city), as days the way a traveller states them.
  const stays = [...plan.accommodations].sort((a, b) => a.checkInDate.localeCompare(b.checkInDate));
  const daysOf = (i: number): number | null =>
    stays.length === stops.length && stops.length > 1
      ? stays[i]!.nights + (i === stops.length - 1 ? 1 : 0)
      : null;
  return TripRequest.parse({
    origin: { name: plan.origin ?? stops[0]?.city ?? stops[0]?.name ?? plan.title },
    destinations: stops.map((d, i) => ({
      name: d.city || d.name,
      country: countryOf(d.country),
      days: daysOf(i),
    })),
    startDate: plan.startDate,
    endDate: plan.endDate,
    travelers: {
      adults: plan.travelerCount - children,
      children,
      childAges: kids.slice(0, children).map((k) => k.age),
    },
    budget: plan.totalBudget > 0 ? { amount: plan.totalBudget, currency: plan.currency } : null,
    language: lang,
  });
}

/** The verifier's findings on a plan, against what the providers return for its trip now. */
export async function verifyAgainstProviders(
  plan: TravelPlan,
  deps: { providers: Providers; now: () => Date },
  lang: 'zh' | 'en',
): Promise<Violation[]> {
  const request = requestFromPlan(plan, lang);
  const log = new TaskLog('session_verify', deps.now);
  const planner = { providers: deps.providers, now: deps.now };
  try {
    const r = await resolveTrip(request, planner, plan.startDate, log);
    const stated = r.request.destinations.map((d) => d.days);
    const gathered = await gather(planner, r, staysFor(r.cities, r.startDate, r.days, stated), log);
    return verifyPlan(plan, {
      request: r.request,
      registry: registryOf(gathered),
      people: r.people,
      budget: r.budget,
      origin: plan.origin ?? r.origin.nameEn,
      rates: deps.providers.rates,
    });
  } catch (err) {
    if (err instanceof PlanningFailure) {
      throw new ValidationError(`Cannot verify: ${err.failure.code}`, {
        details: [{ field: 'plan', message: `${err.failure.message} / ${err.failure.messageZh}` }],
        text: {
          zh: `无法核验该行程：${err.failure.messageZh}`,
          en: `Cannot verify the plan: ${err.failure.message}`,
        },
      });
    }
    throw err;
  }
}
