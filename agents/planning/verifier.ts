/**
 * The verifier: checks a finished plan against the request and the data the providers returned,
 * and lists machine-readable violations. It is independent of how the plan was built, so it also
 * checks plans edited by people or produced by an LLM.
 */
import { cuisineLabel } from './display-labels.js';
import type {
  Attraction,
  ExchangeRateProvider,
  FlightOffer,
  GroundOption,
  HotelOffer,
  Restaurant,
} from '../ports/providers.js';
import type { TravelPlan } from '../schemas/travel-plan.js';
import type { TripRequest } from '../schemas/trip-request.js';
import { costPlan } from './budget-agent.js';
import { roomTypeMatches } from './hotel-agent.js';
import { matchesAnyName } from './attraction-selection.js';
import { isOpenFor } from './opening-hours.js';
import { mealWindowsFor } from './meal-rules.js';
import { cuisineMet, dishesOf, hoursOn, isEvening, isProperMeal } from './sights.js';
import type { Violation } from './types.js';

/** Everything the providers returned for this plan, by provider id. */
export type GroundingRegistry = Map<
  string,
  | { kind: 'flight'; name: string; entity: FlightOffer }
  | { kind: 'ground'; name: string; entity: GroundOption }
  | { kind: 'attraction'; name: string; entity: Attraction }
  | { kind: 'restaurant'; name: string; entity: Restaurant }
  | { kind: 'hotel'; name: string; entity: HotelOffer }
>;

export interface VerifyContext {
  request: TripRequest;
  registry: GroundingRegistry;
  people: number;
  /** Budget in the plan currency, for the whole party; null when none was given. */
  budget: number | null;
  origin: string;
  rates?: ExchangeRateProvider;
}

/** Minutes after local midnight of an ISO date-time with offset (its own local clock). */
function localMinutes(iso: string): number {
  const m = /T(\d{2}):(\d{2})/.exec(iso);
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
}

function localDate(iso: string): string {
  return iso.slice(0, 10);
}

const MEAL_ZH = { breakfast: '早餐', lunch: '午餐', dinner: '晚餐' } as const;

