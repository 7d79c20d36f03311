/**
 * The async workflows as functions of their ports: booking follow-up, price watch, weather watch,
 * trip reminder, and the scheduled sweep that fans monitor work out per trip. The SQS consumers
 * (functions/workflows) add parsing, idempotency and batch reporting around these.
 */
import type { Notifier, NotifyResult, Recipient } from '../ports/notifier.js';
import type { Providers } from '../ports/providers.js';
import type { PlanRepository, UserRepository } from '../ports/repositories.js';
import type { TravelPlan, WeatherInfo } from '../schemas/travel-plan.js';
import type { User } from '../schemas/user.js';
import { addDays } from '../planning/calendar.js';
import { planToIcs } from './ics.js';
import type { BookingFollowUpMessage, SweepMessage, TripCheckMessage } from './messages.js';
import {
  WATCHED_STATUSES,
  flightLink,
  followUpText,
  hotelLink,
  priceDropText,
  priceDrops,
  reminderDue,
  reminderText,
  weatherWarningText,
  weatherWarnings,
  type PriceCheck,
} from './monitors.js';

/** A trip the monitors may watch. */
export interface WatchedTrip {
  userId: string;
  planId: string;
  startDate: string;
  endDate: string;
}

/** Lists trips in watched states that have not ended by `from` (port; DynamoDB scan in AWS). */
export interface TripSource {
  upcomingTrips(from: string, statuses: readonly string[]): AsyncIterable<WatchedTrip>;
}

/** Enqueues per-trip checks (port; SQS SendMessageBatch). */
export interface CheckQueue {
  enqueue(messages: TripCheckMessage[]): Promise<void>;
}

export interface WorkflowDeps {
  plans: Pick<PlanRepository, 'get'>;
  users: Pick<UserRepository, 'getById'>;
  providers: Pick<Providers, 'geo' | 'flights' | 'hotels' | 'weather'>;
  notifier: Notifier;
  now?: () => Date;
}

/** What one unit of work did (stored as the idempotency record's response). */
export interface WorkflowOutcome {
  status: 'notified' | 'nothing_to_do' | 'skipped';
  reason?: string;
  notify?: NotifyResult;
  [extra: string]: unknown;
}

export function recipientOf(user: User): Recipient {
  return {
    userId: user.id,
    email: user.email,
    phone: user.phone,
    preferences: user.preferences.notificationPreferences,
    language: user.preferences.language,
  };
}

async function load(
  deps: WorkflowDeps,
  userId: string,
  planId: string,
): Promise<{ plan: TravelPlan; user: User } | WorkflowOutcome> {
  const [plan, user] = await Promise.all([deps.plans.get(userId, planId), deps.users.getById(userId)]);
  if (!plan) return { status: 'skipped', reason: 'plan not found' };
  if (!user) return { status: 'skipped', reason: 'user not found' };
  return { plan, user };
}

/** Re-checks every flight and stay of the plan against the providers. */
export async function recheckPrices(
  plan: TravelPlan,
  providers: WorkflowDeps['providers'],
): Promise<PriceCheck[]> {
  const checks: PriceCheck[] = [];
  for (const f of plan.flights) {
    const [from, to] = await Promise.all([
      providers.geo.resolveCity(f.departureCity ?? f.departureAirport),
      providers.geo.resolveCity(f.arrivalCity ?? f.arrivalAirport),
    ]);
    let current: number | null = null;
    if (from && to) {
      const offers = await providers.flights.search({
        from,
        to,
        date: f.departureTime.slice(0, 10),
        passengers: f.passengers ?? plan.travelerCount,
        cabinClass: f.seatClass,
      });
      const same = offers.find((o) => o.flightNumber === f.flightNumber);
      current = same ? same.price : null;
    }
    checks.push({
      itemId: f.id,
      kind: 'flight',
      label: `${f.flightNumber} ${f.departureTime.slice(0, 10)}`,
      plannedPrice: f.price,
      currentPrice: current,
      currency: plan.currency,
      bookingLink: flightLink(f),
    });
  }
  for (const a of plan.accommodations) {
    const city = await providers.geo.resolveCity(a.city ?? plan.destinations[0]?.city ?? a.address);
    let current: number | null = null;
    if (city) {
      const offers = await providers.hotels.search({
        city,
        checkIn: a.checkInDate,
        checkOut: a.checkOutDate,
        guests: plan.travelerCount,
      });
      const ref = a.provenance?.reference;
      const same = offers.find((o) => (ref && o.id === ref) || o.name === a.name);
      current = same ? same.pricePerNight * a.nights * a.rooms : null;
    }
    checks.push({
      itemId: a.id,
      kind: 'hotel',
      label: `${a.name} ${a.checkInDate}`,
      plannedPrice: a.totalPrice,
      currentPrice: current,
      currency: plan.currency,
      bookingLink: hotelLink(a, plan.travelerCount),
    });
  }
  return checks;
}

