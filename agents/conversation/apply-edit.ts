/**
 * Applying an {@link EditOp} to a plan.
 *
 * {@link applyEdit} is pure and synchronous: given the plan, the op, the request and the provider
 * data of the plan's cities ({@link EditData}, gathered once by {@link gatherEditData}), it changes
 * ONLY what the op touches — the stay of one city (and the legs from it), the one or two days a
 * place is added to, removed from or moved between, the one meal replaced — and re-times only the
 * touched day from the touched item on; every other day, item and booking stays identical. The
 * verifier runs again on the result; an edit that would break a hard constraint the plan met
 * before (budget, opening hours, the day's length, ...) is refused with the binding constraint and
 * two or three smallest relaxations.
 *
 * Ops that change the request itself (mode, dates, length, budget, party, a day trip) touch every
 * day: applyEdit returns the new request (`replan`), and {@link editPlan} runs the planner's public
 * entry point on it, then diffs and verifies the same way.
 */
import { newId } from '../ids.js';
import { shortestVisit } from '../planning/attraction-selection.js';
import { budgetBreakdown, costPlan } from '../planning/budget-agent.js';
import { MEAL_WINDOWS } from '../planning/itinerary-types.js';
import { isOpenFor } from '../planning/opening-hours.js';
import type { PlanOutcome, Violation } from '../planning/types.js';
import { verifyPlan, type GroundingRegistry } from '../planning/verifier.js';
import type {
  Attraction,
  CityInfo,
  ExchangeRateProvider,
  FlightOffer,
  GroundOption,
  HotelOffer,
  LocalLeg,
  Providers,
  Restaurant,
} from '../ports/providers.js';
import type { Coordinates } from '../schemas/common.js';
import type {
  AccommodationBooking,
  ItineraryActivity,
  ItineraryDay,
  MealType,
  TravelLeg,
  TravelPlan,
} from '../schemas/travel-plan.js';
import { TravelPlan as TravelPlanSchema } from '../schemas/travel-plan.js';
import { TripRequest, partySize } from '../schemas/trip-request.js';
import { REQUEST_LEVEL_OPS, findPlace, type EditOp } from './edit-ops.js';
import { diffPlans, type PlanDiff } from './plan-diff.js';

type Lang = 'zh' | 'en';
type Text = { zh: string; en: string };

/** Provider data of one city of the plan. */
export interface CityData {
  info: CityInfo;
  attractions: Attraction[];
  restaurants: Restaurant[];
  hotels: HotelOffer[];
}

/** What the providers return for the plan's cities and flights (the edit's grounding). */
export interface EditData {
  /** By the city name the plan uses (activities' and stays' `city`). */
  cities: Map<string, CityData>;
  /** Offers for the plan's flight legs (re-searched), for the verifier's grounding. */
  flights: FlightOffer[];
  /** `add_day_trip`: the other city's data and the ground options there from each base city. */
  dayTrip?: { name: string; city: CityData; options: Map<string, GroundOption[]> } | undefined;
}

export interface EditContext {
  request: TripRequest;
  data: EditData;
  /** Local legs between two points of a city, fastest-reasonable first (providers.local.legs). */
  legs: (city: CityInfo, from: Coordinates | undefined, to: Coordinates | undefined) => LocalLeg[];
  rates: ExchangeRateProvider;
  now: () => Date;
}

/** A smallest change that would make a refused edit possible. */
export interface Relaxation {
  text: Text;
  /** The edit that applies it, when it is one. */
  op?: EditOp;
  /** Money it saves (budget relaxations). */
  saves?: number;
}

/** An edit that cannot be met: the binding constraint and the smallest relaxations. */
export interface RejectedEdit {
  status: 'rejected';
  constraint: { code: string; text: Text };
  relaxations: Relaxation[];
}

export type EditResult =
  | {
      status: 'applied';
      plan: TravelPlan;
      diff: PlanDiff;
      /** One or two sentences saying what changed. */
      summary: Text;
      violations: Violation[];
      request: TripRequest;
    }
  | { status: 'replan'; request: TripRequest; summary: Text }
  | RejectedEdit;

// ---------------------------------------------------------------- helpers

const round2 = (n: number) => Math.round(n * 100) / 100;
const money = (n: number, c: string) => `${Math.round(n).toLocaleString('en-US')} ${c}`;
const minutesOf = (iso: string | null | undefined): number => {
  const m = /T(\d{2}):(\d{2})/.exec(iso ?? '');
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
};
const clock = (min: number) =>
  `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(Math.round(min % 60)).padStart(2, '0')}`;
const offsetOf = (iso: string | null | undefined) => /([+-]\d{2}:\d{2}|Z)$/.exec(iso ?? '')?.[1] ?? 'Z';
const isoAt = (date: string, min: number, offset: string) => `${date}T${clock(min)}:00${offset}`;
const DAY_END = 22 * 60 + 30;
const DAY_START = 8 * 60 + 30;
const DEFAULT_VISIT = 90;

function nameIn(lang: Lang, e: { name: string; nameZh?: string | undefined; nameEn?: string | undefined }) {
  return lang === 'zh' ? (e.nameZh ?? e.name) : (e.nameEn ?? e.name);
}

function cityKeyOf(plan: TravelPlan, data: EditData, day: ItineraryDay): string | undefined {
  for (const a of day.activities) if (a.city && data.cities.has(a.city)) return a.city;
  const stay = plan.accommodations.find((s) => s.id === day.accommodationId);
  if (stay?.city && data.cities.has(stay.city)) return stay.city;
  for (const k of data.cities.keys()) if (day.destination.includes(k)) return k;
  return undefined;
}

/** The registry the verifier checks grounding against: the providers' current answers. */
export function registryOfData(data: EditData): GroundingRegistry {
  const registry: GroundingRegistry = new Map();
  for (const f of data.flights) registry.set(f.id, { kind: 'flight', name: f.flightNumber, entity: f });
  for (const c of [...data.cities.values(), ...(data.dayTrip ? [data.dayTrip.city] : [])]) {
    for (const a of c.attractions) registry.set(a.id, { kind: 'attraction', name: a.name, entity: a });
    for (const r of c.restaurants) registry.set(r.id, { kind: 'restaurant', name: r.name, entity: r });
    for (const h of c.hotels) registry.set(h.id, { kind: 'hotel', name: h.name, entity: h });
  }
  return registry;
}

function budgetOf(request: TripRequest, plan: TravelPlan, rates: ExchangeRateProvider): number | null {
  const b = request.budget;
  if (!b) return null;
  const whole = b.perPerson ? b.amount * partySize(request) : b.amount;
  try {
    return rates.convert(whole, b.currency, plan.currency);
  } catch {
    return whole;
  }
}

function originOf(plan: TravelPlan): string {
  for (const d of plan.itinerary)
    for (const a of d.activities) if (a.type === 'transportation' && a.travelLeg) return a.travelLeg.from;
  return plan.origin ?? '';
}

/** Runs the verifier on a plan with the edit's grounding. */
export function verifyEdited(plan: TravelPlan, ctx: EditContext): Violation[] {
  return verifyPlan(plan, {
    request: ctx.request,
    registry: registryOfData(ctx.data),
    people: partySize(ctx.request),
    budget: budgetOf(ctx.request, plan, ctx.rates),
    origin: originOf(plan),
    rates: ctx.rates,
  });
}

const vkey = (v: Violation) => `${v.code}|${v.dayNumber ?? ''}`;

function convert(ctx: EditContext, amount: number, from: string, to: string): number {
  try {
    return round2(ctx.rates.convert(amount, from, to));
  } catch {
    return round2(amount);
  }
}

function travelLegOf(
  leg: LocalLeg | undefined,
  to: string,
  people: number,
  ctx: EditContext,
  currency: string,
) {
  if (!leg) return null;
  const units = leg.unit === 'person' ? people : Math.max(1, Math.ceil(people / (leg.capacity ?? 4)));
  const out: TravelLeg = {
    mode: leg.mode,
    from: 'previous stop',
    to,
    durationMinutes: leg.durationMinutes,
    distanceKm: round2(leg.distanceKm),
    cost: convert(ctx, leg.cost * units, leg.currency, currency),
    units,
    provenance: leg.provenance,
  };
  return out;
}

function retotal(day: ItineraryDay): ItineraryDay {
  const acts = [...day.activities].sort(
    (a, b) => Date.parse(a.startTime ?? '') - Date.parse(b.startTime ?? ''),
  );
  return {
    ...day,
    activities: acts,
    totalCost: round2(acts.reduce((s, a) => s + a.estimatedCost + (a.travelLeg?.cost ?? 0), 0)),
    totalWalkingDistance: round2(
      acts.reduce((s, a) => s + (a.travelLeg?.mode === 'walk' ? a.travelLeg.distanceKm : 0), 0),
    ),
    estimatedDuration: acts.reduce((s, a) => s + a.duration, 0),
  };
}

function hoursOf(ctx: EditContext, city: CityData | undefined, a: ItineraryActivity) {
  if (!city || !a.placeId) return null;
  return (
    city.attractions.find((x) => x.id === a.placeId)?.hours ??
    city.restaurants.find((x) => x.id === a.placeId)?.hours ??
    null
  );
}

