/**
 * Itinerary agent: picks places and schedules each day as a time-windowed routing problem.
 *
 * Heuristic (and why): the instances are small (2-6 stops a day, a few days a city), windows are
 * wide but real (opening hours by weekday, meal windows, the day's start and end, arrival and
 * departure times), and the planner re-runs inside the budget loop, so it must finish in
 * milliseconds. We use a classic construction + improvement scheme rather than an exact solver:
 *  1. Selection: score places by popularity, interest match and must-visit; drop must-avoid.
 *  2. Clustering: assign places to days by cheapest insertion into the day whose places are
 *     nearest (capacity by pace and by the hours available that day; indoor places preferred on
 *     rainy days), then improve with pairwise swaps between days while the total spread shrinks.
 *  3. Routing: order each day by nearest neighbour from the hotel, improved by 2-opt on travel time.
 *  4. Timing: simulate the day with real legs (walk / transit / taxi from the local transit
 *     provider), waits for opening, visit lengths and meal windows; a place that cannot fit its
 *     hours is removed and re-inserted into another day where it fits (cheapest feasible
 *     insertion), else replaced by the next-best candidate.
 * A greedy walk down a list would ignore geography and hours; an exact VRPTW solver would cost far
 * more time than the gain on instances this small.
 */
import { eveningPicks } from './evenings.js';
import type { Attraction } from '../ports/providers.js';
import type { Pace } from '../schemas/trip-request.js';
import { mustVisitPicks, openMinutesIn, rankAttractions, setAside } from './attraction-selection.js';
import { MORNING_UNTIL, simulate } from './day-simulation.js';
import { centroid, haversineKm } from './geo.js';
import type {
  CityItineraryInput,
  DaySlot,
  ScheduledItem,
  ScheduledVisit,
  SlotSchedule,
} from './itinerary-types.js';
import { PACE_DAY, visitMinutes } from './itinerary-types.js';
import { routeOrder, spread, travelCost } from './routing.js';
import { dishesOf, headlinesOf, isEvening } from './sights.js';

function slotCapacity(slot: DaySlot, pace: Pace): number {
  const day = PACE_DAY[pace];
  const full = day.end - day.start;
  const available = Math.max(0, slot.end - Math.max(slot.start, slot.restUntil ?? 0));
  const raw = (day.visitsPerDay * available) / full;
  return Math.max(0, Math.min(day.visitsPerDay, Math.round(raw)));
}

/** Idle minutes worth filling with one more place. */
const IDLE_TO_FILL = 120;

/**
 * Minutes of a simulated day spent waiting: gaps of an hour or more between two items (less the
 * way between them), and the time left at the end of a slot that ends before the evening (a
 * departure day) after the last item.
 */
export function idleMinutes(items: readonly ScheduledItem[], slot: DaySlot): number {
  const sorted = [...items].sort((a, b) => a.start - b.start);
  let idle = 0;
  let t = Math.max(slot.start, slot.restUntil ?? 0);
  for (const it of sorted) {
    const gap = it.start - (it.leg?.durationMinutes ?? 0) - t;
    if (gap >= 60) idle += gap;
    t = Math.max(t, it.end);
  }
  if (!slot.meals.includes('dinner') && slot.end - t >= 60) idle += slot.end - t;
  return idle;
}

/** Minutes of a slot left for sights (after any rest on arrival). */
function freeMinutes(slot: DaySlot): number {
  return Math.max(0, slot.end - Math.max(slot.start, slot.restUntil ?? 0));
}

/** The city's first headline sights: a day is made compact for them, and the plan says when one finds no room. */
const TOP_HEADLINES = 3;

/**
 * An evening wish ("the Bund lit up at night") with no evening in town to hold it (the only one is
 * the early night after a long-haul flight): that day runs into the evening after all. The
 * traveller asked for that evening; a light afternoon still comes before it.
 */
function withWishedEvening(input: CityItineraryInput, ranked: Attraction[]): CityItineraryInput {
  const pace = input.request.pace;
  const wishes = input.request.evenings ?? [];
  if (wishes.length === 0 || eveningPicks(ranked, wishes).length === 0) return input;
  if (input.slots.some((s) => s.end >= PACE_DAY[pace].end)) return input;
  const late = input.slots
    .map((s, i) => ({ s, i }))
    // An arrival day (a rest after the flight, or an afternoon start), never the day of leaving.
    .filter(
      ({ s, i }) =>
        i < input.slots.length - 1 &&
        s.meals.includes('dinner') &&
        s.end >= 19 * 60 &&
        (s.restUntil !== undefined || s.start >= 15 * 60),
    )
    .sort((x, y) => y.s.end - x.s.end)[0];
  if (!late) return input;
  const slots = input.slots.map((s, i) => (i === late.i ? { ...s, end: PACE_DAY[pace].end } : s));
  return { ...input, slots };
}