/** Booking follow-up: re-check, links, confirmation with the trip's `.ics` attached. */
export async function runBookingFollowUp(
  m: BookingFollowUpMessage,
  deps: WorkflowDeps,
): Promise<WorkflowOutcome> {
  const loaded = await load(deps, m.userId, m.planId);
  if ('status' in loaded) return loaded;
  const { plan, user } = loaded;
  const checks = await recheckPrices(plan, deps.providers);
  const t = followUpText(plan, checks);
  const notify = await deps.notifier.notify(recipientOf(user), {
    id: `follow-up-${plan.id}-v${m.version}`,
    kind: 'booking_confirmation',
    subject: t.subject,
    text: t.text,
    shortText: t.short,
    attachments: [
      {
        filename: 'trip.ics',
        contentType: 'text/calendar; charset=UTF-8; method=PUBLISH',
        content: planToIcs(plan, deps.now?.() ?? new Date()),
      },
    ],
    data: { planId: plan.id, checks },
  });
  return { status: 'notified', notify, checks: checks.length };
}

/** Price watch for one trip on one day. */
export async function runPriceCheck(m: TripCheckMessage, deps: WorkflowDeps): Promise<WorkflowOutcome> {
  const loaded = await load(deps, m.userId, m.planId);
  if ('status' in loaded) return loaded;
  const { plan, user } = loaded;
  if (plan.endDate < m.date) return { status: 'skipped', reason: 'trip is over' };
  const drops = priceDrops(await recheckPrices(plan, deps.providers));
  if (drops.length === 0) return { status: 'nothing_to_do' };
  const t = priceDropText(plan, drops);
  const notify = await deps.notifier.notify(recipientOf(user), {
    id: `price-${plan.id}-${m.date}`,
    kind: 'price_drop',
    subject: t.subject,
    text: t.text,
    shortText: t.short,
    data: { planId: plan.id, drops },
  });
  return { status: 'notified', notify, drops: drops.length };
}

/** Weather watch: warnings for the trip's days in the next three days. */
export async function runWeatherCheck(m: TripCheckMessage, deps: WorkflowDeps): Promise<WorkflowOutcome> {
  const loaded = await load(deps, m.userId, m.planId);
  if ('status' in loaded) return loaded;
  const { plan, user } = loaded;
  const forecasts = new Map<string, WeatherInfo>();
  for (const day of plan.itinerary) {
    if (day.date < m.date || day.date > addDays(m.date, 2)) continue;
    const city = await deps.providers.geo.resolveCity(day.destination);
    const w = city ? await deps.providers.weather.forecast(city, day.date) : null;
    if (w) forecasts.set(day.date, w);
  }
  const warnings = weatherWarnings(plan, forecasts, m.date);
  if (warnings.length === 0) return { status: 'nothing_to_do' };
  const t = weatherWarningText(plan, warnings);
  const notify = await deps.notifier.notify(recipientOf(user), {
    id: `weather-${plan.id}-${m.date}`,
    kind: 'weather_warning',
    subject: t.subject,
    text: t.text,
    shortText: t.short,
    data: { planId: plan.id, warnings },
  });
  return { status: 'notified', notify, warnings: warnings.length };
}

/** The reminder the day before the trip. */
export async function runTripReminder(m: TripCheckMessage, deps: WorkflowDeps): Promise<WorkflowOutcome> {
  const loaded = await load(deps, m.userId, m.planId);
  if ('status' in loaded) return loaded;
  const { plan, user } = loaded;
  if (!reminderDue(plan, m.date)) return { status: 'nothing_to_do', reason: 'not the day before' };
  const t = reminderText(plan);
  const notify = await deps.notifier.notify(recipientOf(user), {
    id: `reminder-${plan.id}-${plan.startDate}`,
    kind: 'trip_reminder',
    subject: t.subject,
    text: t.text,
    shortText: t.short,
    data: { planId: plan.id, startDate: plan.startDate },
  });
  return { status: 'notified', notify };
}

const CHECK_OF = {
  price_watch: 'price_check',
  weather_watch: 'weather_check',
  trip_reminder: 'trip_reminder',
} as const;

/** Which trips a monitor checks on `today`. */
export function watches(monitor: SweepMessage['monitor'], trip: WatchedTrip, today: string): boolean {
  if (monitor === 'price_watch') return trip.startDate > today;
  if (monitor === 'weather_watch') return trip.startDate <= addDays(today, 2) && trip.endDate >= today;
  return trip.startDate === addDays(today, 1);
}

/** The scheduled sweep: one check message per watched trip, sent in batches of ten. */
export async function runSweep(
  m: SweepMessage,
  deps: { trips: TripSource; queue: CheckQueue },
): Promise<WorkflowOutcome> {
  const today = new Date(m.scheduledAt).toISOString().slice(0, 10);
  let batch: TripCheckMessage[] = [];
  let total = 0;
  for await (const trip of deps.trips.upcomingTrips(today, WATCHED_STATUSES)) {
    if (!watches(m.monitor, trip, today)) continue;
    batch.push({ type: CHECK_OF[m.monitor], userId: trip.userId, planId: trip.planId, date: today });
    if (batch.length === 10) {
      await deps.queue.enqueue(batch);
      total += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) await deps.queue.enqueue(batch);
  total += batch.length;
  return { status: total > 0 ? 'notified' : 'nothing_to_do', enqueued: total };
}
