/**
 * Assembly: one plan at one budget level from a resolved request and what was gathered.
 */
import type { Attraction, KnowledgeSnippet } from '../ports/providers.js';
import { themeOf } from './plan-text.js';
import type {
  Destination,
  FlightBooking,
  ItineraryActivity,
  ItineraryDay,
  PlanWarning,
  TravelPlan,
  WeatherInfo,
} from '../schemas/travel-plan.js';
import { newId } from '../ids.js';
import { alternativesOf } from './alternatives.js';
import { budgetBreakdown, costPlan, type BudgetLevel } from './budget-agent.js';
import { addDays } from './calendar.js';
import { daySlots, stayOfNightOn } from './day-slots.js';
import { centroid } from './geo.js';
import { type HotelCandidate, hotelTierOf, pickHotel } from './hotel-agent.js';
import { headlineWarning } from './attraction-selection.js';
import { planCity } from './itinerary-agent.js';
import type { SlotSchedule } from './itinerary-types.js';
import { accommodationsOf, toActivity } from './plan-items.js';
import { chooseTransport, type TransportChoice } from './transport-agent.js';
import { transportItems } from './transport-items.js';
import { type Gathered, type Leg, type Resolved, cityName, round2 } from './trip-context.js';
import type { PlannerDeps } from './types.js';
import { partySize } from '../schemas/trip-request.js';

/** An arrival before this local time on the next day still uses the night's bed. */
const NIGHT_USED_BEFORE = 6 * 60;

/** A plan built at one budget level. */
export interface BuiltPlan {
  plan: TravelPlan;
  schedules: SlotSchedule[];
  hotelChoices: Map<string, HotelCandidate | null>;
  transport: TransportChoice | null;
  level: BudgetLevel;
}

/**
 * Step 3, at one budget level: chooses transport and stays, lays out the day slots, fills them
 * (itinerary agent) and assembles the seed's TravelPlan.
 */