type Retimed =
  { ok: true; activities: ItineraryActivity[] } | { ok: false; code: 'DAY_FULL' | 'CLOSED'; item: string };

/**
 * Re-times a day's activities from index `from` on (earlier ones are kept as they are). With
 * `keep`, an activity never starts earlier than it did (only what must move, moves).
 */
function retime(
  day: ItineraryDay,
  acts: ItineraryActivity[],
  from: number,
  city: CityData | undefined,
  ctx: EditContext,
  currency: string,
  keep: boolean,
  original: Map<string, number>,
  cheapest = false,
): Retimed {
  const out = acts.map((a) => ({ ...a }));
  const people = partySize(ctx.request);
  const offset = offsetOf(acts.find((a) => a.startTime)?.startTime);
  // The stop each item was reached from before the edit: an item reached from the same stop keeps
  // the leg the planner chose (a transit ride does not turn into a taxi because another item moved).
  const before = sorted(day);
  const cameFrom = new Map(before.map((a, i) => [a.id, before[i - 1]?.id]));
  let cursor = from > 0 ? minutesOf(out[from - 1]!.endTime) : DAY_START;
  for (let i = from; i < out.length; i++) {
    const a = out[i]!;
    if (a.type === 'transportation') {
      if (minutesOf(a.startTime) < cursor - 0.5) return { ok: false, code: 'DAY_FULL', item: a.name };
      cursor = minutesOf(a.endTime);
      continue;
    }
    const prev = i > 0 ? out[i - 1] : undefined;
    if (prev && city && !(a.travelLeg && cameFrom.get(a.id) === prev.id)) {
      const legs = ctx.legs(city.info, prev.coordinates ?? undefined, a.coordinates ?? undefined);
      // A new leg keeps the way of getting around the plan used for this item when it is offered,
      // else walks or rides public transport before it takes a taxi.
      // `cheapest`: the least costly way for the party (a removal must not make the day dearer).
      const units = (l: LocalLeg) => (l.unit === 'person' ? people : Math.ceil(people / (l.capacity ?? 4)));
      const leg = cheapest
        ? [...legs].sort((x, y) => x.cost * units(x) - y.cost * units(y))[0]
        : (legs.find((l) => l.mode === a.travelLeg?.mode) ?? legs.find((l) => l.mode !== 'taxi') ?? legs[0]);
      a.travelLeg = travelLegOf(leg, a.name, people, ctx, currency);
    }
    let start = cursor + (a.travelLeg?.durationMinutes ?? 0);
    if (a.mealType) start = Math.max(start, MEAL_WINDOWS[a.mealType].from);
    const before = original.get(a.id);
    if (keep && before !== undefined) start = Math.max(start, before);
    const hours = hoursOf(ctx, city, a);
    const date = day.date;
    while (!isOpenFor(hours, date, start, start + a.duration) && start < DAY_END) start += 15;
    if (start + a.duration > DAY_END + 60 || !isOpenFor(hours, date, start, start + a.duration)) {
      return { ok: false, code: start >= DAY_END ? 'DAY_FULL' : 'CLOSED', item: a.name };
    }
    if (a.mealType && start > MEAL_WINDOWS[a.mealType].to + 30)
      return { ok: false, code: 'DAY_FULL', item: a.name };
    if (a.type !== 'dining' && start + a.duration > DAY_END)
      return { ok: false, code: 'DAY_FULL', item: a.name };
    a.startTime = isoAt(date, start, offset);
    a.endTime = isoAt(date, start + a.duration, offset);
    cursor = start + a.duration;
  }
  return { ok: true, activities: out };
}

function sorted(day: ItineraryDay): ItineraryActivity[] {
  return [...day.activities].sort((a, b) => Date.parse(a.startTime ?? '') - Date.parse(b.startTime ?? ''));
}

function startsById(day: ItineraryDay): Map<string, number> {
  return new Map(day.activities.map((a) => [a.id, minutesOf(a.startTime)]));
}

function attractionActivity(
  a: Attraction,
  cityName: string,
  ctx: EditContext,
  currency: string,
): ItineraryActivity {
  const lang = ctx.request.language;
  const people = partySize(ctx.request);
  return {
    id: newId('activity'),
    name: nameIn(lang, a),
    type: a.category === 'shopping' || a.category === 'market' ? 'shopping' : 'sightseeing',
    startTime: null,
    endTime: null,
    duration: a.visitMinutes ?? DEFAULT_VISIT,
    location: cityName,
    address: a.address ?? null,
    coordinates: a.coordinates ?? null,
    estimatedCost: convert(ctx, (a.ticketPrice ?? 0) * people, a.currency, currency),
    bookingRequired: false,
    tips: [],
    photos: [],
    popularityScore: a.popularity ?? null,
    rating: a.rating ?? null,
    placeId: a.id,
    city: cityName,
    cuisines: [],
    isIndoor: a.indoor ?? null,
    provenance: a.provenance,
  };
}

function restaurantActivity(
  r: Restaurant,
  meal: MealType,
  slot: ItineraryActivity,
  ctx: EditContext,
  currency: string,
): ItineraryActivity {
  const people = partySize(ctx.request);
  return {
    ...slot,
    id: newId('activity'),
    name: nameIn(ctx.request.language, r),
    coordinates: r.coordinates ?? null,
    estimatedCost: convert(ctx, r.averageCost * people, r.currency, currency),
    rating: r.rating ?? null,
    placeId: r.id,
    mealType: meal,
    cuisines: r.cuisines,
    provenance: r.provenance,
  };
}

/** Inserts an activity into a day where it costs the least extra travel and still fits. */
function insertInto(
  plan: TravelPlan,
  dayIndex: number,
  act: ItineraryActivity,
  city: CityData | undefined,
  ctx: EditContext,
): Retimed & { index?: number } {
  const day = plan.itinerary[dayIndex]!;
  const acts = sorted(day);
  const original = startsById(day);
  const candidates: { i: number; cost: number }[] = [];
  for (let i = 0; i <= acts.length; i++) {
    const prev = acts[i - 1];
    const next = acts[i];
    // Never before the day's first meal when there is one early, nor between a flight and its arrival.
    if (next && next.mealType === 'breakfast') continue;
    if (prev && prev.type === 'transportation' && i === acts.length && dayIndex === plan.itinerary.length - 1)
      continue;
    const d = (x?: ItineraryActivity) =>
      x?.coordinates && act.coordinates
        ? Math.hypot(x.coordinates[0] - act.coordinates[0], x.coordinates[1] - act.coordinates[1])
        : 0.05;
    candidates.push({ i, cost: d(prev) + d(next) });
  }
  candidates.sort((a, b) => a.cost - b.cost);
  let failure: Retimed | undefined;
  for (const { i } of candidates) {
    const list = [...acts.slice(0, i), act, ...acts.slice(i)];
    const r = retime(day, list, i, city, ctx, plan.currency, true, original);
    if (r.ok) return { ...r, index: i };
    failure ??= r;
  }
  return failure ?? { ok: false, code: 'DAY_FULL', item: act.name };
}

function withDay(plan: TravelPlan, dayIndex: number, activities: ItineraryActivity[]): TravelPlan {
  const itinerary = plan.itinerary.map((d, i) => (i === dayIndex ? retotal({ ...d, activities }) : d));
  return { ...plan, itinerary };
}

function dayIndexOf(plan: TravelPlan, day: number | null | undefined): number {
  if (day == null) return -1;
  return plan.itinerary.findIndex((d) => d.dayNumber === day);
}

function sightsOf(day: ItineraryDay): ItineraryActivity[] {
  return day.activities.filter(
    (a) => a.type === 'sightseeing' || a.type === 'shopping' || a.type === 'other',
  );
}

function reject(code: string, text: Text, relaxations: Relaxation[]): RejectedEdit {
  return { status: 'rejected', constraint: { code, text }, relaxations: relaxations.slice(0, 3) };
}

function dayFull(dayNumber: number, item: string, plan: TravelPlan, lang: Lang): RejectedEdit {
  const day = plan.itinerary.find((d) => d.dayNumber === dayNumber);
  const sights = day ? sightsOf(day) : [];
  const weakest = [...sights].sort((a, b) => (a.popularityScore ?? 0) - (b.popularityScore ?? 0))[0];
  const freest = [...plan.itinerary]
    .filter((d) => d.dayNumber !== dayNumber)
    .sort((a, b) => sightsOf(a).length - sightsOf(b).length)[0];
  const relax: Relaxation[] = [];
  if (weakest)
    relax.push({
      text: {
        zh: `去掉第${dayNumber}天的「${weakest.name}」腾出时间`,
        en: `drop "${weakest.name}" on day ${dayNumber} to make room`,
      },
      op: { op: 'remove_place', place: weakest.name },
    });
  if (freest)
    relax.push({
      text: {
        zh: `改放在第${freest.dayNumber}天（那天安排较少）`,
        en: `put it on day ${freest.dayNumber}, which is lighter`,
      },
      op: { op: 'add_place', place: item, day: freest.dayNumber },
    });
  relax.push({
    text: { zh: '多玩一天', en: 'add a day to the trip' },
    op: { op: 'change_length', days: plan.itinerary.length + 1 },
  });
  void lang;
  return reject(
    'DAY_FULL',
    {
      zh: `第${dayNumber}天已经排满，放不下「${item}」（营业时间和路上时间都算进去了）`,
      en: `Day ${dayNumber} is full: "${item}" does not fit with the opening hours and travel times`,
    },
    relax,
  );
}

