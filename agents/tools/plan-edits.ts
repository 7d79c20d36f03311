/**
 * Edits `edit_plan` applies to a stored plan. A {@link PlanEditor} is a schema for one edit plus
 * the function applying it, so a richer editor (the chat agent's typed `EditOp` union, re-planning
 * only what an edit touches) plugs in through {@link TravelToolPorts.editor} without changing the
 * tool. The default editor knows three edits:
 *
 * - `replace_hotel`: another stay from the hotel provider for the same nights (a named one, or the
 *   cheapest cheaper / the best rated better / the one closest to the city's planned places);
 * - `add_place`: an attraction of the day's city, in the first gap of the day it is open for;
 * - `remove_place`: an activity, by id or by name.
 *
 * Applying an edit changes only the items it names (and the day totals and budget breakdown that
 * sum them); the caller verifies the result and stores it as a new version.
 */
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../errors.js';
import { newId } from '../ids.js';
import { budgetBreakdown, costPlan } from '../planning/budget-agent.js';
import { localIso } from '../planning/calendar.js';
import { centroid, haversineKm } from '../planning/geo.js';
import { roomsNeeded } from '../planning/hotel-agent.js';
import { matchesAnyName } from '../planning/attraction-selection.js';
import { isOpenFor } from '../planning/opening-hours.js';
import type { Attraction, CityInfo, HotelOffer, Providers } from '../ports/providers.js';
import { EntityId } from '../schemas/common.js';
import type { AccommodationBooking, ItineraryActivity, TravelPlan } from '../schemas/travel-plan.js';

/** One change an edit made, item by item (a machine-readable diff). */
export const PlanChange = z.object({
  kind: z.enum(['added', 'removed', 'changed']),
  item: z.enum(['accommodation', 'activity']),
  /** Id of the item (the new id for an added or replacing item). */
  itemId: z.string(),
  name: z.string(),
  dayNumber: z.number().int().nullable(),
  /** For a changed item: what it was. */
  before: z.string().nullable(),
});
export type PlanChange = z.infer<typeof PlanChange>;

/** What applying an edit gives: the edited plan (not stored yet) and what changed. */
export interface PlanEditResult {
  plan: TravelPlan;
  changes: PlanChange[];
}

export interface PlanEditContext {
  providers: Providers;
  now: () => Date;
  lang: 'zh' | 'en';
}

/** Applies edits of one schema. `op` is the schema of `edit_plan`'s `op` argument. */
export interface PlanEditor<Op = unknown> {
  op: z.ZodType<Op>;
  apply(plan: TravelPlan, op: Op, ctx: PlanEditContext): Promise<PlanEditResult>;
}

const Name = z.string().trim().min(1).max(100);

export const ReplaceHotelOp = z.object({
  type: z.literal('replace_hotel'),
  /** City of the stay to replace; may be left out when the plan has one stay. */
  city: Name.optional(),
  /** A provider hotel id or name to switch to; without it `prefer` picks one. */
  hotel: Name.optional(),
  prefer: z.enum(['cheaper', 'better', 'closer']).default('cheaper'),
});
export const AddPlaceOp = z.object({
  type: z.literal('add_place'),
  /** 1-based day number. */
  day: z.number().int().min(1).max(60),
  /** Attraction name (Chinese or English). */
  place: Name,
});
export const RemovePlaceOp = z
  .object({
    type: z.literal('remove_place'),
    /** The activity id (`act_...`) ... */
    itemId: EntityId.optional(),
    /** ... or its name; with `day`, only that day is searched. */
    place: Name.optional(),
    day: z.number().int().min(1).max(60).optional(),
  })
  .refine((o) => o.itemId !== undefined || o.place !== undefined, {
    message: 'give item_id or place',
    path: ['place'],
  });

/** The edits of the default editor. */
export const BasicEditOp = z.discriminatedUnion('type', [ReplaceHotelOp, AddPlaceOp, RemovePlaceOp]);
export type BasicEditOp = z.infer<typeof BasicEditOp>;

