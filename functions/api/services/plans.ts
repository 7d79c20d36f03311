/**
 * Glue between the travel-plan REST bodies and the domain: building a plan from the seed's POST
 * body (destinations completed from the geo provider), applying a versioned update, the list
 * summary, the public share view, and the TripRequest an optimisation re-plans from.
 */
import { randomBytes } from 'node:crypto';
import { ValidationError } from '../../../agents/errors.js';
import { newId } from '../../../agents/ids.js';
import type { PlanFailure } from '../../../agents/planning/types.js';
import type { GeoProvider } from '../../../agents/ports/providers.js';
import {
  TravelPlan,
  type BudgetBreakdown,
  type Destination,
  type TravelPlanListing,
} from '../../../agents/schemas/travel-plan.js';
import type { TripRequestInput } from '../../../agents/schemas/trip-request.js';
import { parseDomain, type Lang } from '../../../agents/schemas/wire.js';
import { countryCode } from '../../../knowledge/offline/countries.js';
import type { ApiRequest } from '../http.js';
import type { ApiRuntime } from '../runtime.js';
import {
  SharedPlanView,
  type BudgetBreakdownInput,
  type CreatePlanBody,
  type DestinationInput,
  type OptimizePlanBody,
  type PlanSummary,
  type UpdatePlanBody,
} from '../route-schemas.js';

/**
 * Completes destinations from the geo provider: coordinates, time zone and country default to the
 * resolved city's. A place the provider does not know needs its coordinates in the request.
 */
export async function resolveDestinations(
  geo: GeoProvider,
  inputs: DestinationInput[],
  field = 'destinations',
): Promise<Destination[]> {
  const out: Destination[] = [];
  const problems: { field: string; message: string }[] = [];
  for (const [i, d] of inputs.entries()) {
    const needsLookup = !d.coordinates || !d.timezone || !d.country;
    const hint = d.country ? countryCode(d.country) : undefined;
    const city = needsLookup ? await geo.resolveCity(d.city ?? d.name, hint ? { country: hint } : {}) : null;
    const coordinates = d.coordinates ?? city?.coordinates;
    const country = d.country ?? city?.country;
    if (!coordinates || !country) {
      problems.push({
        field: `${field}.${i}.${coordinates ? 'country' : 'coordinates'}`,
        message: `unknown place "${d.city ?? d.name}": give coordinates and country / 无法识别的地点，请提供坐标和国家`,
      });
      continue;
    }
    out.push({
      id: newId('destination'),
      name: d.name,
      country,
      city: d.city ?? city?.nameEn ?? d.name,
      coordinates,
      timezone: d.timezone ?? city?.timezone ?? 'UTC',
      visitOrder: i + 1,
      arrivalDate: d.arrivalDate,
      departureDate: d.departureDate,
      isPrimary: d.isPrimary,
    });
  }
  if (problems.length > 0) throw new ValidationError('Unknown destinations', { details: problems });
  return out;
}

function breakdown(
  total: number,
  base: Partial<BudgetBreakdown>,
  input?: BudgetBreakdownInput,
): BudgetBreakdown {
  return {
    flights: 0,
    accommodation: 0,
    activities: 0,
    food: 0,
    transportation: 0,
    shopping: 0,
    insurance: 0,
    emergency: 0,
    ...base,
    ...input,
    totalBudget: total,
  };
}

/** A new plan (status drafting, version 1) from the seed's POST body; VALIDATION_ERROR with field details. */
export function newPlan(
  userId: string,
  body: CreatePlanBody,
  destinations: Destination[],
  now: string,
  lang: Lang,
): TravelPlan {
  return parseDomain(
    TravelPlan,
    {
      id: newId('plan'),
      userId,
      title: body.title,
      description: body.description ?? null,
      destinations,
      startDate: body.startDate,
      endDate: body.endDate,
      totalBudget: body.totalBudget,
      travelerCount: body.travelerCount,
      travelerDetails: body.travelerDetails,
      status: 'drafting',
      completionPercentage: 0,
      budgetBreakdown: breakdown(body.totalBudget, {}, body.budgetBreakdown),
      tags: body.tags,
      version: 1,
      createdAt: now,
      updatedAt: now,
      origin: body.origin ?? null,
      currency: body.currency,
    },
    lang,
  );
}