export function build(
  deps: PlannerDeps,
  r: Resolved,
  g: Gathered,
  level: BudgetLevel,
  nowIso: string,
  /**
   * Plans already built in this loop by what decides them (transport strategy, stays, meal and
   * sight strategy): a level that chooses the same is not laid out again.
   */
  memo?: Map<string, BuiltPlan>,
): BuiltPlan {
  const rates = deps.providers.rates;
  const conv = (amount: number, from: string) => round2(rates.convert(amount, from, r.currency));
  const warnings: PlanWarning[] = [...r.warnings];
  const lang = r.request.language;

  const transport = chooseTransport(g.legs, r, deps, level.transport);
  const hotelChoices = new Map<string, HotelCandidate | null>();
  const caps = level.hotel === 'fit' ? hotelCaps(r, g, transport, conv) : new Map<string, number>();
  for (const s of g.stays) {
    if (s.nights === 0) continue;
    hotelChoices.set(
      s.city.id,
      pickHotel(
        [
          ...(g.hotels.get(s.city.id)?.candidates ?? []),
          ...(level.dormsForParty ? (g.hotels.get(s.city.id)?.dorms ?? []) : []),
        ],
        level.hotel,
        (amount, currency) => rates.convert(amount, currency, r.currency),
        hotelTierOf(r.request),
        r.budget !== null,
        caps.get(s.city.id) ?? null,
        level.tierDrop === undefined ? 0 : level.tierDrop,
      ),
    );
  }

  const key = [
    level.transport,
    level.restaurants,
    level.preferFree,
    ...[...hotelChoices].map(([city, c]) => `${city}:${c?.offer.id ?? '-'}`),
  ].join('|');
  const seen = memo?.get(key);
  if (seen) return { ...seen, level };

  const slots = daySlots(r, g, transport, hotelChoices);

  // Itinerary per city (in trip order, so used-sets are filled in day order).
  const usedAttractions = new Set<string>();
  const usedRestaurants = new Set<string>();
  const dishesByDate = new Map<string, Set<string>>();
  const cuisinesToCover = new Set(r.request.cuisines.map((c) => c.toLowerCase()));
  const schedules: SlotSchedule[] = [];
  const cityOrder = g.stays.map((s) => s.city);
  for (const city of cityOrder) {
    const citySlots = slots.filter((s) => s.city.id === city.id);
    if (citySlots.length === 0) continue;
    const missedHeadlines: Attraction[] = [];
    schedules.push(
      ...planCity({
        city,
        slots: citySlots,
        attractions: g.attractions.get(city.id) ?? [],
        restaurants: g.restaurants.get(city.id) ?? [],
        request: r.request,
        local: deps.providers.local,
        usedAttractions,
        usedRestaurants,
        dishesByDate,
        cuisinesToCover,
        options: { restaurantStrategy: level.restaurants, preferFree: level.preferFree },
        missedHeadlines,
      }),
    );
    warnings.push(...missedHeadlines.map((a) => headlineWarning(a, city)));
  }

  // Nights spent on the way (a flight landing on a later day) are not booked at the first hotel.
  const nightsInTransit = new Map<string, number>();
  g.stays.forEach((s, k) => {
    const p = transport?.plans[k];
    if (p && g.legs[k]?.to.id === s.city.id) {
      // Landing after 06:00 on a later day: that night was spent on the way (before 06:00 the bed is used).
      const offset = Math.floor((p.timing.arrive - NIGHT_USED_BEFORE) / 1440);
      if (offset > 0) nightsInTransit.set(s.city.id, offset);
    }
  });

  // Assemble the seed's TravelPlan.
  const stayWarnings: PlanWarning[] = [];
  const { accommodations, idByCity: accommodationIdByCity } = accommodationsOf(
    r,
    g,
    hotelChoices,
    conv,
    stayWarnings,
    nightsInTransit,
  );
  // Transfers name the stay as the plan does.
  const stayNames = new Map(
    [...accommodationIdByCity].map(([city, id]) => [city, accommodations.find((a) => a.id === id)!.name]),
  );
  const { flights, byDay: transportActivities } = transport
    ? transportItems(r, g, transport, hotelChoices, stayNames, deps, conv)
    : { flights: [] as FlightBooking[], byDay: new Map<number, ItineraryActivity[]>() };
  if (!transport) {
    warnings.push({
      code: 'NO_ROUTE',
      message: 'No allowed way to travel between some of the cities was found.',
      messageZh: '部分城市之间没有找到符合要求的交通方式。',
    });
  }
  for (const u of transport?.unmet ?? []) warnings.push(unmetModeWarning(u.leg, u.modes));
  warnings.push(...stayWarnings);

  const stayOfNight = (day: number) => stayOfNightOn(g.stays, day);
  const itinerary: ItineraryDay[] = [];
  for (let day = 1; day <= r.days; day++) {
    const date = addDays(r.startDate, day - 1);
    const daySchedules = schedules.filter((s) => s.slot.dayNumber === day);
    const activities: ItineraryActivity[] = [];
    for (const sched of daySchedules) {
      for (const item of sched.items) activities.push(toActivity(item, sched.slot, r, deps, conv));
      // An outline has no local data: its days plan no meals, and say so once (OUTLINE_ONLY).
      for (const missed of r.outline ? [] : sched.missedMeals) {
        warnings.push({
          code: 'MEAL_MISSING',
          message: `Day ${day}: no ${missed.meal} planned in ${sched.slot.city.nameEn} (${missed.reason}).`,
          messageZh: `第${day}天：在${cityName(sched.slot.city, 'zh')}未能安排${{ breakfast: '早餐', lunch: '午餐', dinner: '晚餐' }[missed.meal]}。`,
          dayNumber: day,
        });
      }
    }
    activities.push(...(transportActivities.get(day) ?? []));
    activities.sort((a, b) => Date.parse(a.startTime ?? '') - Date.parse(b.startTime ?? ''));
    const night = stayOfNight(day);
    const stayCity = night?.city ?? (day === r.days ? r.origin : g.stays[g.stays.length - 1]!.city);
    const w = g.weather.get(date) ?? null;
    const cost = activities.reduce((s, a) => s + a.estimatedCost + (a.travelLeg?.cost ?? 0), 0);
    const walking = activities.reduce(
      (s, a) => s + (a.travelLeg?.mode === 'walk' ? a.travelLeg.distanceKm : 0),
      0,
    );
    const tips = (g.tips.get(stayCity.id) ?? []).slice(0, day === 1 ? 2 : 0).map(citedTip);
    const { provenance: weatherProvenance, ...weatherInfo } = w ?? { provenance: null };
    itinerary.push({
      dayNumber: day,
      date,
      destination: (() => {
        const moves = g.legs.filter((l) => l.dayNumber === day);
        if (moves.length === 0) return cityName(stayCity, lang);
        return [cityName(moves[0]!.from, lang), ...moves.map((l) => cityName(l.to, lang))].join(' → ');
      })(),
      activities,
      theme:
        r.outline && !activities.some((a) => a.type !== 'transportation')
          ? lang === 'zh'
            ? activities.length > 0
              ? '旅途日'
              : '自由安排（无本地数据，当地行程请自行安排）'
            : activities.length > 0
              ? 'Travel day'
              : 'Your own day (no local data: plan it locally)'
          : themeOf({ activities }, lang),
      totalCost: round2(cost),
      totalWalkingDistance: round2(walking),
      estimatedDuration: activities.reduce((s, a) => s + a.duration, 0),
      weatherForecast: w ? (weatherInfo as WeatherInfo) : null,
      weatherProvenance: weatherProvenance ?? null,
      tips,
      accommodationId: night
        ? (accommodations.find(
            (a) => a.id === accommodationIdByCity.get(night.city.id) && a.checkInDate <= date,
          )?.id ?? null)
        : null,
    });
  }

  const destinations: Destination[] = g.stays.map((s, i) => ({
    id: newId('destination'),
    name: cityName(s.city, lang),
    country: s.city.country,
    city: s.city.nameEn,
    coordinates: s.city.coordinates ??
      centroid((g.attractions.get(s.city.id) ?? []).map((a) => a.coordinates)) ?? [0, 0],
    timezone: s.city.timezone ?? 'UTC',
    visitOrder: i + 1,
    arrivalDate: s.checkIn,
    departureDate: s.nights > 0 ? s.checkOut : s.checkIn,
    isPrimary: i === 0,
  }));

  const cost = costPlan({ flights, accommodations, itinerary });
  const endDate = addDays(r.startDate, r.days - 1);
  const names = g.stays.map((s) =>
    r.request.language === 'zh' ? (s.city.nameZh ?? s.city.name) : s.city.nameEn,
  );
  const plan: TravelPlan = {
    id: newId('plan'),
    userId: deps.userId ?? 'user_local',
    title:
      (r.request.language === 'zh'
        ? `${names.join('、')}${r.days}日游`
        : `${r.days} days in ${names.join(', ')}`) +
      (r.outline
        ? r.request.language === 'zh'
          ? '（交通与住宿概要）'
          : ' (transport-and-stay outline)'
        : ''),
    description: null,
    destinations,
    startDate: r.startDate,
    endDate,
    totalBudget: r.budget ?? cost.total,
    travelerCount: r.people,
    travelerDetails: [],
    status: 'planning',
    completionPercentage: 100,
    flights,
    accommodations,
    itinerary,
    activities: [],
    budgetBreakdown: budgetBreakdown(cost, r.budget),
    tags: r.outline ? ['outline'] : [],
    isPublic: false,
    version: 1,
    createdAt: nowIso,
    updatedAt: nowIso,
    origin: cityName(r.origin, lang),
    currency: r.currency,
    // An outline's one OUTLINE_ONLY warning says what it lacks; the per-city echoes would repeat it.
    warnings: r.outline
      ? warnings.filter((w) => w.code !== 'NO_LOCAL_DATA' && w.code !== 'NO_ACCOMMODATION')
      : warnings,
    tips: [...g.tips.values()].flat().slice(0, 6).map(citedTip),
    entryNotes: g.entryNotes ?? [],
    alternatives: alternativesOf(g, transport, hotelChoices, conv, lang),
  };
  const built = { plan, schedules, hotelChoices, transport, level };
  memo?.set(key, built);
  return built;
}