const say = (lang: 'zh' | 'en', zh: string, en: string) => (lang === 'zh' ? zh : en);

function clonePlan(plan: TravelPlan): TravelPlan {
  return structuredClone(plan);
}

/** Recomputes what sums the items: each day's total and the budget breakdown (budget kept). */
function retotal(plan: TravelPlan, now: () => Date): TravelPlan {
  for (const day of plan.itinerary) {
    day.totalCost =
      Math.round(day.activities.reduce((s, a) => s + a.estimatedCost + (a.travelLeg?.cost ?? 0), 0) * 100) /
      100;
  }
  const cost = costPlan(plan);
  plan.budgetBreakdown = {
    ...plan.budgetBreakdown,
    ...budgetBreakdown(cost, plan.budgetBreakdown.totalBudget),
    shopping: plan.budgetBreakdown.shopping,
    insurance: plan.budgetBreakdown.insurance,
    emergency: plan.budgetBreakdown.emergency,
  };
  plan.updatedAt = now().toISOString();
  return plan;
}

async function cityOf(providers: Providers, name: string, field = 'op.city'): Promise<CityInfo> {
  const city = await providers.geo.resolveCity(name);
  if (!city) {
    throw new ValidationError('Unknown city', {
      details: [{ field, message: `unknown city "${name}" / 无法识别的城市` }],
    });
  }
  return city;
}

function convert(providers: Providers, amount: number, from: string, to: string): number {
  return Math.round(providers.rates.convert(amount, from, to) * 100) / 100;
}