/** The plan with the update applied (not yet saved); the merged whole is validated. */
export function applyUpdate(
  current: TravelPlan,
  body: UpdatePlanBody,
  destinations: Destination[] | undefined,
  now: string,
  lang: Lang,
): TravelPlan {
  const { version: _version, budgetBreakdown: bb, destinations: _d, ...fields } = body;
  const totalBudget = body.totalBudget ?? current.totalBudget;
  const total = body.totalBudget ?? current.budgetBreakdown.totalBudget;
  return parseDomain(
    TravelPlan,
    {
      ...current,
      ...fields,
      ...(destinations ? { destinations } : {}),
      totalBudget,
      budgetBreakdown: breakdown(total, current.budgetBreakdown, bb),
      confirmedAt: body.status === 'confirmed' && current.status !== 'confirmed' ? now : current.confirmedAt,
    },
    lang,
  );
}

/**
 * Enqueues the booking follow-up (price re-check, booking links, confirmation e-mail with the
 * .ics) of a plan that has just become `confirmed`, for its new version. Returns whether the
 * queue took the message.
 *
 * Called after the plan is saved and before the response: sending first could let the consumer
 * read the plan before the confirmation is stored (it would follow up an unconfirmed version, or
 * nothing). A failed send (after the SDK's retries) does not fail the request: the confirmation
 * is stored, and an error would make the client retry a write that already happened (and then
 * get a version CONFLICT). It is logged with the whole message, so it can be re-driven (the
 * consumer is idempotent per plan id and version), and the caller tells the user.
 */
export async function enqueueBookingFollowUp(rt: ApiRuntime, plan: TravelPlan): Promise<boolean> {
  const message = {
    type: 'booking_follow_up' as const,
    userId: plan.userId,
    planId: plan.id,
    version: plan.version,
  };
  try {
    await rt.bookingFollowUps.enqueue(message);
    return true;
  } catch (err) {
    rt.logger.error('booking follow-up not enqueued', {
      followUp: message,
      error: String(err),
    });
    return false;
  }
}