/** A local tip as the plan shows it: its text and, from the knowledge base, the document it cites. */
function citedTip(t: KnowledgeSnippet): string {
  return t.citation ? `${t.text} [${t.citation.docId}]` : t.text;
}

/** The share of the budget left for the rest of a trip kept as a margin (estimates are rough). */
const FIT_MARGIN = 0.9;
/** A day of meals, tickets and local transport per person, in the city's median restaurant bills. */
const DAY_IN_MEDIAN_BILLS = 3;

/**
 * What each stay may cost (plan currency) so the trip fits the budget: the budget minus the chosen
 * transport and an estimate of each day's meals, tickets and local transport (a few of the city's
 * median restaurant bills per person), shared among the stays by nights. Empty without a budget.
 */
function hotelCaps(
  r: Resolved,
  g: Gathered,
  transport: TransportChoice | null,
  conv: (amount: number, from: string) => number,
): Map<string, number> {
  const caps = new Map<string, number>();
  if (r.budget === null) return caps;
  const people = partySize(r.request);
  const travel = (transport?.plans ?? []).reduce((sum, p) => sum + p.cost, 0);
  let days = 0;
  let spend = 0;
  const nights = g.stays.reduce((n, s) => n + s.nights, 0);
  g.stays.forEach((s, k) => {
    const bills = (g.restaurants.get(s.city.id) ?? []).map((x) => conv(x.averageCost, x.currency));
    bills.sort((a, b) => a - b);
    const median = bills.length > 0 ? bills[Math.floor((bills.length - 1) / 2)]! : 0;
    const d = s.nights + (k === g.stays.length - 1 ? 1 : 0);
    days += d;
    spend += d * people * DAY_IN_MEDIAN_BILLS * median;
  });
  const left = FIT_MARGIN * r.budget - travel - spend;
  if (days === 0 || nights === 0) return caps;
  for (const s of g.stays) if (s.nights > 0) caps.set(s.city.id, Math.max(0, (left * s.nights) / nights));
  return caps;
}

const MODE_WORDS: Record<string, { en: string; zh: string }> = {
  train: { en: 'train', zh: '火车' },
  bus: { en: 'coach', zh: '大巴' },
  self_driving: { en: 'car', zh: '自驾' },
  taxi: { en: 'taxi', zh: '出租车' },
};

/** The way asked for does not run on a leg: say so, and that another way is planned. */
export function unmetModeWarning(leg: Leg, modes: string[]): PlanWarning {
  const en = modes.map((m) => MODE_WORDS[m]?.en ?? m).join(' or ');
  const zh = modes.map((m) => MODE_WORDS[m]?.zh ?? m).join('或');
  return {
    code: 'MODE_UNAVAILABLE',
    message: `There is no practical ${en} between ${leg.from.nameEn} and ${leg.to.nameEn}; the plan uses the best other way.`,
    messageZh: `${cityName(leg.from, 'zh')}和${cityName(leg.to, 'zh')}之间没有可行的${zh}，本计划改用其他最合适的交通方式。`,
    dayNumber: leg.dayNumber,
  };
}