export function verifyPlan(plan: TravelPlan, ctx: VerifyContext): Violation[] {
  const out: Violation[] = [];
  const add = (v: Violation) => out.push(v);
  const { request, registry } = ctx;

  // Provenance: every flight, stay, place and meal was returned by a provider.
  for (const f of plan.flights) {
    const known = [...registry.values()].some(
      (e) => e.kind === 'flight' && e.entity.flightNumber === f.flightNumber,
    );
    if (!known) {
      add({
        code: 'UNGROUNDED_ENTITY',
        severity: 'hard',
        message: `Flight ${f.flightNumber} was not returned by any provider.`,
        messageZh: `航班${f.flightNumber}不在任何数据源的结果中。`,
        itemId: f.id,
      });
    }
  }
  for (const a of plan.accommodations) {
    const known = [...registry.values()].some(
      (e) => e.kind === 'hotel' && [e.entity.name, e.entity.nameZh, e.entity.nameEn].includes(a.name),
    );
    if (!known) {
      add({
        code: 'UNGROUNDED_ENTITY',
        severity: 'hard',
        message: `Stay "${a.name}" was not returned by any provider.`,
        messageZh: `住宿"${a.name}"不在任何数据源的结果中。`,
        itemId: a.id,
      });
    }
    if (a.minimumNights != null && a.nights < a.minimumNights) {
      add({
        code: 'MIN_NIGHTS',
        severity: 'hard',
        message: `"${a.name}" needs at least ${a.minimumNights} nights; the plan stays ${a.nights}.`,
        messageZh: `"${a.name}"要求至少住${a.minimumNights}晚，计划只住${a.nights}晚。`,
        itemId: a.id,
      });
    }
    for (const rule of request.accommodation.houseRules) {
      if (a.policies[rule] !== 'allowed') {
        add({
          code: 'HOUSE_RULE',
          severity: 'hard',
          message: `"${a.name}" does not allow ${rule.replace(/_/g, ' ')}.`,
          messageZh: `"${a.name}"不允许${rule}。`,
          itemId: a.id,
        });
      }
    }
    if (!roomTypeMatches(a.roomType as HotelOffer['roomType'], request.accommodation.roomType)) {
      add({
        code: 'ROOM_TYPE',
        severity: 'hard',
        message: `"${a.name}" is a ${a.roomType.replace(/_/g, ' ')}, not a ${String(request.accommodation.roomType).replace(/_/g, ' ')}.`,
        messageZh: `"${a.name}"的房型不符合要求。`,
        itemId: a.id,
      });
    }
  }

  const seenPlaces = new Map<string, number>();
  const countryOf = new Map(plan.destinations.map((d) => [d.name, d.country]));
  const seenRestaurants = new Map<string, number>();
  const cuisinesEaten = new Set<string>();
  const modes = new Set<string>(plan.flights.length > 0 ? ['flight'] : []);
  const legs: { from: string; to: string }[] = [];

  const journeys = journeysOf(plan);
  const nightsInTransit = new Set(journeys.filter(overnight).map((j) => j.departDate));
  out.push(...checkJourneys(plan, journeys));

  for (const day of plan.itinerary) {
    const acts = [...day.activities].sort(
      (a, b) => Date.parse(a.startTime ?? '') - Date.parse(b.startTime ?? ''),
    );
    /** Index of each place's last visit today: a visit resumed after lunch is one visit. */
    const lastVisit = new Map<string, number>();
    const dishes = new Map<string, string>();
    for (let i = 0; i < acts.length; i++) {
      const a = acts[i]!;
      if (a.type === 'transportation') {
        // Transfers between a hub and the city are local: not a leg of the route.
        if (a.travelLeg && !a.transfer) {
          modes.add(a.travelLeg.mode);
          legs.push({ from: a.travelLeg.from, to: a.travelLeg.to });
        }
      } else {
        const entry = a.placeId ? registry.get(a.placeId) : undefined;
        if (!entry || !a.provenance) {
          add({
            code: 'UNGROUNDED_ENTITY',
            severity: 'hard',
            message: `Day ${day.dayNumber}: "${a.name}" was not returned by any provider.`,
            messageZh: `第${day.dayNumber}天："${a.name}"不在任何数据源的结果中。`,
            dayNumber: day.dayNumber,
            itemId: a.id,
          });
        } else if ((entry.kind === 'attraction' || entry.kind === 'restaurant') && a.startTime && a.endTime) {
          const start = localMinutes(a.startTime);
          const end = start + Math.round((Date.parse(a.endTime) - Date.parse(a.startTime)) / 60000);
          if (!isOpenFor(hoursOn(entry.entity, localDate(a.startTime)), localDate(a.startTime), start, end)) {
            add({
              code: 'OPENING_HOURS',
              severity: 'hard',
              message: `Day ${day.dayNumber}: "${a.name}" is not open ${a.startTime.slice(11, 16)}-${a.endTime.slice(11, 16)} that day.`,
              messageZh: `第${day.dayNumber}天："${a.name}"在该时段不开放。`,
              dayNumber: day.dayNumber,
              itemId: a.id,
            });
          }
          if (entry.kind === 'attraction') {
            const last = lastVisit.get(entry.entity.id);
            const resumed = last !== undefined && acts.slice(last + 1, i).every((x) => x.type === 'dining');
            if (!resumed) seenPlaces.set(entry.entity.id, (seenPlaces.get(entry.entity.id) ?? 0) + 1);
            lastVisit.set(entry.entity.id, i);
            if (isEvening(entry.entity) && start < 17 * 60) {
              add({
                code: 'EVENING_TIME',
                severity: 'soft',
                message: `Day ${day.dayNumber}: "${a.name}" is an evening thing but starts at ${a.startTime.slice(11, 16)}.`,
                messageZh: `第${day.dayNumber}天："${a.name}"适合晚上，却安排在${a.startTime.slice(11, 16)}。`,
                dayNumber: day.dayNumber,
                itemId: a.id,
              });
            }
          } else {
            seenRestaurants.set(entry.entity.id, (seenRestaurants.get(entry.entity.id) ?? 0) + 1);
            if (a.mealType && !isProperMeal(entry.entity, a.mealType)) {
              add({
                code: 'MEAL_KIND',
                severity: 'soft',
                message: `Day ${day.dayNumber}: "${a.name}" is a dessert shop, café or snack stall, not a place for ${a.mealType}.`,
                messageZh: `第${day.dayNumber}天："${a.name}"是甜品店、咖啡馆或小吃摊，不适合作为${MEAL_ZH[a.mealType]}。`,
                dayNumber: day.dayNumber,
                itemId: a.id,
              });
            }
            if (a.mealType && a.mealType !== 'breakfast') {
              for (const dish of dishesOf(entry.entity)) {
                const other = dishes.get(dish);
                if (other && other !== a.mealType) {
                  add({
                    code: 'SAME_DISH',
                    severity: 'soft',
                    message: `Day ${day.dayNumber}: ${dish} for both lunch and dinner.`,
                    messageZh: `第${day.dayNumber}天：午餐和晚餐都是${dish}。`,
                    dayNumber: day.dayNumber,
                    itemId: a.id,
                  });
                }
                dishes.set(dish, a.mealType);
              }
            }
          }
        }
        if (a.type === 'dining') {
          for (const c of a.cuisines) cuisinesEaten.add(c.toLowerCase());
          if (a.mealType && a.startTime) {
            const w = mealWindowsFor(countryOf.get(a.city ?? '') ?? undefined)[a.mealType];
            const start = localMinutes(a.startTime);
            if (start < w.from - 30 || start > w.to + 30) {
              add({
                code: 'MEAL_TIME',
                severity: 'soft',
                message: `Day ${day.dayNumber}: ${a.mealType} at ${a.startTime.slice(11, 16)} is outside meal time.`,
                messageZh: `第${day.dayNumber}天：${MEAL_ZH[a.mealType]}时间不合理。`,
                dayNumber: day.dayNumber,
                itemId: a.id,
              });
            }
          }
        }
        if (
          matchesAnyName({ name: a.name }, request.mustAvoid) ||
          (entry?.kind === 'attraction' && matchesAnyName(entry.entity, request.mustAvoid))
        ) {
          add({
            code: 'MUST_AVOID',
            severity: 'hard',
            message: `Day ${day.dayNumber}: "${a.name}" was to be avoided.`,
            messageZh: `第${day.dayNumber}天："${a.name}"是要求避开的地点。`,
            dayNumber: day.dayNumber,
            itemId: a.id,
          });
        }
      }
      // Overlaps and travel time from the previous activity.
      if (i > 0) {
        const prev = acts[i - 1]!;
        if (prev.endTime && a.startTime) {
          const gap = (Date.parse(a.startTime) - Date.parse(prev.endTime)) / 60000;
          if (gap < -0.5) {
            add({
              code: 'OVERLAP',
              severity: 'hard',
              message: `Day ${day.dayNumber}: "${a.name}" starts before "${prev.name}" ends.`,
              messageZh: `第${day.dayNumber}天："${a.name}"与"${prev.name}"时间重叠。`,
              dayNumber: day.dayNumber,
              itemId: a.id,
            });
          } else if (a.type !== 'transportation' && a.travelLeg && gap + 0.5 < a.travelLeg.durationMinutes) {
            add({
              code: 'TRAVEL_TIME',
              severity: 'hard',
              message: `Day ${day.dayNumber}: ${Math.round(gap)} min to reach "${a.name}", but the trip takes ${a.travelLeg.durationMinutes} min.`,
              messageZh: `第${day.dayNumber}天：前往"${a.name}"的时间不足。`,
              dayNumber: day.dayNumber,
              itemId: a.id,
            });
          }
        }
      }
    }
    if (day.dayNumber < plan.itinerary.length && !day.accommodationId && !nightsInTransit.has(day.date)) {
      add({
        code: 'MISSING_ACCOMMODATION',
        severity: 'hard',
        message: `Night of day ${day.dayNumber} has no stay.`,
        messageZh: `第${day.dayNumber}天晚上没有安排住宿。`,
        dayNumber: day.dayNumber,
      });
    } else if (day.accommodationId && !plan.accommodations.some((x) => x.id === day.accommodationId)) {
      add({
        code: 'MISSING_ACCOMMODATION',
        severity: 'hard',
        message: `Day ${day.dayNumber} refers to an unknown stay.`,
        messageZh: `第${day.dayNumber}天的住宿不存在。`,
        dayNumber: day.dayNumber,
      });
    }
  }

  // Couples and families sleep in rooms of their own; a dorm must at least be said.
  if (ctx.people >= 2) {
    for (const a of plan.accommodations) {
      if (a.roomType === 'shared_room') {
        add({
          code: 'DORM_FOR_PARTY',
          severity: 'soft',
          message: `"${a.name}" is a dorm (shared room) for a party of ${ctx.people}.`,
          messageZh: `"${a.name}"是多人间床位（合住），而同行有${ctx.people}人。`,
          itemId: a.id,
        });
      }
    }
  }
  // A day out from before noon to mid-afternoon has a lunch.
  for (const day of plan.itinerary) {
    const out = day.activities.filter((a) => a.type !== 'transportation' && a.startTime && a.endTime);
    const morning = out.some((a) => localMinutes(a.startTime!) < 11 * 60 + 30 && a.type !== 'dining');
    const afternoon = out.some((a) => localMinutes(a.endTime!) > 15 * 60 && a.type !== 'dining');
    const lunch = day.activities.some((a) => a.mealType === 'lunch');
    if (morning && afternoon && !lunch) {
      add({
        code: 'LUNCH_SKIPPED',
        severity: 'soft',
        message: `Day ${day.dayNumber}: sightseeing from morning to afternoon without lunch.`,
        messageZh: `第${day.dayNumber}天：从上午到下午都在游览，却没有午餐。`,
        dayNumber: day.dayNumber,
      });
    }
  }

  for (const [id, n] of seenPlaces)
    if (n > 1)
      add({
        code: 'DUPLICATE_PLACE',
        severity: 'hard',
        message: `A place is visited ${n} times (${id}).`,
        messageZh: `同一景点被安排了${n}次。`,
        itemId: id,
      });
  for (const [id, n] of seenRestaurants)
    if (n > 1)
      add({
        code: 'DUPLICATE_PLACE',
        severity: 'hard',
        message: `A restaurant is used ${n} times (${id}).`,
        messageZh: `同一餐厅被安排了${n}次。`,
        itemId: id,
      });

  for (const cuisine of request.cuisines) {
    if (!cuisineMet(cuisine, [...cuisinesEaten])) {
      add({
        code: 'CUISINE',
        severity: 'hard',
        message: `No meal of ${cuisine} cuisine is planned.`,
        messageZh: `行程中没有安排${cuisineLabel(cuisine, 'zh') ?? cuisine}菜系的餐厅。`,
      });
    }
  }
  for (const m of request.transport.avoid) {
    if (modes.has(m))
      add({
        code: 'TRANSPORT_MODE',
        severity: 'hard',
        message: `The plan uses ${m.replace('_', ' ')}, which was ruled out.`,
        messageZh: `计划使用了被排除的交通方式：${m}。`,
      });
  }
  if (modes.has('self_driving') && modes.has('flight')) {
    add({
      code: 'TRANSPORT_CONFLICT',
      severity: 'hard',
      message: 'Self-driving is mixed with flights.',
      messageZh: '自驾与航班混用。',
    });
  }
  if (legs.length > 0) {
    if (legs[0]!.from !== ctx.origin || legs[legs.length - 1]!.to !== ctx.origin) {
      add({
        code: 'ROUTE',
        severity: 'hard',
        message: `The route does not start and end at ${ctx.origin}.`,
        messageZh: `路线没有从${ctx.origin}出发并返回。`,
      });
    }
    for (let i = 1; i < legs.length; i++) {
      if (legs[i]!.from !== legs[i - 1]!.to) {
        add({
          code: 'ROUTE',
          severity: 'hard',
          message: `Leg ${i + 1} starts in ${legs[i]!.from}, not where leg ${i} ended (${legs[i - 1]!.to}).`,
          messageZh: '路线不连续。',
        });
      }
    }
  } else if (plan.itinerary.length > 0) {
    add({
      code: 'ROUTE',
      severity: 'hard',
      message: 'The plan has no way to get there and back.',
      messageZh: '计划缺少往返交通。',
    });
  }
  for (const must of request.mustVisit) {
    const found = plan.itinerary.some((d) =>
      d.activities.some((a) => {
        // A restaurant named after a sight (四季民福（故宫店）) is not a visit to it.
        if (a.type === 'dining' || a.type === 'transportation') return false;
        const e = a.placeId ? registry.get(a.placeId) : undefined;
        return (
          matchesAnyName({ name: a.name }, [must]) ||
          (e?.kind === 'attraction' && matchesAnyName(e.entity, [must]))
        );
      }),
    );
    if (!found)
      add({
        code: 'MUST_VISIT',
        severity: 'soft',
        message: `"${must}" could not be included.`,
        messageZh: `未能安排"${must}"。`,
      });
  }
  if (ctx.budget !== null) {
    const total = costPlan(plan).total;
    if (total > ctx.budget + 0.005) {
      add({
        code: 'BUDGET',
        severity: 'hard',
        message: `The plan costs ${total.toFixed(0)} ${plan.currency}, over the budget of ${ctx.budget.toFixed(0)} ${plan.currency} for the whole party.`,
        messageZh: `计划总花费${total.toFixed(0)} ${plan.currency}，超出全体预算${ctx.budget.toFixed(0)} ${plan.currency}。`,
        details: { total, budget: ctx.budget },
      });
    }
  }
  return out;
}