// ---------------------------------------------------------------- the ops

/** A "cheaper stay" saves at least this share of the stay's price when one does. */
const CLEARLY_CHEAPER = 0.2;

function replaceHotel(
  plan: TravelPlan,
  op: Extract<EditOp, { op: 'replace_hotel' }>,
  ctx: EditContext,
): TravelPlan | RejectedEdit {
  const people = partySize(ctx.request);
  const lang = ctx.request.language;
  const stays = plan.accommodations.filter(
    (s) => !op.city || (s.city ?? '').includes(op.city) || op.city.includes(s.city ?? '\u0000'),
  );
  if (stays.length === 0)
    return reject(
      'NO_STAY',
      { zh: '这个行程里没有可以更换的住宿', en: 'This plan has no stay to change' },
      [],
    );
  let next = plan;
  const changedNames: string[] = [];
  for (const stay of stays) {
    const city = stay.city ? ctx.data.cities.get(stay.city) : undefined;
    if (!city) continue;
    const price = (h: HotelOffer) => convert(ctx, h.pricePerNight, h.currency, plan.currency);
    const rooms = (h: HotelOffer) => Math.max(1, Math.ceil(people / h.maxOccupancy));
    const total = (h: HotelOffer) => round2(price(h) * rooms(h) * stay.nights);
    // A private stay is not swapped for a bed in a shared room unless that is what is asked for.
    const sharedOk =
      op.kind === 'hostel' ||
      stay.roomType === 'shared_room' ||
      ctx.request.accommodation.roomType === 'shared_room';
    const fits = city.hotels.filter(
      (h) =>
        h.name !== stay.name &&
        (!op.kind || h.type === op.kind) &&
        (sharedOk || h.roomType !== 'shared_room') &&
        h.minimumNights <= stay.nights &&
        ctx.request.accommodation.houseRules.every((r) => h.houseRules[r] === true) &&
        (!ctx.request.accommodation.roomType ||
          h.roomType === ctx.request.accommodation.roomType ||
          (ctx.request.accommodation.roomType === 'not_shared_room' && h.roomType !== 'shared_room')),
    );
    const quality = (h: HotelOffer) => (h.stars ?? 2) + (h.rating ?? 3) / 5;
    const curQuality = (stay.starRating ?? 2) + (stay.rating ?? 3) / 5;
    let pick: HotelOffer | undefined;
    if (op.criterion === 'cheaper' && op.kind && stay.type !== op.kind) {
      // Another kind of stay is asked for: the cheapest of that kind (it may cost more).
      pick = [...fits].sort((a, b) => total(a) - total(b) || quality(b) - quality(a))[0];
    } else if (op.criterion === 'cheaper') {
      // Cheaper means noticeably cheaper: the best of the stays that save at least a fifth, else
      // the cheapest of those that save anything.
      const cheaper = fits.filter((h) => total(h) < stay.totalPrice - 0.5);
      const clearly = cheaper.filter((h) => total(h) <= stay.totalPrice * (1 - CLEARLY_CHEAPER));
      pick =
        clearly.length > 0
          ? clearly.sort((a, b) => quality(b) - quality(a) || total(a) - total(b))[0]
          : cheaper.sort((a, b) => total(a) - total(b) || quality(b) - quality(a))[0];
    } else if (op.criterion === 'better') {
      pick = fits.filter((h) => quality(h) > curQuality).sort((a, b) => total(a) - total(b))[0];
    } else if (op.criterion === 'named') {
      const name = findPlace(
        op.name ?? '',
        fits.flatMap((h) => [h.name]),
      );
      pick = fits.find((h) => h.name === name);
    } else {
      const target = findTarget(plan, city, op.near ?? '');
      if (!target)
        return reject(
          'UNKNOWN_PLACE',
          {
            zh: `没有找到「${op.near ?? ''}」的位置，无法按距离挑选酒店`,
            en: `"${op.near ?? ''}" could not be located, so hotels cannot be ranked by distance`,
          },
          [],
        );
      const dist = (c?: Coordinates | null) =>
        c ? Math.hypot(c[0] - target[0], (c[1] - target[1]) * Math.cos((target[0] * Math.PI) / 180)) : 99;
      const cur = dist(stay.coordinates);
      pick = fits
        .filter((h) => dist(h.coordinates) < cur)
        .sort((a, b) => dist(a.coordinates) - dist(b.coordinates))[0];
    }
    if (!pick) continue;
    const updated: AccommodationBooking = {
      ...stay,
      name: nameIn(lang, { name: pick.name }),
      type: pick.type,
      address: pick.address ?? stay.address,
      coordinates: pick.coordinates ?? null,
      roomType: pick.roomType,
      maxOccupancy: pick.maxOccupancy,
      pricePerNight: price(pick),
      totalPrice: total(pick),
      rooms: rooms(pick),
      starRating: pick.stars ?? null,
      rating: pick.rating ?? null,
      amenities: pick.amenities,
      policies: Object.fromEntries(
        Object.entries(pick.houseRules).map(([k, v]) => [k, v ? 'allowed' : 'not allowed']),
      ),
      minimumNights: pick.minimumNights,
      provenance: pick.provenance,
    };
    changedNames.push(updated.name);
    // The first leg of each morning starts at the stay: only those legs change.
    const itinerary = next.itinerary.map((d, i) => {
      const prevNight = next.itinerary[i - 1];
      if (!prevNight || prevNight.accommodationId !== stay.id) return d;
      const acts = sorted(d);
      const first = acts.findIndex((a) => a.type !== 'transportation');
      if (first !== 0) return d;
      const a = acts[0]!;
      const leg = ctx.legs(city.info, updated.coordinates ?? undefined, a.coordinates ?? undefined)[0];
      const travelLeg = travelLegOf(leg, a.name, people, ctx, plan.currency);
      if (!travelLeg) return d;
      return retotal({ ...d, activities: [{ ...a, travelLeg }, ...acts.slice(1)] });
    });
    // Transfers to and from the stay (from the airport or station, to the departure) now name the
    // new stay and end or start at it.
    const renamed = itinerary.map((d) => {
      let touched = false;
      const activities = d.activities.map((a) => {
        if (a.type !== 'transportation' || !a.name.includes(stay.name)) return a;
        touched = true;
        const swap = (t: string | null | undefined) => t?.split(stay.name).join(updated.name);
        const atStay =
          !!a.coordinates &&
          !!stay.coordinates &&
          a.coordinates[0] === stay.coordinates[0] &&
          a.coordinates[1] === stay.coordinates[1];
        return {
          ...a,
          name: swap(a.name)!,
          location: swap(a.location)!,
          description: swap(a.description) ?? a.description,
          coordinates: atStay ? (updated.coordinates ?? a.coordinates) : a.coordinates,
        };
      });
      return touched ? { ...d, activities } : d;
    });
    next = {
      ...next,
      accommodations: next.accommodations.map((s) => (s.id === stay.id ? updated : s)),
      itinerary: renamed,
    };
  }
  if (changedNames.length === 0) {
    const what = {
      cheaper: ['更便宜', 'cheaper'],
      better: ['更好', 'better'],
      closer: ['更近', 'closer'],
      named: ['指定', 'named'],
    }[op.criterion];
    return reject(
      'NO_HOTEL',
      {
        zh: `没有找到符合条件的${what[0]}的住宿（已考虑人数、房型和入住晚数）`,
        en: `No ${what[1]} stay fits the party, room type and nights`,
      },
      op.criterion === 'better'
        ? [{ text: { zh: '提高预算', en: 'raise the budget' } }]
        : [
            {
              text: {
                zh: '换一个标准：更便宜或评分更高',
                en: 'try another criterion: cheaper or better rated',
              },
            },
          ],
    );
  }
  return next;
}

/** Coordinates of a place named in a sentence: a place of the plan, else one of the city's. */
function findTarget(plan: TravelPlan, city: CityData, text: string): Coordinates | undefined {
  const inPlan = plan.itinerary.flatMap((d) => d.activities).filter((a) => a.coordinates);
  const n = findPlace(
    text,
    inPlan.map((a) => a.name),
  );
  const a = inPlan.find((x) => x.name === n);
  if (a?.coordinates) return a.coordinates;
  const names = city.attractions.flatMap((x) => [x.name, x.nameZh ?? '', x.nameEn ?? ''].filter(Boolean));
  const m = findPlace(text, names);
  return city.attractions.find((x) => [x.name, x.nameZh, x.nameEn].includes(m))?.coordinates;
}