async function replaceHotel(
  plan: TravelPlan,
  op: z.infer<typeof ReplaceHotelOp>,
  ctx: PlanEditContext,
): Promise<PlanEditResult> {
  const { lang, providers } = ctx;
  const stays = plan.accommodations;
  if (stays.length === 0) {
    throw new ValidationError('No stay to replace', {
      details: [{ field: 'op', message: 'the plan has no accommodation / 行程中没有住宿' }],
      text: { zh: '这个行程没有可以替换的住宿。', en: 'The plan has no stay to replace.' },
    });
  }
  let target: AccommodationBooking | undefined;
  if (op.city) {
    const wanted = await cityOf(providers, op.city);
    for (const a of stays) {
      const c = a.city ? await providers.geo.resolveCity(a.city) : null;
      if (c?.id === wanted.id) target = a;
    }
    if (!target) {
      throw new NotFoundError('No stay in that city', {
        details: [{ field: 'op.city', message: `no stay in ${op.city} / 该城市没有住宿` }],
        text: { zh: `行程中没有在${op.city}的住宿。`, en: `The plan has no stay in ${op.city}.` },
      });
    }
  } else if (stays.length === 1) {
    target = stays[0];
  } else {
    throw new ValidationError('Which stay?', {
      details: [{ field: 'op.city', message: 'the plan has several stays: name the city / 请指明城市' }],
    });
  }
  const current = target!;
  const city = await cityOf(providers, current.city ?? plan.destinations[0]?.city ?? current.address);
  const people = plan.travelerCount;
  const offers = await providers.hotels.search({
    city,
    checkIn: current.checkInDate,
    checkOut: current.checkOutDate,
    guests: people,
  });
  const price = (o: HotelOffer) => {
    const rooms = roomsNeeded(people, o.maxOccupancy);
    return convert(providers, o.pricePerNight * rooms * current.nights, o.currency, plan.currency);
  };
  const eligible = offers.filter(
    (o) =>
      o.name !== current.name &&
      o.minimumNights <= current.nights &&
      roomsNeeded(people, o.maxOccupancy) <= 10,
  );
  let chosen: HotelOffer | undefined;
  if (op.hotel) {
    const wanted = op.hotel.toLowerCase();
    chosen =
      eligible.find((o) => o.id === op.hotel) ??
      eligible.find((o) => o.name.toLowerCase() === wanted) ??
      eligible.find((o) => o.name.toLowerCase().includes(wanted));
  } else if (op.prefer === 'cheaper') {
    chosen = eligible
      .filter((o) => price(o) < current.totalPrice)
      .sort((a, b) => price(a) - price(b) || (b.rating ?? 0) - (a.rating ?? 0))[0];
  } else if (op.prefer === 'better') {
    const score = (o: { rating?: number | null | undefined; stars?: number | null | undefined }) =>
      (o.rating ?? 0) + (o.stars ?? 0) / 10;
    const mine = score({ rating: current.rating, stars: current.starRating });
    chosen = eligible
      .filter((o) => score(o) > mine)
      .sort((a, b) => score(b) - score(a) || price(a) - price(b))[0];
  } else {
    const places = plan.itinerary
      .flatMap((d) => d.activities)
      .filter((a) => a.type !== 'dining' && a.type !== 'transportation' && a.city === current.city)
      .map((a) => a.coordinates ?? undefined);
    const centre = centroid(places) ?? city.coordinates;
    const dist = (o: HotelOffer) =>
      centre && o.coordinates ? haversineKm(centre, o.coordinates) : Number.POSITIVE_INFINITY;
    const mine = centre && current.coordinates ? haversineKm(centre, current.coordinates) : Infinity;
    chosen = eligible.filter((o) => dist(o) < mine).sort((a, b) => dist(a) - dist(b))[0];
  }
  if (!chosen) {
    throw new NotFoundError('No other stay', {
      details: [{ field: 'op', message: 'no stay matches the edit / 没有符合要求的其他住宿' }],
      text: {
        zh: op.hotel ? `没有找到名为"${op.hotel}"的可用住宿。` : '没有找到更合适的其他住宿。',
        en: op.hotel ? `No available stay named "${op.hotel}".` : 'No other stay fits this edit better.',
      },
    });
  }
  const o = chosen;
  const rooms = roomsNeeded(people, o.maxOccupancy);
  const replacement: AccommodationBooking = {
    ...current,
    id: newId('accommodation'),
    name: o.name,
    type: o.type,
    brand: null,
    address: o.address ?? o.city,
    coordinates: o.coordinates ?? null,
    district: null,
    roomType: o.roomType,
    bedConfiguration: o.roomType === 'entire_room' ? 'entire place' : 'standard',
    maxOccupancy: o.maxOccupancy,
    roomSize: null,
    pricePerNight: convert(providers, o.pricePerNight, o.currency, plan.currency),
    totalPrice: price(o),
    starRating: o.stars ?? null,
    amenities: o.amenities,
    policies: Object.fromEntries(
      Object.entries(o.houseRules).map(([k, v]) => [k, v ? 'allowed' : 'not allowed']),
    ),
    bookingReference: null,
    bookingStatus: 'selected',
    bookingUrl: null,
    rating: o.rating ?? null,
    reviewsCount: null,
    rooms,
    minimumNights: o.minimumNights,
    provenance: o.provenance,
  };
  const next = clonePlan(plan);
  next.accommodations = next.accommodations.map((a) => (a.id === current.id ? replacement : a));
  for (const day of next.itinerary) {
    if (day.accommodationId === current.id) day.accommodationId = replacement.id;
  }
  return {
    plan: retotal(next, ctx.now),
    changes: [
      {
        kind: 'changed',
        item: 'accommodation',
        itemId: replacement.id,
        name: replacement.name,
        dayNumber: null,
        before: say(
          lang,
          `${current.name}（${current.totalPrice} ${plan.currency}）`,
          `${current.name} (${current.totalPrice} ${plan.currency})`,
        ),
      },
    ],
  };
}