/** An intercity journey of the plan (a flight, train, coach or drive between cities), with its local dates. */
interface Journey {
  name: string;
  mode: string;
  depart: number;
  arrive: number;
  departDate: string;
  arriveDate: string;
  /** Local minutes after midnight of the arrival. */
  arriveClock: number;
  dayNumber: number;
}

/** The night of the departure date is spent travelling: landing after 06:00 the next day, or later. */
function overnight(j: Journey): boolean {
  const days = Math.round(
    (Date.parse(`${j.arriveDate}T00:00:00Z`) - Date.parse(`${j.departDate}T00:00:00Z`)) / 86_400_000,
  );
  return days >= 2 || (days === 1 && j.arriveClock >= 6 * 60);
}

const JOURNEY_MODES = new Set(['flight', 'train', 'bus', 'self_driving', 'taxi']);

function journeysOf(plan: TravelPlan): Journey[] {
  const out: Journey[] = [];
  for (const day of plan.itinerary) {
    for (const a of day.activities) {
      const leg = a.travelLeg;
      if (a.type !== 'transportation' || !leg || a.transfer || !a.startTime || !a.endTime) continue;
      if (!JOURNEY_MODES.has(leg.mode) || leg.from === leg.to) continue;
      out.push({
        name: a.name,
        mode: leg.mode,
        depart: Date.parse(a.startTime),
        arrive: Date.parse(a.endTime),
        departDate: localDate(a.startTime),
        arriveDate: localDate(a.endTime),
        arriveClock: localMinutes(a.endTime),
        dayNumber: day.dayNumber,
      });
    }
  }
  return out;
}