function findAttraction(
  ctx: EditContext,
  name: string,
): { city: string; attraction: Attraction } | undefined {
  let best: { city: string; attraction: Attraction; len: number } | undefined;
  const seen = new Set<CityData>();
  for (const [city, c] of ctx.data.cities) {
    if (seen.has(c)) continue;
    seen.add(c);
    const names = c.attractions.flatMap((a) => [a.name, a.nameZh ?? '', a.nameEn ?? ''].filter(Boolean));
    const found = findPlace(name, names, 0.5);
    if (!found) continue;
    const attraction = c.attractions.find((a) => [a.name, a.nameZh, a.nameEn].includes(found))!;
    if (!best || found.length > best.len) best = { city, attraction, len: found.length };
  }
  return best ? { city: best.city, attraction: best.attraction } : undefined;
}

function inPlan(plan: TravelPlan, placeId: string): number | undefined {
  for (const d of plan.itinerary) if (d.activities.some((a) => a.placeId === placeId)) return d.dayNumber;
  return undefined;
}

function addPlace(
  plan: TravelPlan,
  place: string,
  day: number | null | undefined,
  ctx: EditContext,
): TravelPlan | RejectedEdit {
  const found = findAttraction(ctx, place);
  const cities = [...ctx.data.cities.keys()].join(ctx.request.language === 'zh' ? '、' : ', ');
  if (!found) {
    const popular = [...new Set(ctx.data.cities.values())]
      .flatMap((c) => c.attractions)
      .filter((a) => inPlan(plan, a.id) === undefined)
      .sort((a, b) => (b.popularity ?? 0) - (a.popularity ?? 0))
      .slice(0, 2);
    return reject(
      'UNKNOWN_PLACE',
      {
        zh: `在${cities}的景点数据里没有找到「${place}」`,
        en: `"${place}" is not among the places known for ${cities}`,
      },
      popular.map((a) => ({
        text: { zh: `改加「${nameIn('zh', a)}」`, en: `add "${nameIn('en', a)}" instead` },
        op: { op: 'add_place', place: a.name, day: day ?? null },
      })),
    );
  }
  const already = inPlan(plan, found.attraction.id);
  if (already !== undefined) {
    if (day != null && day !== already) return movePlace(plan, found.attraction.name, day, ctx);
    return reject(
      'ALREADY_PLANNED',
      {
        zh: `「${nameIn('zh', found.attraction)}」已经安排在第${already}天了`,
        en: `"${nameIn('en', found.attraction)}" is already on day ${already}`,
      },
      [],
    );
  }
  const city = ctx.data.cities.get(found.city)!;
  const order0 = day != null ? plan.itinerary[dayIndexOf(plan, day)] : undefined;
  const act = attractionActivity(
    found.attraction,
    (order0 && cityKeyOf(plan, ctx.data, order0)) || found.city,
    ctx,
    plan.currency,
  );
  const order =
    day != null
      ? [dayIndexOf(plan, day)]
      : plan.itinerary
          .map((d, i) => ({ i, d }))
          .filter(({ d }) => ctx.data.cities.get(cityKeyOf(plan, ctx.data, d) ?? '') === city)
          .sort((a, b) => sightsOf(a.d).length - sightsOf(b.d).length)
          .map(({ i }) => i);
  if (order.length === 0 || order[0]! < 0)
    return reject(
      'NO_SUCH_DAY',
      { zh: `行程只有${plan.itinerary.length}天`, en: `The plan has ${plan.itinerary.length} days` },
      [],
    );
  const dayCity = cityKeyOf(plan, ctx.data, plan.itinerary[order[0]!]!);
  if (day != null && dayCity && ctx.data.cities.get(dayCity) !== city)
    return reject(
      'WRONG_CITY',
      {
        zh: `第${day}天在${dayCity}，而「${act.name}」在${found.city}`,
        en: `Day ${day} is in ${dayCity}, but "${act.name}" is in ${found.city}`,
      },
      [],
    );
  let failed: Retimed | undefined;
  for (const i of order) {
    const r = insertInto(plan, i, act, city, ctx);
    if (r.ok) return withDay(plan, i, r.activities);
    failed ??= r;
  }
  // A full day may still hold the visit's worthwhile core, as the planner would plan it on a tight day.
  const core = shortestVisit(found.attraction, act.duration, true);
  if (core < act.duration)
    for (const i of order) {
      const r = insertInto(plan, i, { ...act, duration: core }, city, ctx);
      if (r.ok) return withDay(plan, i, r.activities);
    }
  return dayFull(plan.itinerary[order[0]!]!.dayNumber, act.name, plan, ctx.request.language);
}

function removeFrom(plan: TravelPlan, dayIndex: number, id: string, ctx: EditContext): TravelPlan | null {
  const day = plan.itinerary[dayIndex]!;
  const acts = sorted(day);
  const idx = acts.findIndex((a) => a.id === id);
  // A visit split around lunch goes as a whole: every part of the same place that day.
  const placeId = acts[idx]?.placeId;
  const gone = (a: ItineraryActivity) =>
    a.id === id || (!!placeId && a.placeId === placeId && a.type !== 'dining' && a.type !== 'transportation');
  const list = acts.filter((a) => !gone(a));
  const city = ctx.data.cities.get(cityKeyOf(plan, ctx.data, day) ?? '');
  const at = Math.max(0, idx);
  let r = retime(day, list, at, city, ctx, plan.currency, true, startsById(day));
  // Taking a place out never makes the day dearer: the new way between its neighbours is then the
  // cheapest one (the old legs and the place's ticket are no longer paid).
  const dayCost = (list: ItineraryActivity[]) =>
    list.reduce((sum, a) => sum + a.estimatedCost + (a.travelLeg?.cost ?? 0), 0);
  if (r.ok && dayCost(r.activities) > dayCost(acts) + 0.005) {
    const cheaper = retime(day, list, at, city, ctx, plan.currency, true, startsById(day), true);
    if (cheaper.ok && dayCost(cheaper.activities) < dayCost(r.activities)) r = cheaper;
  }
  if (!r.ok) return null;
  // The first item keeps its leg from the stay (retime recomputes legs only after a previous item).
  return withDay(plan, dayIndex, r.activities);
}

function locate(plan: TravelPlan, place: string): { dayIndex: number; act: ItineraryActivity } | undefined {
  const all = plan.itinerary.flatMap((d, dayIndex) =>
    d.activities.filter((a) => a.type !== 'transportation').map((act) => ({ dayIndex, act })),
  );
  const name = findPlace(
    place,
    all.map((x) => x.act.name),
  );
  return all.find((x) => x.act.name === name);
}

function removePlace(plan: TravelPlan, place: string, ctx: EditContext): TravelPlan | RejectedEdit {
  const hit = locate(plan, place);
  if (!hit)
    return reject('NOT_IN_PLAN', { zh: `行程里没有「${place}」`, en: `"${place}" is not in the plan` }, []);
  const next = removeFrom(plan, hit.dayIndex, hit.act.id, ctx);
  if (!next)
    return dayFull(plan.itinerary[hit.dayIndex]!.dayNumber, hit.act.name, plan, ctx.request.language);
  return next;
}

function movePlace(
  plan: TravelPlan,
  place: string,
  toDay: number,
  ctx: EditContext,
): TravelPlan | RejectedEdit {
  const hit = locate(plan, place);
  const target = dayIndexOf(plan, toDay);
  if (!hit)
    return reject('NOT_IN_PLAN', { zh: `行程里没有「${place}」`, en: `"${place}" is not in the plan` }, []);
  if (target < 0)
    return reject(
      'NO_SUCH_DAY',
      { zh: `行程只有${plan.itinerary.length}天`, en: `The plan has ${plan.itinerary.length} days` },
      [],
    );
  if (target === hit.dayIndex)
    return reject(
      'ALREADY_PLANNED',
      { zh: `「${hit.act.name}」已经在第${toDay}天了`, en: `"${hit.act.name}" is already on day ${toDay}` },
      [],
    );
  const removed = removeFrom(plan, hit.dayIndex, hit.act.id, ctx);
  if (!removed)
    return dayFull(plan.itinerary[hit.dayIndex]!.dayNumber, hit.act.name, plan, ctx.request.language);
  const city = ctx.data.cities.get(cityKeyOf(plan, ctx.data, plan.itinerary[target]!) ?? '');
  const moved: ItineraryActivity = { ...hit.act, startTime: null, endTime: null };
  const r = insertInto(removed, target, moved, city, ctx);
  if (!r.ok) return dayFull(toDay, hit.act.name, plan, ctx.request.language);
  return withDay(removed, target, r.activities);
}