/** Minutes after local midnight of an ISO date-time (its own local clock). */
function minutesOf(iso: string | null | undefined): number | null {
  const m = iso ? /T(\d{2}):(\d{2})/.exec(iso) : null;
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** The city a day is spent in: its stay's, else its places', else the last of `A → B`. */
function dayCityName(plan: TravelPlan, day: TravelPlan['itinerary'][number]): string {
  const stay = plan.accommodations.find((a) => a.id === day.accommodationId);
  if (stay?.city) return stay.city;
  const place = [...day.activities].reverse().find((a) => a.type !== 'transportation' && a.city);
  if (place?.city) return place.city;
  return day.destination.split(/→|->/).pop()!.trim();
}

const DAY_START = 9 * 60;
const DAY_END = 22 * 60;
const DEFAULT_VISIT = 90;

async function addPlace(
  plan: TravelPlan,
  op: z.infer<typeof AddPlaceOp>,
  ctx: PlanEditContext,
): Promise<PlanEditResult> {
  const { providers, lang } = ctx;
  const dayIndex = plan.itinerary.findIndex((d) => d.dayNumber === op.day);
  if (dayIndex < 0) {
    throw new ValidationError('No such day', {
      details: [{ field: 'op.day', message: `the plan has no day ${op.day} / 行程中没有第${op.day}天` }],
    });
  }
  const day = plan.itinerary[dayIndex]!;
  const city = await cityOf(providers, dayCityName(plan, day), 'op.day');
  const places = await providers.attractions.attractions(city);
  const place: Attraction | undefined =
    places.find((a) => matchesAnyName(a, [op.place]) && [a.name, a.nameZh, a.nameEn].includes(op.place)) ??
    places.find((a) => matchesAnyName(a, [op.place]));
  if (!place) {
    const known = places
      .slice(0, 5)
      .map((a) => (lang === 'zh' ? (a.nameZh ?? a.name) : (a.nameEn ?? a.name)))
      .join(lang === 'zh' ? '、' : ', ');
    throw new NotFoundError('Unknown place', {
      details: [{ field: 'op.place', message: `no place "${op.place}" in ${city.nameEn} / 未找到该地点` }],
      text: {
        zh: `在${city.nameZh ?? city.name}没有找到"${op.place}"。可选的有：${known}。`,
        en: `No place "${op.place}" was found in ${city.nameEn}. Known places include: ${known}.`,
      },
    });
  }
  const already = plan.itinerary.some((d) => d.activities.some((a) => a.placeId === place.id));
  if (already) {
    throw new ValidationError('Already planned', {
      details: [{ field: 'op.place', message: 'the place is already in the plan / 该地点已在行程中' }],
      text: { zh: `"${op.place}"已经在行程中了。`, en: `"${op.place}" is already in the plan.` },
    });
  }
  const duration = place.visitMinutes ?? DEFAULT_VISIT;
  const busy = day.activities
    .map((a) => [minutesOf(a.startTime), minutesOf(a.endTime)] as const)
    .filter((x): x is readonly [number, number] => x[0] !== null && x[1] !== null)
    .sort((a, b) => a[0] - b[0]);
  const starts = [DAY_START, ...busy.map((b) => b[1])].sort((a, b) => a - b);
  const fits = (s: number) =>
    s >= DAY_START &&
    s + duration <= DAY_END &&
    busy.every(([bs, be]) => s + duration <= bs || s >= be) &&
    isOpenFor(place.hours, day.date, s, s + duration);
  const start =
    starts.find(fits) ??
    starts.find((s) => s + duration <= DAY_END && busy.every(([bs, be]) => s + duration <= bs || s >= be));
  if (start === undefined) {
    throw new ValidationError('Day is full', {
      details: [{ field: 'op.day', message: `day ${op.day} has no free time left / 当天没有空余时间` }],
      text: {
        zh: `第${op.day}天已经排满，放不下"${op.place}"。`,
        en: `Day ${op.day} is full: there is no time left for "${op.place}".`,
      },
    });
  }
  const tz =
    plan.destinations.find((d) => d.name === day.destination || d.city === day.destination)?.timezone ??
    city.timezone;
  const activity: ItineraryActivity = {
    id: newId('activity'),
    name: lang === 'zh' ? (place.nameZh ?? place.name) : (place.nameEn ?? place.name),
    type: place.category === 'shopping' || place.category === 'market' ? 'shopping' : 'sightseeing',
    startTime: localIso(day.date, start, tz),
    endTime: localIso(day.date, start + duration, tz),
    duration,
    location: place.address ?? day.destination,
    address: place.address ?? null,
    coordinates: place.coordinates ?? null,
    estimatedCost: convert(
      providers,
      (place.ticketPrice ?? 0) * plan.travelerCount,
      place.currency,
      plan.currency,
    ),
    bookingRequired: false,
    tips: [],
    photos: [],
    popularityScore: place.popularity ?? null,
    rating: place.rating ?? null,
    placeId: place.id,
    city: dayCityName(plan, day),
    cuisines: [],
    isIndoor: place.indoor ?? null,
    travelLeg: null,
    provenance: place.provenance,
  };
  const next = clonePlan(plan);
  const nextDay = next.itinerary[dayIndex]!;
  nextDay.activities = [...nextDay.activities, activity].sort(
    (a, b) => (minutesOf(a.startTime) ?? 0) - (minutesOf(b.startTime) ?? 0),
  );
  nextDay.estimatedDuration += duration;
  return {
    plan: retotal(next, ctx.now),
    changes: [
      {
        kind: 'added',
        item: 'activity',
        itemId: activity.id,
        name: activity.name,
        dayNumber: op.day,
        before: null,
      },
    ],
  };
}

async function removePlace(
  plan: TravelPlan,
  op: z.infer<typeof RemovePlaceOp>,
  ctx: PlanEditContext,
): Promise<PlanEditResult> {
  const hits: { dayIndex: number; activity: ItineraryActivity }[] = [];
  plan.itinerary.forEach((d, dayIndex) => {
    if (op.day !== undefined && d.dayNumber !== op.day) return;
    for (const a of d.activities) {
      if (a.type === 'transportation') continue;
      if (op.itemId !== undefined ? a.id === op.itemId : matchesAnyName(a, [op.place!])) {
        hits.push({ dayIndex, activity: a });
      }
    }
  });
  if (hits.length === 0) {
    const what = op.itemId ?? op.place!;
    throw new NotFoundError('Not in the plan', {
      details: [
        {
          field: op.itemId ? 'op.item_id' : 'op.place',
          message: `"${what}" is not in the plan / 行程中没有该项`,
        },
      ],
      text: { zh: `行程中没有"${what}"。`, en: `"${what}" is not in the plan.` },
    });
  }
  const next = clonePlan(plan);
  const removed = new Set(hits.map((h) => h.activity.id));
  for (const { dayIndex } of hits) {
    const day = next.itinerary[dayIndex]!;
    const gone = day.activities.filter((a) => removed.has(a.id));
    day.activities = day.activities.filter((a) => !removed.has(a.id));
    day.estimatedDuration = Math.max(0, day.estimatedDuration - gone.reduce((s, a) => s + a.duration, 0));
  }
  return {
    plan: retotal(next, ctx.now),
    changes: hits.map((h) => ({
      kind: 'removed' as const,
      item: 'activity' as const,
      itemId: h.activity.id,
      name: h.activity.name,
      dayNumber: plan.itinerary[h.dayIndex]!.dayNumber,
      before: null,
    })),
  };
}

/** The default editor: replace a hotel, add or remove a place. */
export const defaultPlanEditor: PlanEditor<BasicEditOp> = {
  op: BasicEditOp,
  apply(plan, op, ctx) {
    switch (op.type) {
      case 'replace_hotel':
        return replaceHotel(plan, op, ctx);
      case 'add_place':
        return addPlace(plan, op, ctx);
      case 'remove_place':
        return removePlace(plan, op, ctx);
    }
  },
};