/** Minimum minutes between the last activity and a departure: check-in (and a transfer) for flights, boarding for trains. */
const MIN_BEFORE_DEPARTURE: Record<string, number> = { flight: 90, train: 20, bus: 15 };

/**
 * Checks of journeys, independent of how the plan was built: nothing planned while travelling
 * (before landing included), no walk straight out of an airport or station, time to check in
 * before a departure, no night booked while on an overnight journey.
 */
function checkJourneys(plan: TravelPlan, journeys: Journey[]): Violation[] {
  const out: Violation[] = [];
  const all = plan.itinerary
    .flatMap((d) => d.activities.map((a) => ({ a, day: d.dayNumber })))
    .filter((x) => x.a.startTime && x.a.endTime)
    .sort((x, y) => Date.parse(x.a.startTime!) - Date.parse(y.a.startTime!));
  for (const j of journeys) {
    for (const { a, day } of all) {
      if (a.type === 'transportation') continue;
      const start = Date.parse(a.startTime!);
      const end = Date.parse(a.endTime!);
      if (start < j.arrive && end > j.depart) {
        out.push({
          code: 'ACTIVITY_DURING_TRAVEL',
          severity: 'hard',
          message: `Day ${day}: "${a.name}" is planned while travelling (${j.name}).`,
          messageZh: `第${day}天："${a.name}"安排在旅途中（${j.name}）。`,
          dayNumber: day,
          itemId: a.id,
        });
      }
    }
    // The first thing after arriving at an airport or station.
    const next = all.find((x) => Date.parse(x.a.startTime!) >= j.arrive && x.a.name !== j.name);
    if (
      next &&
      (j.mode === 'flight' || j.mode === 'train') &&
      next.a.type !== 'transportation' &&
      next.a.travelLeg?.mode === 'walk'
    ) {
      out.push({
        code: 'WALK_FROM_HUB',
        severity: 'hard',
        message: `Day ${next.day}: "${next.a.name}" is reached on foot straight from the ${j.mode === 'flight' ? 'airport' : 'station'}.`,
        messageZh: `第${next.day}天：下${j.mode === 'flight' ? '飞机' : '火车'}后步行前往"${next.a.name}"，缺少从${j.mode === 'flight' ? '机场' : '车站'}出发的交通。`,
        dayNumber: next.day,
        itemId: next.a.id,
      });
    }
    const need = MIN_BEFORE_DEPARTURE[j.mode];
    const before = [...all]
      .reverse()
      .find((x) => x.a.type !== 'transportation' && Date.parse(x.a.endTime!) <= j.depart);
    if (
      need &&
      before &&
      (j.depart - Date.parse(before.a.endTime!)) / 60000 < need &&
      before.day === j.dayNumber
    ) {
      out.push({
        code: 'DEPARTURE_BUFFER',
        severity: 'hard',
        message: `Day ${j.dayNumber}: "${before.a.name}" ends less than ${need} min before ${j.name} departs.`,
        messageZh: `第${j.dayNumber}天："${before.a.name}"结束距离${j.name}出发不足${need}分钟。`,
        dayNumber: j.dayNumber,
        itemId: before.a.id,
      });
    }
    if (overnight(j)) {
      const stay = plan.accommodations.find(
        (x) => x.checkInDate <= j.departDate && j.departDate < x.checkOutDate,
      );
      if (stay) {
        out.push({
          code: 'NIGHT_IN_TRANSIT',
          severity: 'hard',
          message: `The night of ${j.departDate} is booked at "${stay.name}" while travelling overnight (${j.name}).`,
          messageZh: `${j.departDate}晚在旅途中（${j.name}），却预订了"${stay.name}"。`,
          dayNumber: j.dayNumber,
          itemId: stay.id,
        });
      }
    }
  }
  return out;
}