function adjustDay(
  plan: TravelPlan,
  op: Extract<EditOp, { op: 'adjust_day' }>,
  ctx: EditContext,
): TravelPlan | RejectedEdit {
  const i = dayIndexOf(plan, op.day);
  if (i < 0)
    return reject(
      'NO_SUCH_DAY',
      { zh: `行程只有${plan.itinerary.length}天`, en: `The plan has ${plan.itinerary.length} days` },
      [],
    );
  const day = plan.itinerary[i]!;
  const sights = sightsOf(day);
  if (op.direction === 'lighter') {
    if (sights.length <= 1)
      return reject(
        'ALREADY_LIGHT',
        {
          zh: `第${op.day}天只安排了${sights.length}个景点，已经很轻松了`,
          en: `Day ${op.day} has only ${sights.length} sight${sights.length === 1 ? '' : 's'}; it is already light`,
        },
        [],
      );
    // The sight that costs the day most for the least: the least popular, the longest on ties.
    const drop = [...sights].sort(
      (a, b) => (a.popularityScore ?? 0) - (b.popularityScore ?? 0) || b.duration - a.duration,
    )[0]!;
    const next = removeFrom(plan, i, drop.id, ctx);
    return next ?? dayFull(op.day, drop.name, plan, ctx.request.language);
  }
  const cityKey = cityKeyOf(plan, ctx.data, day);
  const city = cityKey ? ctx.data.cities.get(cityKey) : undefined;
  const options = (city?.attractions ?? [])
    .filter((a) => inPlan(plan, a.id) === undefined && !ctx.request.mustAvoid.some((m) => a.name.includes(m)))
    .sort((a, b) => (b.popularity ?? 0) - (a.popularity ?? 0))
    .slice(0, 8);
  for (const a of options) {
    const r = insertInto(plan, i, attractionActivity(a, cityKey!, ctx, plan.currency), city, ctx);
    if (r.ok) return withDay(plan, i, r.activities);
  }
  return reject(
    'DAY_FULL',
    {
      zh: `第${op.day}天已经没有空档再加景点了`,
      en: `Day ${op.day} has no room for another sight`,
    },
    [
      {
        text: { zh: '多玩一天', en: 'add a day' },
        op: { op: 'change_length', days: plan.itinerary.length + 1 },
      },
    ],
  );
}

/** Longest one-way journey a day trip takes (minutes). */
const DAY_TRIP_MAX_MINUTES = 180;

/**
 * A day trip: one day of the plan (the one asked for, else the lightest full day in town) goes to
 * the other city and back — out after breakfast, its best sights (and lunch there), back for
 * dinner — and the night is spent at the SAME hotel: no stay, no night and no other day changes.
 */
function addDayTrip(
  plan: TravelPlan,
  op: Extract<EditOp, { op: 'add_day_trip' }>,
  ctx: EditContext,
): TravelPlan | RejectedEdit {
  const trip = ctx.data.dayTrip;
  if (!trip)
    return reject('UNKNOWN_CITY', { zh: `不认识「${op.city}」`, en: `"${op.city}" is not known` }, []);
  const lang = ctx.request.language;
  const tripName = nameIn(lang, {
    name: trip.city.info.name,
    nameZh: trip.city.info.nameZh,
    nameEn: trip.city.info.nameEn,
  });
  const last = plan.itinerary.length - 1;
  // A full day in town: not the day of arrival or departure, no journey in it, a hotel that night.
  const inTown = (d: ItineraryDay, i: number) =>
    i > 0 && i < last && d.accommodationId != null && !d.activities.some((a) => a.type === 'transportation');
  const candidates = plan.itinerary
    .map((d, i) => ({ d, i }))
    .filter(({ d, i }) => (op.day == null ? inTown(d, i) : d.dayNumber === op.day));
  if (op.day != null && candidates.length === 0)
    return reject(
      'NO_SUCH_DAY',
      { zh: `行程只有${plan.itinerary.length}天`, en: `The plan has ${plan.itinerary.length} days` },
      [],
    );
  const free = candidates.filter(({ d, i }) => inTown(d, i));
  if (free.length === 0)
    return reject(
      'NO_FREE_DAY',
      {
        zh:
          op.day != null
            ? `第${op.day}天有行程上的路途（到达或离开），不适合再安排一日游`
            : '行程里没有完整的一天可以安排一日游（首尾两天都在路上）',
        en:
          op.day != null
            ? `Day ${op.day} already has a journey (arrival or departure), so it cannot take a day trip`
            : 'The plan has no full day in town for a day trip (the first and last days are travel days)',
      },
      [
        {
          text: { zh: '多玩一天，用来一日游', en: 'add a day to the trip for it' },
          op: { op: 'change_length', days: plan.itinerary.length + 1 },
        },
      ],
    );
  free.sort((a, b) => sightsOf(a.d).length - sightsOf(b.d).length);
  const { d: day, i: dayIndex } = free[0]!;
  const baseKey = cityKeyOf(plan, ctx.data, day);
  const base = baseKey ? ctx.data.cities.get(baseKey) : undefined;
  const options = (baseKey ? trip.options.get(baseKey) : undefined) ?? [];
  const ground = [...options].sort((a, b) => a.durationMinutes - b.durationMinutes)[0];
  if (!base || !ground || ground.durationMinutes > DAY_TRIP_MAX_MINUTES) {
    const hours = ground ? Math.round((ground.durationMinutes / 60) * 10) / 10 : null;
    return reject(
      'TOO_FAR',
      {
        zh: hours ? `${tripName}单程要${hours}小时，当天来回太远` : `从这里没有去${tripName}的地面交通`,
        en: hours
          ? `${tripName} is ${hours} hours away each way, too far to go and come back in a day`
          : `There is no ground transport from here to ${tripName}`,
      },
      [
        {
          text: { zh: `把${tripName}作为一站，住一晚`, en: `make ${tripName} a stop with a night there` },
        },
      ],
    );
  }
  const people = partySize(ctx.request);
  const units = ground.unit === 'person' ? people : Math.max(1, Math.ceil(people / (ground.capacity ?? 4)));
  const fare = convert(ctx, ground.cost * units, ground.currency, plan.currency);
  const offset = offsetOf(day.activities.find((a) => a.startTime)?.startTime);
  const at = (min: number) => isoAt(day.date, min, offset);
  const baseName = nameIn(lang, { name: base.info.name, nameZh: base.info.nameZh, nameEn: base.info.nameEn });
  const journey = (
    from: string,
    to: string,
    start: number,
    coords: Coordinates | undefined,
    city: string,
  ): ItineraryActivity => ({
    id: newId('activity'),
    name:
      lang === 'zh'
        ? `乘${ground.mode === 'train' ? '火车' : ground.mode === 'bus' ? '大巴' : '车'}前往${to}`
        : `${ground.mode === 'train' ? 'Train' : ground.mode === 'bus' ? 'Bus' : 'Drive'} to ${to}`,
    type: 'transportation',
    startTime: at(start),
    endTime: at(start + ground.durationMinutes),
    duration: ground.durationMinutes,
    location: to,
    address: null,
    coordinates: coords ?? null,
    estimatedCost: 0,
    bookingRequired: ground.mode === 'train',
    tips: [],
    photos: [],
    placeId: null,
    city,
    cuisines: [],
    travelLeg: {
      mode: ground.mode === 'taxi' ? 'taxi' : ground.mode,
      from,
      to,
      durationMinutes: ground.durationMinutes,
      distanceKm: round2(ground.distanceKm),
      cost: fare,
      units,
      provenance: ground.provenance,
    },
    provenance: ground.provenance,
  });
  const acts = sorted(day);
  const breakfast = acts.filter((a) => a.mealType === 'breakfast');
  const dinner = acts.find((a) => a.mealType === 'dinner');
  // To the station with time to spare (the verifier's departure buffer), and back the same way.
  const BUFFER = 40;
  let cursor = Math.max(DAY_START, ...breakfast.map((a) => minutesOf(a.endTime) + BUFFER));
  const out: ItineraryActivity[] = [...breakfast];
  out.push(journey(baseName, tripName, cursor, trip.city.info.coordinates, trip.name));
  cursor += ground.durationMinutes;
  // Back in time for dinner (or by 20:30 without one).
  // Dinner at about the usual time (and while the restaurant is open), with 30 minutes to get there.
  let dinnerBy = MEAL_WINDOWS.dinner.preferredBy + 30;
  if (dinner) {
    const hours = hoursOf(ctx, base, dinner);
    while (
      dinnerBy > MEAL_WINDOWS.dinner.from &&
      !isOpenFor(hours, day.date, dinnerBy, dinnerBy + dinner.duration)
    )
      dinnerBy -= 15;
  }
  const backBy = (dinner ? dinnerBy - 30 : 20 * 60) - ground.durationMinutes - BUFFER;
  const sights = [...trip.city.attractions]
    .filter((a) => (a.visitMinutes ?? DEFAULT_VISIT) <= 240)
    .sort((a, b) => (b.popularity ?? 0) - (a.popularity ?? 0));
  const restaurants = [...trip.city.restaurants].sort((a, b) => (b.rating ?? 0) - (a.rating ?? 0));
  let prev: Coordinates | undefined = trip.city.info.coordinates;
  let lunch = false;
  let count = 0;
  // From the station, not on foot (the first stop after a journey is reached by transit or taxi).
  const legFrom = (to: Coordinates | null | undefined, name: string, city = trip.city.info) => {
    const legs = ctx.legs(city, prev, to ?? undefined);
    const leg =
      out[out.length - 1]?.type === 'transportation'
        ? (legs.find((l) => l.mode !== 'walk') ?? legs[0])
        : legs[0];
    return travelLegOf(leg, name, people, ctx, plan.currency);
  };
  for (const a of sights) {
    if (count >= 3) break;
    if (!lunch && cursor >= MEAL_WINDOWS.lunch.from - 30 && restaurants[0]) {
      const r = restaurants[0];
      const leg = legFrom(r.coordinates, nameIn(lang, r));
      const start = Math.max(cursor + (leg?.durationMinutes ?? 0), MEAL_WINDOWS.lunch.from);
      const slot: ItineraryActivity = {
        ...out[out.length - 1]!,
        type: 'dining',
        duration: 60,
        bookingRequired: false,
        address: null,
      };
      const meal = restaurantActivity(
        r,
        'lunch',
        { ...slot, type: 'dining', duration: 60 },
        ctx,
        plan.currency,
      );
      if (start + 60 <= backBy && isOpenFor(r.hours ?? null, day.date, start, start + 60)) {
        out.push({
          ...meal,
          city: trip.name,
          location: tripName,
          travelLeg: leg,
          startTime: at(start),
          endTime: at(start + 60),
        });
        cursor = start + 60;
        prev = r.coordinates ?? prev;
        lunch = true;
      }
    }
    const act = attractionActivity(a, trip.name, ctx, plan.currency);
    const leg = legFrom(a.coordinates, act.name);
    let start = cursor + (leg?.durationMinutes ?? 0);
    while (!isOpenFor(a.hours ?? null, day.date, start, start + act.duration) && start < backBy) start += 15;
    if (start + act.duration > backBy || !isOpenFor(a.hours ?? null, day.date, start, start + act.duration))
      continue;
    out.push({
      ...act,
      location: tripName,
      travelLeg: leg,
      startTime: at(start),
      endTime: at(start + act.duration),
    });
    cursor = start + act.duration;
    prev = a.coordinates ?? prev;
    count++;
  }
  if (count === 0)
    return reject(
      'NO_PLACES',
      { zh: `${tripName}没有能在一天里去的景点数据`, en: `No sights in ${tripName} fit into a day` },
      [],
    );
  cursor += BUFFER;
  out.push(journey(tripName, baseName, cursor, base.info.coordinates, baseKey!));
  cursor += ground.durationMinutes;
  if (dinner) {
    // Dinner back in town, where it was booked, after the journey back.
    prev = base.info.coordinates;
    const leg = legFrom(dinner.coordinates, dinner.name, base.info);
    const start = Math.max(cursor + (leg?.durationMinutes ?? 0), MEAL_WINDOWS.dinner.from);
    const hours = hoursOf(ctx, base, dinner);
    if (!isOpenFor(hours, day.date, start, start + dinner.duration) || start > MEAL_WINDOWS.dinner.to + 30)
      return dayFull(day.dayNumber, op.city, plan, lang);
    out.push({ ...dinner, travelLeg: leg, startTime: at(start), endTime: at(start + dinner.duration) });
  }
  return withDay(plan, dayIndex, out);
}