export function planSummary(p: TravelPlanListing): PlanSummary {
  return {
    id: p.id,
    title: p.title,
    status: p.status,
    destinations: [...p.destinations].sort((a, b) => a.visitOrder - b.visitOrder).map((d) => d.name),
    startDate: p.startDate,
    endDate: p.endDate,
    totalBudget: p.totalBudget,
    currency: p.currency,
    travelerCount: p.travelerCount,
    completionPercentage: p.completionPercentage,
    version: p.version,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

/** The public, read-only view behind a share link. */
export function sharedView(plan: TravelPlan): SharedPlanView {
  return SharedPlanView.parse({ ...plan, readOnly: true });
}

export function newShareToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Absolute URL of a share link: under PUBLIC_BASE_URL when set (a custom domain or a web front
 * end), else on the host and base path (stage) the request came to.
 */
export function shareUrl(
  req: Pick<ApiRequest, 'headers' | 'basePath'>,
  token: string,
  publicBaseUrl?: string,
): string {
  if (publicBaseUrl) return `${publicBaseUrl.replace(/\/+$/, '')}/v1/shared/${token}`;
  const host = req.headers['host'];
  const path = `${req.basePath}/v1/shared/${token}`;
  if (!host) return path;
  const loopback = /^(localhost|127\.|\[::1\])/.test(host);
  const proto = req.headers['x-forwarded-proto'] ?? (loopback ? 'http' : 'https');
  return `${proto}://${host}${path}`;
}

/** Statuses a plan can no longer be re-planned from. */
export const FROZEN_STATUSES = new Set(['booked', 'in_progress', 'completed', 'cancelled']);

/**
 * The TripRequest an optimisation re-plans from: the plan's cities, dates, party and budget, with
 * the new constraints. `budget` keeps the budget (or max_budget) and, without max_budget, caps it at
 * the current cost so the new plan is no dearer; `time` allows no layovers and prefers flights with
 * fuller days; `comfort` asks for 4-5 star stays, direct flights and a relaxed pace.
 */
export function optimizationRequest(
  plan: TravelPlan,
  body: OptimizePlanBody,
  origin: string,
  currentCost: number | null,
  lang: Lang,
): TripRequestInput {
  const kids = plan.travelerDetails.filter((t) => t.age < 18);
  const children = Math.min(kids.length, plan.travelerCount - 1);
  const c = body.constraints;
  let amount = c.maxBudget ?? plan.totalBudget;
  if (body.optimizationType === 'budget' && c.maxBudget == null && currentCost !== null && currentCost > 0) {
    amount = Math.min(amount, currentCost);
  }
  const prefs = c.preferences;
  const roomType =
    prefs.accommodationType === 'apartment'
      ? 'entire_room'
      : prefs.accommodationType === 'hostel'
        ? 'shared_room'
        : null;
  const prefer =
    prefs.transportPreference === 'public'
      ? (['train', 'bus'] as const)
      : prefs.transportPreference === 'flight'
        ? (['flight'] as const)
        : prefs.transportPreference === 'train'
          ? (['train'] as const)
          : prefs.transportPreference === 'driving'
            ? (['self_driving'] as const)
            : prefs.transportPreference === 'taxi'
              ? (['taxi'] as const)
              : ([] as const);
  const type = body.optimizationType;
  return {
    origin: { name: origin },
    destinations: [...plan.destinations]
      .sort((a, b) => a.visitOrder - b.visitOrder)
      .map((d) => ({ name: d.city || d.name, country: countryCode(d.country) ?? null })),
    startDate: plan.startDate,
    endDate: plan.endDate,
    travelers: {
      adults: plan.travelerCount - children,
      children,
      childAges: kids.slice(0, children).map((k) => k.age),
    },
    budget: amount > 0 ? { amount, currency: plan.currency } : null,
    mustVisit: c.mustInclude,
    transport: {
      avoid: [],
      prefer: type === 'time' && prefer.length === 0 ? ['flight'] : [...prefer],
    },
    accommodation: {
      roomType,
      houseRules: [],
      stars: type === 'comfort' ? [4, 5] : null,
      amenities: [],
    },
    flight: {
      cabinClass: 'economy',
      maxLayovers: type === 'budget' ? 1 : 0,
      preferredAirlines: [],
    },
    pace: type === 'time' ? 'packed' : type === 'comfort' ? 'relaxed' : 'moderate',
    travelStyle: type === 'budget' ? 'budget' : type === 'comfort' ? 'luxury' : null,
    language: lang,
  };
}

/** The re-planned plan, keeping the original's identity, title, travellers, sharing and budget. */
export function mergeOptimized(
  current: TravelPlan,
  generated: TravelPlan,
  body: OptimizePlanBody,
): TravelPlan {
  const totalBudget = body.constraints.maxBudget ?? current.totalBudget;
  return TravelPlan.parse({
    ...generated,
    id: current.id,
    userId: current.userId,
    title: current.title,
    description: current.description,
    travelerDetails: current.travelerDetails,
    tags: current.tags,
    isPublic: current.isPublic,
    shareToken: current.shareToken,
    createdAt: current.createdAt,
    confirmedAt: null,
    status: 'planning',
    totalBudget,
    budgetBreakdown: { ...generated.budgetBreakdown, totalBudget },
    version: current.version,
  });
}

/** A planner failure (impossible request) as a field-level validation error. */
export function planningFailure(failure: PlanFailure, origin: string): ValidationError {
  const field =
    failure.code === 'UNKNOWN_CITY'
      ? failure.details?.['city'] === origin
        ? 'origin'
        : 'destinations'
      : failure.code === 'INVALID_DATES' || failure.code === 'NO_DATES'
        ? 'start_date'
        : 'constraints';
  return new ValidationError(`Planning failed: ${failure.code}`, {
    details: [{ field, message: `${failure.message} / ${failure.messageZh}` }],
    text: { zh: failure.messageZh, en: failure.message },
  });
}