/** Plans every slot of one city. Mutates the shared used-sets and the cuisines to cover. */
export function planCity(cityInput: CityItineraryInput): SlotSchedule[] {
  const pace = cityInput.request.pace;
  const input = withWishedEvening(cityInput, rankAttractions(cityInput));
  const allRanked = rankAttractions(input);
  const must = new Set([...mustVisitPicks(allRanked, input.request.mustVisit).values()].map((a) => a.id));
  const { dayTrips, evenings, ranked } = setAside(input, allRanked, must);
  // Headline sights are never silently dropped when there is room: like wishes, they may take
  // the place of an ordinary one, and a higher-ranked one the place of a lower-ranked one.
  const headlines = headlinesOf(input.attractions).filter((a) => allRanked.includes(a));
  const keep = new Set([...must, ...headlines.map((a) => a.id)]);
  const priority = (a: Attraction): number =>
    must.has(a.id) ? 0 : headlines.includes(a) ? 1 + headlines.indexOf(a) : Infinity;
  // A place to keep goes on a day with time to spare for it, not a short arrival or departure
  // morning where the day's meals and transfers can still push it out.
  // Nor a day on which its hours leave less than its whole visit (a long museum on the arrival
  // afternoon while a full day is free).
  const shortDayPenalty = (g: Attraction[], slot: DaySlot): number =>
    g.filter(
      (a) =>
        keep.has(a.id) &&
        (freeMinutes(slot) < visitMinutes(a, pace) + 180 ||
          openMinutesIn(a, slot, input.city.country) < visitMinutes(a, pace)),
    ).length * 25;
  const capacities = input.slots.map((s, i) => (dayTrips.has(i) ? 0 : slotCapacity(s, pace)));
  const totalCapacity = capacities.reduce((a, b) => a + b, 0);
  const pool = ranked.slice(0, totalCapacity);
  const spare = ranked.slice(totalCapacity);

  // 2. Clustering by cheapest insertion (must-visits and popular places first).
  const groups: Attraction[][] = input.slots.map(() => []);
  for (const a of pool) {
    let best = -1;
    let bestCost = Infinity;
    input.slots.forEach((slot, i) => {
      if (groups[i]!.length >= capacities[i]!) return;
      const c = centroid(groups[i]!.map((g) => g.coordinates)) ?? slot.startPoint ?? input.city.coordinates;
      let cost = c && a.coordinates ? haversineKm(c, a.coordinates) : 0;
      if (slot.rainy && a.indoor === false) cost += 20; // keep outdoor places off rainy days
      if (slot.rainy && a.indoor === true) cost -= 2;
      cost += groups[i]!.length * 0.5; // balance
      // A place to keep goes on a day with time to spare for it, not a short arrival or departure
      // morning where the day's meals and transfers can still push it out.
      cost += shortDayPenalty([a], slot);
      // A morning sight on a day with a morning (not an arrival afternoon).
      if (a.bestTime === 'morning' && Math.max(slot.start, slot.restUntil ?? 0) >= MORNING_UNTIL) cost += 15;
      if (cost < bestCost) {
        bestCost = cost;
        best = i;
      }
    });
    if (best >= 0) groups[best]!.push(a);
  }
  // Improvement: pairwise swaps between days while the total spread shrinks.
  for (let pass = 0; pass < 3; pass++) {
    let improved = false;
    for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length; j++) {
        for (let x = 0; x < groups[i]!.length; x++) {
          for (let y = 0; y < groups[j]!.length; y++) {
            const gi = groups[i]!;
            const gj = groups[j]!;
            const before = spread(gi) + spread(gj);
            const ni = [...gi];
            const nj = [...gj];
            [ni[x], nj[y]] = [gj[y]!, gi[x]!];
            const rainPenalty = (g: Attraction[], s: DaySlot) =>
              (s.rainy ? g.filter((p) => p.indoor === false).length * 20 : 0) + shortDayPenalty(g, s);
            const after =
              spread(ni) + spread(nj) + rainPenalty(ni, input.slots[i]!) + rainPenalty(nj, input.slots[j]!);
            const was = before + rainPenalty(gi, input.slots[i]!) + rainPenalty(gj, input.slots[j]!);
            if (after + 1e-9 < was) {
              groups[i] = ni;
              groups[j] = nj;
              improved = true;
            }
          }
        }
      }
    }
    if (!improved) break;
  }

  // 3 + 4. Route and time each day; re-insert dropped places elsewhere, else use spares.
  const schedules: SlotSchedule[] = [];
  const reserved = new Set<string>();
  const leftovers: Attraction[] = [];
  const eveningLeft: Attraction[] = [];
  // An evening wish that missed its evening (a late arrival) gets another one, like a sight to keep.
  const wishedEvening = new Set(eveningPicks(allRanked, input.request.evenings ?? []).map((a) => a.id));
  for (const [i, trip] of dayTrips) groups[i] = trip;
  const results = input.slots.map((slot, i) => {
    const order = dayTrips.has(i)
      ? groups[i]!
      : routeOrder(groups[i]!, slot.startPoint ?? input.city.coordinates);
    const sim = simulate(
      input,
      slot,
      order,
      new Set(reserved),
      new Set(input.cuisinesToCover),
      evenings.get(i) ?? null,
    );
    const evening = evenings.get(i) ?? null;
    const eveningPlaced = !!evening && !sim.dropped.includes(evening);
    leftovers.push(...sim.dropped.filter((a) => a !== evening));
    if (evening && !eveningPlaced && (keep.has(evening.id) || wishedEvening.has(evening.id)))
      eveningLeft.push(evening);
    return {
      slot,
      /** A tight day: long visits cut to their core so the places to keep all fit. */
      compact: false,
      order: sim.items
        .filter((it): it is ScheduledVisit => it.kind === 'visit' && it.attraction !== evening && !it.resumed)
        .map((v) => v.attraction),
      evening: eveningPlaced ? evening : null,
    };
  });
  // A day trip that did not fit leaves an ordinary day (its sight is re-inserted below if kept).
  results.forEach((r, i) => {
    const trip = dayTrips.get(i);
    if (trip && !r.order.includes(trip[0]!)) {
      dayTrips.delete(i);
      capacities[i] = slotCapacity(r.slot, pace);
    }
  });
  // A wished-for (or headline) evening that did not fit its evening: another free evening.
  for (const a of eveningLeft) {
    for (const r of results) {
      if (r.evening || r.slot.end < PACE_DAY[pace].end) continue;
      const sim = simulate(input, r.slot, r.order, new Set(reserved), new Set(input.cuisinesToCover), a);
      if (!sim.dropped.includes(a)) {
        r.evening = a;
        break;
      }
    }
  }
  // Re-insert leftovers (then spares) into days with room where they fit: the places to keep
  // first (wishes, then headline sights in their order), then the rest in rank order.
  const trial = (r: (typeof results)[number], order: Attraction[], compact = r.compact) =>
    simulate(input, r.slot, order, new Set(reserved), new Set(input.cuisinesToCover), r.evening, compact)
      .dropped.length === 0;
  const isPlaced = (a: Attraction) => results.some((r) => r.order.includes(a) || r.evening === a);
  const queue = [...new Set([...leftovers, ...spare])].filter((a) => !isPlaced(a));
  const byPriority = () => queue.sort((x, y) => priority(x) - priority(y));
  byPriority();
  while (queue.length > 0) {
    const a = queue.shift()!;
    if (isPlaced(a)) continue;
    const mustVisit = keep.has(a.id);
    if (!mustVisit && leftovers.indexOf(a) < 0 && results.every((r, i) => r.order.length >= capacities[i]!))
      continue;
    let placed = false;
    for (let i = 0; i < results.length && !placed; i++) {
      const r = results[i]!;
      // A place to keep may go past a day's usual count, but not on the light afternoon after a
      // long-haul flight (a slot with a rest before it).
      if (r.order.length >= capacities[i]! && (!mustVisit || r.slot.restUntil !== undefined)) continue;
      if (dayTrips.has(i)) continue; // a day trip's day is its own
      // Cheapest feasible insertion position.
      let bestOrder: Attraction[] | null = null;
      let bestCost = Infinity;
      for (let pos = 0; pos <= r.order.length; pos++) {
        const order = [...r.order.slice(0, pos), a, ...r.order.slice(pos)];
        if (trial(r, order)) {
          const cost = travelCost(order, r.slot.startPoint);
          if (cost < bestCost) {
            bestCost = cost;
            bestOrder = order;
          }
        }
      }
      if (bestOrder) {
        r.order = bestOrder;
        placed = true;
      }
    }
    if (placed || !mustVisit) continue;
    // A place to keep that fits nowhere takes the place of one of lower priority (one place, else
    // all of them on that day); displaced places to keep try again elsewhere.
    const displaced: Attraction[] = [];
    for (let i = 0; i < results.length && !placed; i++) {
      const r = results[i]!;
      if (dayTrips.has(i)) continue;
      const lower = r.order.filter((x) => priority(x) > priority(a));
      const removals = [...lower.map((x) => [x]).reverse(), ...(lower.length > 1 ? [lower] : [])];
      for (const remove of removals) {
        if (placed) break;
        const without = r.order.filter((x) => !remove.includes(x));
        for (let pos = 0; pos <= without.length && !placed; pos++) {
          const order = [...without.slice(0, pos), a, ...without.slice(pos)];
          if (trial(r, order)) {
            r.order = order;
            placed = true;
            displaced.push(...remove);
          }
        }
      }
    }
    // Still nowhere: a day of places to keep only, made compact (its long visits cut to their
    // core), in the best order (the Temple of Heaven in the morning and the Forbidden City after
    // lunch on a two-night stay); the ordinary places of that day give way.
    for (let i = 0; i < results.length && !placed && priority(a) <= TOP_HEADLINES; i++) {
      const r = results[i]!;
      if (dayTrips.has(i) || r.slot.restUntil !== undefined) continue;
      const kept = r.order.filter((x) => keep.has(x.id));
      // With the day's places to keep, else with only those ranked above it (a lower headline
      // gives way and tries again elsewhere).
      const higher = kept.filter((x) => priority(x) < priority(a));
      for (const base of higher.length < kept.length ? [kept, higher] : [kept]) {
        for (let pos = 0; pos <= base.length && !placed; pos++) {
          const order = [...base.slice(0, pos), a, ...base.slice(pos)];
          if (trial(r, order, true)) {
            displaced.push(...r.order.filter((x) => !order.includes(x)));
            r.order = order;
            r.compact = true;
            placed = true;
          }
        }
      }
    }
    const again = displaced.filter((x) => keep.has(x.id));
    if (again.length > 0) {
      queue.push(...again);
      byPriority();
    }
  }
  // A departure day left idle for hours before the evening train or flight takes a place that
  // fits (an unplaced place to keep first, else a spare), without pushing anything out of it or of
  // the later days (timed with the restaurants the earlier days have taken).
  const spares = spare.filter((a) => !isEvening(a));
  const fillIdle = (r: (typeof results)[number], i: number): void => {
    const fits = (order: Attraction[]) =>
      simulate(input, r.slot, order, new Set(reserved), new Set(input.cuisinesToCover), r.evening, r.compact)
        .dropped.length === 0;
    // Places to keep that the later days lose when this day takes other restaurants.
    const laterLost = (order: Attraction[]): number => {
      const taken = new Set(reserved);
      simulate(input, r.slot, order, taken, new Set(input.cuisinesToCover), r.evening, r.compact);
      return results
        .slice(i + 1)
        .reduce(
          (n, later) =>
            n +
            simulate(
              input,
              later.slot,
              later.order,
              new Set(taken),
              new Set(input.cuisinesToCover),
              later.evening,
              later.compact,
            ).dropped.filter((a) => keep.has(a.id)).length,
          0,
        );
    };
    for (let added = 0; added < 2; added++) {
      const sim = simulate(
        input,
        r.slot,
        r.order,
        new Set(reserved),
        new Set(input.cuisinesToCover),
        r.evening,
        r.compact,
      );
      if (idleMinutes(sim.items, r.slot) < IDLE_TO_FILL) return;
      const lostNow = laterLost(r.order);
      // Unplaced places to keep first, then the best-ranked spares.
      const candidates = [
        ...allRanked.filter((x) => keep.has(x.id) && !isEvening(x) && !x.dayTrip),
        ...spares,
      ].filter((x) => !isPlaced(x) && !input.usedAttractions.has(x.id));
      let best: Attraction[] | null = null;
      for (const a of [...new Set(candidates)].slice(0, 6)) {
        let bestCost = Infinity;
        let orderFor: Attraction[] | null = null;
        for (let pos = 0; pos <= r.order.length; pos++) {
          const order = [...r.order.slice(0, pos), a, ...r.order.slice(pos)];
          if (!fits(order)) continue;
          const cost = travelCost(order, r.slot.startPoint);
          if (cost < bestCost) {
            bestCost = cost;
            orderFor = order;
          }
        }
        if (orderFor && laterLost(orderFor) <= lostNow) {
          best = orderFor;
          break;
        }
      }
      if (!best) return;
      r.order = best;
    }
  };
  const dropsKept = (r: (typeof results)[number], order: Attraction[], compact = r.compact) =>
    simulate(
      input,
      r.slot,
      order,
      new Set(reserved),
      new Set(input.cuisinesToCover),
      r.evening,
      compact,
    ).dropped.filter((a) => keep.has(a.id));
  results.forEach((r, i) => {
    // Commit restaurants and used places in day order. The restaurants of earlier days are now taken, so timings may shift: when a place to keep
    // no longer fits, the day gives up its lowest-priority places first, else the place moves on to
    // a later day.
    let lost = dropsKept(r, r.order);
    for (let k = r.order.length - 1; k >= 0 && lost.length > 0; k--) {
      if (keep.has(r.order[k]!.id)) continue;
      const order = [...r.order.slice(0, k), ...r.order.slice(k + 1)];
      const now = dropsKept(r, order);
      if (now.length < lost.length) {
        r.order = order;
        lost = now;
      }
    }
    // Still lost: the place may fit earlier in the day (a long visit before a short one), else it
    // takes the place of a lower-priority place to keep (a higher headline before a lower one).
    for (const a of [...lost].sort((x, y) => priority(x) - priority(y))) {
      if (!lost.includes(a)) continue;
      const without = r.order.filter((x) => x !== a);
      const tries = [
        ...without.map((_, pos) => [...without.slice(0, pos), a, ...without.slice(pos)]),
        ...without
          .filter((x) => priority(x) > priority(a))
          .reverse()
          .map((x) => {
            const rest = without.filter((y) => y !== x);
            return [a, ...rest];
          }),
      ];
      for (const order of tries) {
        const now = dropsKept(r, order);
        const dropped = without.filter((x) => !order.includes(x));
        // Never at the expense of a place to keep ranked above it: moving a lower headline earlier
        // must not push out a higher one that fitted.
        const newlyLost = now.filter((x) => !lost.includes(x));
        if (
          !now.includes(a) &&
          now.length + dropped.length <= lost.length &&
          newlyLost.every((x) => priority(x) > priority(a))
        ) {
          r.order = order;
          lost = now;
          break;
        }
      }
    }
    // Still lost: the day's places to keep alone, made compact, in any order that keeps them all.
    if (lost.length > 0 && !dayTrips.has(i) && r.slot.restUntil === undefined) {
      const kept = r.order.filter((x) => keep.has(x.id));
      const orders = kept.length === 2 ? [kept, [kept[1]!, kept[0]!]] : [kept];
      const fit = orders.find((o) => dropsKept(r, o, true).length === 0);
      if (fit) {
        r.order = fit;
        r.compact = true;
        lost = [];
      }
    }
    for (const a of lost) {
      r.order = r.order.filter((x) => x !== a);
      if (r.evening === a) r.evening = null;
      for (const later of results.slice(i + 1)) {
        const order = [...later.order, a];
        if (!isEvening(a) && trial(later, order)) {
          later.order = order;
          break;
        }
      }
    }
    if (!dayTrips.has(i) && r.slot.end < PACE_DAY[pace].end) fillIdle(r, i);
    const sim = simulate(input, r.slot, r.order, reserved, input.cuisinesToCover, r.evening, r.compact);
    for (const it of sim.items) {
      if (it.kind === 'visit') input.usedAttractions.add(it.attraction.id);
      else {
        input.usedRestaurants.add(it.restaurant.id);
        if (input.dishesByDate) {
          const eaten = input.dishesByDate.get(r.slot.date) ?? new Set<string>();
          for (const d of dishesOf(it.restaurant)) eaten.add(d);
          input.dishesByDate.set(r.slot.date, eaten);
        }
      }
    }
    schedules.push({
      slot: r.slot,
      items: sim.items.sort((x, y) => x.start - y.start),
      missedMeals: sim.missedMeals,
    });
  });
  // The city's first headline sights that found no room: the plan says so.
  const placed = new Set(
    schedules.flatMap((s) => s.items.map((it) => (it.kind === 'visit' ? it.attraction.id : ''))),
  );
  for (const h of headlines.slice(0, TOP_HEADLINES)) {
    if (!placed.has(h.id) && !must.has(h.id)) input.missedHeadlines?.push(h);
  }
  return schedules;
}