function changeMeal(
  plan: TravelPlan,
  op: Extract<EditOp, { op: 'change_meal' }>,
  ctx: EditContext,
): TravelPlan | RejectedEdit {
  const squash = (x: string) => x.toLowerCase().replace(/[\s_-]+/g, '');
  const want = squash(op.cuisine);
  const used = new Set(plan.itinerary.flatMap((d) => d.activities.map((a) => a.placeId)));
  const slots = plan.itinerary.flatMap((d, dayIndex) =>
    d.activities
      .filter((a) => a.type === 'dining' && a.mealType && (op.day == null || d.dayNumber === op.day))
      .filter((a) => op.meal == null || a.mealType === op.meal)
      .map((a) => ({ dayIndex, a })),
  );
  // Prefer dinners, then lunches: the meals people pick cuisines for.
  const rank = { dinner: 0, lunch: 1, breakfast: 2 } as const;
  slots.sort((x, y) => rank[x.a.mealType!] - rank[y.a.mealType!] || x.dayIndex - y.dayIndex);
  let cityHas = false;
  for (const { dayIndex, a } of slots) {
    if (a.cuisines.some((c) => squash(c).includes(want))) continue;
    const day = plan.itinerary[dayIndex]!;
    const city = ctx.data.cities.get(cityKeyOf(plan, ctx.data, day) ?? '');
    const options = (city?.restaurants ?? []).filter(
      (r) =>
        (r.cuisines.some((c) => squash(c).includes(want) || want.includes(squash(c))) ||
          r.name.toLowerCase().includes(want) ||
          (r.nameZh ?? '').includes(op.cuisine)) &&
        !used.has(r.id),
    );
    if (options.length > 0) cityHas = true;
    for (const r of options.filter((x) => !x.meals || x.meals.includes(a.mealType!))) {
      const acts = sorted(day);
      const idx = acts.findIndex((x) => x.id === a.id);
      const list = acts.map((x) =>
        x.id === a.id ? restaurantActivity(r, a.mealType!, a, ctx, plan.currency) : x,
      );
      const res = retime(day, list, idx, city, ctx, plan.currency, true, startsById(day));
      if (res.ok) return withDay(plan, dayIndex, res.activities);
    }
  }
  const cuisines = new Map<string, number>();
  for (const c of new Set(ctx.data.cities.values()))
    for (const r of c.restaurants) for (const k of r.cuisines) cuisines.set(k, (cuisines.get(k) ?? 0) + 1);
  const top = [...cuisines.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return reject(
    cityHas ? 'MEAL_DOES_NOT_FIT' : 'NO_RESTAURANT',
    cityHas
      ? {
          zh: `「${op.cuisine}」的餐厅在这个时段不营业或排不进去`,
          en: `No ${op.cuisine} restaurant is open at that meal or fits the day`,
        }
      : {
          zh: `目的地的餐厅数据里没有「${op.cuisine}」`,
          en: `The destination's restaurants include no ${op.cuisine}`,
        },
    top.map(([k]) => ({
      text: { zh: `改吃${k}`, en: `have ${k} instead` },
      op: { op: 'change_meal', cuisine: k, day: op.day ?? null, meal: op.meal ?? null },
    })),
  );
}

/** The request after a request-level op. */
function requestAfter(plan: TravelPlan, op: EditOp, request: TripRequest): TripRequest | RejectedEdit {
  const r: TripRequest = structuredClone(request);
  const days = plan.itinerary.length || request.days || 1;
  const addDaysIso = (d: string, n: number) =>
    new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  switch (op.op) {
    case 'change_intercity_mode':
      r.transport = {
        prefer: [op.mode],
        avoid: [
          ...r.transport.avoid.filter((m) => m !== op.mode),
          ...(op.mode !== 'flight' && !r.transport.avoid.includes('flight') ? (['flight'] as const) : []),
        ],
      };
      break;
    case 'change_dates': {
      const start = op.startDate ?? addDaysIso(plan.startDate, op.shiftDays ?? 1);
      r.startDate = start;
      r.days = days;
      r.endDate = addDaysIso(start, days - 1);
      break;
    }
    case 'change_length':
      r.days = op.days;
      r.startDate = plan.startDate;
      r.endDate = addDaysIso(plan.startDate, op.days - 1);
      break;
    case 'change_budget':
      r.budget = { amount: op.amount, currency: op.currency ?? plan.currency, perPerson: op.perPerson };
      break;
    case 'change_party':
      r.travelers = { adults: op.adults, children: op.children, childAges: [] };
      break;
    default:
      break;
  }
  if (!r.startDate) r.startDate = plan.startDate;
  const parsed = TripRequest.safeParse(r);
  if (!parsed.success)
    return reject('INVALID_REQUEST', { zh: '修改后的需求无效', en: 'The changed request is not valid' }, []);
  return parsed.data;
}

// ---------------------------------------------------------------- summaries

/** `上海大厦（4星，每晚2,400 CNY）`, `"Hotel X" (4-star, 2,400 CNY a night)`. */
function stayLabel(s: AccommodationBooking, c: string): Text {
  const night = money(s.pricePerNight * Math.max(1, s.rooms ?? 1), c);
  const rooms = (s.rooms ?? 1) > 1 ? s.rooms! : 0;
  const dorm = s.roomType === 'shared_room';
  return {
    zh: `「${s.name}」（${s.starRating ? `${s.starRating}星，` : ''}${dorm ? '多人间床位，' : ''}每晚${night}${rooms ? `，${dorm ? `${rooms}个床位` : `${rooms}间`}` : ''}）`,
    en: `"${s.name}" (${s.starRating ? `${s.starRating}-star, ` : ''}${dorm ? 'dorm beds, ' : ''}${night} a night${rooms ? ` for ${rooms} ${dorm ? 'beds' : 'rooms'}` : ''})`,
  };
}

function changeSummary(op: EditOp, diff: PlanDiff, plan: TravelPlan, previous?: TravelPlan): Text {
  const c = plan.currency;
  const delta = diff.budget.delta;
  const cost =
    Math.abs(delta) < 1
      ? { zh: '总花费不变', en: 'the total is unchanged' }
      : delta < 0
        ? {
            zh: `总花费减少${money(-delta, c)}，现为${money(diff.budget.after, c)}`,
            en: `the total drops by ${money(-delta, c)} to ${money(diff.budget.after, c)}`,
          }
        : {
            zh: `总花费增加${money(delta, c)}，现为${money(diff.budget.after, c)}`,
            en: `the total rises by ${money(delta, c)} to ${money(diff.budget.after, c)}`,
          };
  const added = diff.added.filter((i) => i.kind === 'activity');
  const removed = diff.removed.filter((i) => i.kind === 'activity');
  const moved = diff.changed.filter((i) => i.fromDay !== undefined);
  const stays = diff.changed.filter((i) => i.kind === 'accommodation' && i.fields.includes('name'));
  switch (op.op) {
    case 'replace_hotel': {
      const names = stays.map((s) => s.name);
      // What changed, stay by stay: the new stay and the one it replaces, at their price a night.
      const pairs = plan.accommodations.flatMap((now) => {
        const was = previous?.accommodations.find((b) => b.id === now.id);
        return was && was.name !== now.name ? [{ was, now }] : [];
      });
      if (pairs.length > 0) {
        const zh = pairs.map(({ was, now }) => `${stayLabel(now, c).zh}，原为${stayLabel(was, c).zh}`);
        const en = pairs.map(({ was, now }) => `${stayLabel(now, c).en}, instead of ${stayLabel(was, c).en}`);
        return {
          zh: `住宿换成了${zh.join('；')}，${cost.zh}；其余行程不变。`,
          en: `The stay is now ${en.join('; ')}; ${cost.en}. Nothing else changed.`,
        };
      }
      return {
        zh: `住宿换成了${names.map((n) => `「${n}」`).join('、')}，${cost.zh}；其余行程不变。`,
        en: `The stay is now ${names.map((n) => `"${n}"`).join(', ')}; ${cost.en}. Nothing else changed.`,
      };
    }
    case 'add_place':
    case 'adjust_day':
      if (added.length > 0)
        return {
          zh: `第${added[0]!.day}天加上了「${added[0]!.name}」，当天之后的时间顺延，${cost.zh}。`,
          en: `Added "${added[0]!.name}" on day ${added[0]!.day}; the rest of that day moves along, and ${cost.en}.`,
        };
      if (removed.length > 0)
        return {
          zh: `第${removed[0]!.day}天去掉了「${removed[0]!.name}」，这一天轻松多了，${cost.zh}。`,
          en: `Day ${removed[0]!.day} is lighter: "${removed[0]!.name}" is out, and ${cost.en}.`,
        };
      break;
    case 'remove_place':
      if (removed.length > 0)
        return {
          zh: `已从第${removed[0]!.day}天去掉「${removed[0]!.name}」，${cost.zh}。`,
          en: `Removed "${removed[0]!.name}" from day ${removed[0]!.day}; ${cost.en}.`,
        };
      break;
    case 'move_place':
      if (moved.length > 0)
        return {
          zh: `「${moved[0]!.name}」从第${moved[0]!.fromDay}天挪到了第${moved[0]!.day}天，${cost.zh}。`,
          en: `Moved "${moved[0]!.name}" from day ${moved[0]!.fromDay} to day ${moved[0]!.day}; ${cost.en}.`,
        };
      break;
    case 'add_day_trip': {
      const trip = added.find((a) => a.day !== undefined);
      if (trip)
        return {
          zh: `第${trip.day}天改成${op.city}一日游，早上出发、晚上回到原来的酒店（不加住宿），${cost.zh}。`,
          en: `Day ${trip.day} is now a day trip to ${op.city}: out in the morning and back to the same hotel at night (no extra stay); ${cost.en}.`,
        };
      break;
    }
    case 'change_intercity_mode': {
      const name = {
        flight: ['飞机', 'air'],
        train: ['火车', 'train'],
        bus: ['大巴', 'bus'],
        self_driving: ['自驾', 'car (self-drive)'],
        taxi: ['打车', 'taxi'],
      }[op.mode];
      return {
        zh: `城市间交通改为${name[0]}，${cost.zh}；其余按新交通重新排好。`,
        en: `Travel between cities is now by ${name[1]}; ${cost.en}. The days were re-planned around it.`,
      };
    }
    case 'change_meal':
      if (added.length > 0)
        return {
          zh: `第${added[0]!.day}天的一餐换成了「${added[0]!.name}」（${op.cuisine}），${cost.zh}。`,
          en: `A meal on day ${added[0]!.day} is now at "${added[0]!.name}" (${op.cuisine}); ${cost.en}.`,
        };
      break;
    default:
      break;
  }
  const n = diff.added.length + diff.removed.length + diff.changed.length;
  return {
    zh: `行程已按新要求重新安排（${diff.daysChanged.length}天有变化，共${n}处），${cost.zh}。`,
    en: `The plan was rearranged for the new request (${diff.daysChanged.length} days changed, ${n} items); ${cost.en}.`,
  };
}

function budgetRelaxations(plan: TravelPlan, over: number, ctx: EditContext): Relaxation[] {
  const out: Relaxation[] = [];
  const c = plan.currency;
  const people = partySize(ctx.request);
  for (const stay of plan.accommodations) {
    const city = stay.city ? ctx.data.cities.get(stay.city) : undefined;
    const cheapest = (city?.hotels ?? [])
      .filter((h) => h.minimumNights <= stay.nights)
      .map((h) => ({
        h,
        total:
          convert(ctx, h.pricePerNight, h.currency, c) *
          Math.max(1, Math.ceil(people / h.maxOccupancy)) *
          stay.nights,
      }))
      .sort((a, b) => a.total - b.total)[0];
    if (cheapest && cheapest.total < stay.totalPrice) {
      const saves = round2(stay.totalPrice - cheapest.total);
      out.push({
        text: {
          zh: `换成更便宜的住宿（如${cheapest.h.stars ? `${cheapest.h.stars}星的` : ''}「${cheapest.h.name}」）可省${money(saves, c)}`,
          en: `a cheaper stay (e.g. ${cheapest.h.stars ? `${cheapest.h.stars}-star ` : ''}"${cheapest.h.name}") saves ${money(saves, c)}`,
        },
        op: { op: 'replace_hotel', criterion: 'cheaper', city: stay.city ?? null },
        saves,
      });
      break;
    }
  }
  if (plan.itinerary.length > 2) {
    const perNight = plan.accommodations[0]
      ? plan.accommodations[0].totalPrice / plan.accommodations[0].nights
      : 0;
    const midDays = plan.itinerary.slice(1, -1);
    const perDay = midDays.length ? midDays.reduce((s, d) => s + d.totalCost, 0) / midDays.length : 0;
    const saves = round2(perNight + perDay);
    out.push({
      text: { zh: `少玩一天约省${money(saves, c)}`, en: `one day shorter saves about ${money(saves, c)}` },
      op: { op: 'change_length', days: plan.itinerary.length - 1 },
      saves,
    });
  }
  const raised = Math.ceil((plan.totalBudget + over) / 100) * 100;
  out.push({
    text: { zh: `把预算提高到${money(raised, c)}`, en: `raise the budget to ${money(raised, c)}` },
    op: { op: 'change_budget', amount: raised, currency: c, perPerson: false },
  });
  return out.sort((a, b) => (a.saves === undefined ? 1 : b.saves === undefined ? -1 : 0)).slice(0, 3);
}

// ---------------------------------------------------------------- entry points

/** Recomputes the budget breakdown and the verifier's warnings of an edited plan. */
function finalize(
  plan: TravelPlan,
  before: Violation[],
  after: Violation[],
  ctx: EditContext,
  now: string,
): TravelPlan {
  const verificationCodes = new Set(before.map((v) => v.code));
  const warnings = plan.warnings.filter((w) => !verificationCodes.has(w.code));
  for (const v of after) {
    if (warnings.some((w) => w.code === v.code && w.dayNumber === (v.dayNumber ?? null))) continue;
    warnings.push({
      code: v.code,
      message: v.message,
      messageZh: v.messageZh,
      dayNumber: v.dayNumber ?? null,
    });
  }
  return TravelPlanSchema.parse({
    ...plan,
    budgetBreakdown: budgetBreakdown(
      costPlan(plan),
      budgetOf(ctx.request, plan, ctx.rates) ?? plan.totalBudget,
    ),
    warnings,
    version: plan.version + 1,
    updatedAt: now,
  });
}

/**
 * Applies one edit (see the module comment). Pure: the same plan, op and context give the same
 * result (new items get fresh ids). The returned plan carries `version + 1`; storing it with the
 * repository's optimistic check (`expectedVersion = plan.version`) is the caller's.
 */
export function applyEdit(plan: TravelPlan, op: EditOp, ctx: EditContext): EditResult {
  if (REQUEST_LEVEL_OPS.has(op.op)) {
    const r = requestAfter(plan, op, ctx.request);
    if ('constraint' in r) return r;
    return {
      status: 'replan',
      request: r,
      summary: { zh: '按新要求重新规划', en: 'planning again for the new request' },
    };
  }
  let next: TravelPlan | RejectedEdit;
  switch (op.op) {
    case 'replace_hotel':
      next = replaceHotel(plan, op, ctx);
      break;
    case 'add_place':
      next = addPlace(plan, op.place, op.day, ctx);
      break;
    case 'remove_place':
      next = removePlace(plan, op.place, ctx);
      break;
    case 'move_place':
      next = movePlace(plan, op.place, op.toDay, ctx);
      break;
    case 'adjust_day':
      next = adjustDay(plan, op, ctx);
      break;
    case 'change_meal':
      next = changeMeal(plan, op, ctx);
      break;
    case 'add_day_trip':
      next = addDayTrip(plan, op, ctx);
      break;
    default:
      return reject(
        'UNSUPPORTED',
        { zh: '暂不支持这种修改', en: 'This kind of change is not supported' },
        [],
      );
  }
  if ('constraint' in next) return next;
  return verifyAndFinish(plan, next, op, ctx);
}

function verifyAndFinish(plan: TravelPlan, edited: TravelPlan, op: EditOp, ctx: EditContext): EditResult {
  const before = verifyEdited(plan, ctx);
  const after = verifyEdited(edited, ctx);
  const had = new Set(before.filter((v) => v.severity === 'hard').map(vkey));
  const broken = after.filter((v) => v.severity === 'hard' && !had.has(vkey(v)));
  if (broken.length > 0) {
    const b = broken.find((v) => v.code === 'BUDGET') ?? broken[0]!;
    if (b.code === 'BUDGET') {
      const total = costPlan(edited).total;
      const budget = budgetOf(ctx.request, edited, ctx.rates) ?? edited.totalBudget;
      const over = round2(total - budget);
      return reject(
        'BUDGET',
        {
          zh: `这样会超出预算${money(over, edited.currency)}（总花费${money(total, edited.currency)}，预算${money(budget, edited.currency)}）`,
          en: `That would be over budget by ${money(over, edited.currency)} (${money(total, edited.currency)} against ${money(budget, edited.currency)})`,
        },
        budgetRelaxations(edited, over, ctx),
      );
    }
    return reject(b.code, { zh: b.messageZh, en: b.message }, []);
  }
  const finished = finalize(edited, before, after, ctx, ctx.now().toISOString());
  const diff = diffPlans(plan, finished);
  return {
    status: 'applied',
    plan: finished,
    diff,
    summary: changeSummary(op, diff, finished, plan),
    violations: after,
    request: ctx.request,
  };
}

/** A TripRequest that reproduces a plan (when the conversation's own request is not at hand). */
export function requestFromPlan(plan: TravelPlan, lang: Lang = 'zh'): TripRequest {
  return TripRequest.parse({
    origin: { name: plan.origin ?? originOf(plan) ?? plan.destinations[0]?.city ?? '北京' },
    destinations: [...plan.destinations]
      .sort((a, b) => a.visitOrder - b.visitOrder)
      .map((d) => ({ name: d.city })),
    startDate: plan.startDate,
    endDate: plan.endDate,
    days: plan.itinerary.length || null,
    travelers: { adults: Math.max(1, plan.travelerCount), children: 0, childAges: [] },
    budget:
      plan.totalBudget > 0 ? { amount: plan.totalBudget, currency: plan.currency, perPerson: false } : null,
    language: lang,
  });
}

/** Queries the providers for what an edit of this plan may use (its cities' places, stays, flights). */
export async function gatherEditData(
  plan: TravelPlan,
  request: TripRequest,
  providers: Providers,
): Promise<EditData> {
  const cities = new Map<string, CityData>();
  const names = new Set<string>();
  for (const d of plan.destinations) names.add(d.city);
  for (const s of plan.accommodations) if (s.city) names.add(s.city);
  const resolved = await Promise.all(
    [...names].map(async (name) => ({ name, info: await providers.geo.resolveCity(name) })),
  );
  const people = partySize(request);
  // One entry per city, reachable under every name the plan uses for it.
  const byId = new Map<string, { info: CityInfo; names: string[] }>();
  for (const { name, info } of resolved) {
    if (!info) continue;
    const e = byId.get(info.id) ?? { info, names: [] };
    e.names.push(name);
    byId.set(info.id, e);
  }
  await Promise.all(
    [...byId.values()].map(async ({ info, names: aliases }) => {
      const stay = plan.accommodations.find((s) => s.city !== undefined && aliases.includes(s.city ?? ''));
      const [attractions, restaurants, hotels] = await Promise.all([
        providers.attractions.attractions(info),
        providers.restaurants.restaurants(info),
        stay
          ? providers.hotels.search({
              city: info,
              checkIn: stay.checkInDate,
              checkOut: stay.checkOutDate,
              guests: people,
            })
          : Promise.resolve([] as HotelOffer[]),
      ]);
      const entry = { info, attractions, restaurants, hotels };
      for (const n of aliases) cities.set(n, entry);
    }),
  );
  const flights: FlightOffer[] = [];
  await Promise.all(
    plan.flights.map(async (f) => {
      const [from, to] = await Promise.all([
        f.departureCity ? providers.geo.resolveCity(f.departureCity) : null,
        f.arrivalCity ? providers.geo.resolveCity(f.arrivalCity) : null,
      ]);
      if (!from || !to) return;
      const offers = await providers.flights.search({
        from,
        to,
        date: f.departureTime.slice(0, 10),
        passengers: people,
        cabinClass: request.flight.cabinClass,
      });
      flights.push(...offers);
    }),
  );
  return { cities, flights };
}

/** The other city of a day trip: its places and the ground options from each of the plan's cities. */
async function gatherDayTrip(
  plan: TravelPlan,
  name: string,
  data: EditData,
  providers: Providers,
): Promise<NonNullable<EditData['dayTrip']> | RejectedEdit> {
  const info = await providers.geo.resolveCity(name);
  if (!info)
    return reject(
      'UNKNOWN_CITY',
      { zh: `不认识「${name}」这个地方`, en: `"${name}" is not a place I know` },
      [],
    );
  for (const c of data.cities.values())
    if (c.info.id === info.id)
      return reject(
        'ALREADY_PLANNED',
        { zh: `${name}已经在行程里了`, en: `${name} is already in the plan` },
        [],
      );
  const [attractions, restaurants] = await Promise.all([
    providers.attractions.attractions(info),
    providers.restaurants.restaurants(info),
  ]);
  const options = new Map<string, GroundOption[]>();
  const seen = new Set<string>();
  for (const [key, c] of data.cities) {
    if (seen.has(c.info.id)) {
      options.set(key, options.get([...data.cities].find(([, x]) => x === c)![0]) ?? []);
      continue;
    }
    seen.add(c.info.id);
    options.set(key, await providers.intercity.options(c.info, info, plan.startDate));
  }
  return { name, city: { info, attractions, restaurants, hotels: [] }, options };
}

export interface EditPlanDeps {
  providers: Providers;
  request: TripRequest;
  now: () => Date;
  /** The planner's public entry point (planTrip), for request-level edits. */
  plan: (request: TripRequest) => Promise<PlanOutcome>;
  /** Data gathered before (e.g. by the same conversation turn); gathered here when absent. */
  data?: EditData;
}

/**
 * An edit end to end: gathers the data, applies the op (running the planner for request-level
 * ops, keeping the plan's id, owner and version line), verifies and diffs. Used by the chat, the
 * MCP `edit_plan` tool and `PUT /v1/travel-plans/{id}/optimize`.
 */
export async function editPlan(plan: TravelPlan, op: EditOp, deps: EditPlanDeps): Promise<EditResult> {
  let data = deps.data ?? (await gatherEditData(plan, deps.request, deps.providers));
  if (op.op === 'add_day_trip' && data.dayTrip?.name !== op.city) {
    const trip = await gatherDayTrip(plan, op.city, data, deps.providers);
    if ('constraint' in trip) return trip;
    data = { ...data, dayTrip: trip };
  }
  const ctx: EditContext = {
    request: deps.request,
    data,
    legs: (c, a, b) => deps.providers.local.legs(c, a, b),
    rates: deps.providers.rates,
    now: deps.now,
  };
  const result = applyEdit(plan, op, ctx);
  if (result.status !== 'replan') return result;
  const outcome = await deps.plan(result.request);
  if (!outcome.plan) {
    const f = outcome.failure!;
    const relax: Relaxation[] =
      op.op === 'change_intercity_mode'
        ? [{ text: { zh: '保留原来的交通方式', en: 'keep the current way of travelling' } }]
        : [];
    return reject(f.code, { zh: f.messageZh, en: f.message }, relax);
  }
  const next = TravelPlanSchema.parse({
    ...outcome.plan,
    id: plan.id,
    userId: plan.userId,
    status: plan.status,
    createdAt: plan.createdAt,
    version: plan.version + 1,
    updatedAt: deps.now().toISOString(),
    title: outcome.plan.title,
  });
  const diff = diffPlans(plan, next);
  return {
    status: 'applied',
    plan: next,
    diff,
    summary: changeSummary(op, diff, next, plan),
    violations: outcome.violations,
    request: result.request,
  };
}
