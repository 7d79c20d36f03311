/**
 * Our own checker of TravelPlanner's constraints, written from the definitions in the paper
 * (Xie et al., ICML 2024, section 3) as summarised in shared/benchmarks/README.md; none of the
 * benchmark's evaluation code is used. A plan is checked in the benchmark's format
 * ({@link BenchPlanDay}[]) against one query's reference information (the sandbox) and the query's
 * constraints ({@link QueryFields}, the hand-checked gold fields).
 *
 * Commonsense constraints, as defined here:
 * - within_sandbox: every flight (its number, on that leg and date), self-driving/taxi leg,
 *   restaurant, attraction and accommodation named exists in the reference information for that
 *   city. Flight times and ground-leg figures written in the text are not compared (the entity
 *   exists or it does not); costs always come from the data.
 * - complete_information: the plan has the requested number of days; every day has a
 *   current_city; every travel day ('from A to B') has its transportation; every day but the last
 *   has an accommodation; at most half of all breakfast/lunch/dinner/attraction fields are '-'.
 * - within_current_city: on a travel day meals and attractions are in A or B, on other days in the
 *   day's city; the night's accommodation is in the city the day ends in (B on a travel day); the
 *   transportation goes from A to B on a travel day and is '-' on other days.
 * - reasonable_city_route: day 1 leaves the origin, the last day returns to it, each day starts
 *   where the previous one ended, the origin is not revisited mid-trip, no destination city is
 *   visited twice, the number of destination cities is the requested one, and they are the
 *   requested city or lie in the requested state (citySet_with_states.txt).
 * - diverse_restaurants / diverse_attractions: no (name, city) twice in the whole plan.
 * - non_conflicting_transport: no self-driving in a plan that also flies.
 * - minimum_nights: every run of consecutive nights at one accommodation is at least its
 *   minimum nights.
 * Hard constraints (only those the query states; budget whenever a budget is given):
 * - budget: flights x people + accommodation price x ceil(people / maximum occupancy) per night
 *   + restaurant average cost x people per meal + self-driving cost x ceil(people / 5) and taxi
 *   cost x ceil(people / 4) per leg <= budget. Where a name repeats in the data (two "Subway"s in
 *   one city), the first listed entry is used, here and for cuisines, rules and minimum nights.
 * - house_rule: every accommodation used allows each requested rule (its house_rules has no
 *   "No <rule>"); a plan with no accommodation fails.
 * - room_type: every accommodation used has the requested type ('not_shared_room': anything but
 *   'Shared room'); a plan with no accommodation fails.
 * - cuisine: each requested cuisine is served by at least one restaurant eaten at in a
 *   destination city (not the origin).
 * - transportation: no flight leg when flights are ruled out; no self-driving leg when
 *   self-driving is (likewise taxi).
 */
import {
  MEAL_FIELDS,
  isEmptyField,
  parseCurrentCity,
  parseTransportation,
  splitAttractions,
  splitNameCity,
  type BenchLeg,
  type BenchPlanDay,
  type CurrentCity,
  type NameCity,
} from './format.js';
import type { QueryFields } from './query.js';
import type { ReferenceIndex } from './reference.js';
import { HOUSE_RULE_TEXT, cuisinesOf, houseRulesOf, roomTypeOf, type RefFlight } from './reference.js';

export const COMMONSENSE_CONSTRAINTS = [
  'within_sandbox',
  'complete_information',
  'within_current_city',
  'reasonable_city_route',
  'diverse_restaurants',
  'diverse_attractions',
  'non_conflicting_transport',
  'minimum_nights',
] as const;
export type CommonsenseConstraint = (typeof COMMONSENSE_CONSTRAINTS)[number];

export const HARD_CONSTRAINTS = ['budget', 'house_rule', 'room_type', 'cuisine', 'transportation'] as const;
export type HardConstraint = (typeof HARD_CONSTRAINTS)[number];

export interface ConstraintResult {
  pass: boolean;
  /** First violation found, when it fails. */
  reason?: string;
}

export interface CheckResult {
  delivered: boolean;
  commonsense: Record<CommonsenseConstraint, ConstraintResult>;
  /** Only the hard constraints the query states. */
  hard: Partial<Record<HardConstraint, ConstraintResult>>;
  /** Total cost by the budget rule (USD); NaN when there is no plan. */
  cost: number;
}

export interface CheckContext {
  fields: QueryFields;
  ref: ReferenceIndex;
  /** City -> state (citySet_with_states.txt). */
  cityStates: Map<string, string>;
}

const PASS: ConstraintResult = { pass: true };
const fail = (reason: string): ConstraintResult => ({ pass: false, reason });
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Hard constraints the query states. */
export function applicableHard(fields: QueryFields): HardConstraint[] {
  const out: HardConstraint[] = [];
  if (fields.budget !== null) out.push('budget');
  if (fields.houseRules.length > 0) out.push('house_rule');
  if (fields.roomType) out.push('room_type');
  if (fields.cuisines.length > 0) out.push('cuisine');
  if (fields.avoid.length > 0) out.push('transportation');
  return out;
}

interface ParsedDay {
  raw: BenchPlanDay;
  index: number;
  date: string | null;
  city: CurrentCity | null;
  legs: BenchLeg[];
  meals: { field: (typeof MEAL_FIELDS)[number]; entry: NameCity }[];
  attractions: NameCity[];
  stay: NameCity | null;
  /** City the day starts in / ends in. */
  startCity: string | null;
  endCity: string | null;
}

function parseDays(plan: BenchPlanDay[], fields: QueryFields): ParsedDay[] {
  return plan.map((raw, index) => {
    const city = parseCurrentCity(raw.current_city);
    return {
      raw,
      index,
      date: fields.startDate ? addDays(fields.startDate, index) : null,
      city,
      legs: parseTransportation(raw.transportation),
      meals: MEAL_FIELDS.flatMap((field) => {
        const entry = splitNameCity(raw[field]);
        return entry ? [{ field, entry }] : [];
      }),
      attractions: splitAttractions(raw.attraction),
      stay: splitNameCity(raw.accommodation),
      startCity: city ? (city.travel ? city.from : city.city) : null,
      endCity: city ? (city.travel ? city.to : city.city) : null,
    };
  });
}

function findFlight(ref: ReferenceIndex, leg: BenchLeg, date: string | null): RefFlight | undefined {
  if (date) {
    const onLeg = ref.flights(leg.from, leg.to, date).find((f) => f['Flight Number'] === leg.flightNumber);
    if (onLeg) return onLeg;
  }
  return undefined;
}

function withinSandbox(days: ParsedDay[], ref: ReferenceIndex): ConstraintResult {
  for (const d of days) {
    const n = d.index + 1;
    for (const leg of d.legs) {
      if (leg.mode === 'flight') {
        if (!findFlight(ref, leg, d.date)) {
          return fail(
            `day ${n}: flight ${leg.flightNumber} from ${leg.from} to ${leg.to} on ${d.date ?? '?'} is not in the data`,
          );
        }
      } else if (leg.mode === 'self_driving' || leg.mode === 'taxi') {
        if (!ref.groundOption(leg.mode, leg.from, leg.to)) {
          return fail(`day ${n}: no ${leg.mode} from ${leg.from} to ${leg.to} in the data`);
        }
      } else {
        return fail(`day ${n}: transportation not in the data: ${leg.text}`);
      }
    }
    for (const { field, entry } of d.meals) {
      if (!ref.restaurant(entry.city, entry.name))
        return fail(`day ${n} ${field}: no restaurant "${entry.name}" in ${entry.city || '?'}`);
    }
    for (const a of d.attractions) {
      if (!ref.attraction(a.city, a.name))
        return fail(`day ${n}: no attraction "${a.name}" in ${a.city || '?'}`);
    }
    if (d.stay && !ref.accommodation(d.stay.city, d.stay.name)) {
      return fail(`day ${n}: no accommodation "${d.stay.name}" in ${d.stay.city || '?'}`);
    }
  }
  return PASS;
}

function completeInformation(days: ParsedDay[], fields: QueryFields): ConstraintResult {
  if (fields.days !== null && days.length !== fields.days)
    return fail(`${days.length} days planned, ${fields.days} requested`);
  let empty = 0;
  let slots = 0;
  for (const d of days) {
    const n = d.index + 1;
    if (!d.city) return fail(`day ${n}: no current_city`);
    if (d.city.travel && d.legs.length === 0) return fail(`day ${n}: travel day without transportation`);
    if (d.index < days.length - 1 && !d.stay) return fail(`day ${n}: no accommodation`);
    for (const field of [...MEAL_FIELDS, 'attraction'] as const) {
      slots++;
      if (isEmptyField(d.raw[field])) empty++;
    }
  }
  if (empty * 2 > slots) return fail(`${empty} of ${slots} meal/attraction fields are empty`);
  return PASS;
}

function withinCurrentCity(days: ParsedDay[]): ConstraintResult {
  for (const d of days) {
    const n = d.index + 1;
    if (!d.city) continue;
    const allowed = d.city.travel ? [d.city.from, d.city.to] : [d.city.city];
    const inCity = (c: string) => allowed.some((a) => same(a, c));
    for (const { field, entry } of d.meals) {
      if (!inCity(entry.city))
        return fail(`day ${n} ${field}: ${entry.name} is in ${entry.city || '?'}, not ${allowed.join('/')}`);
    }
    for (const a of d.attractions) {
      if (!inCity(a.city))
        return fail(`day ${n}: attraction ${a.name} is in ${a.city || '?'}, not ${allowed.join('/')}`);
    }
    if (d.stay && !same(d.stay.city, d.endCity!))
      return fail(`day ${n}: accommodation in ${d.stay.city || '?'}, the day ends in ${d.endCity}`);
    if (d.city.travel) {
      if (d.legs.length > 0) {
        const first = d.legs[0]!;
        const last = d.legs[d.legs.length - 1]!;
        if (!same(first.from, d.city.from) || !same(last.to, d.city.to)) {
          return fail(
            `day ${n}: transportation ${first.from} -> ${last.to} does not match ${d.raw.current_city}`,
          );
        }
      }
    } else if (d.legs.length > 0) {
      return fail(`day ${n}: transportation on a day spent in ${d.city.city}`);
    }
  }
  return PASS;
}

function reasonableRoute(days: ParsedDay[], ctx: CheckContext): ConstraintResult {
  const { fields, cityStates } = ctx;
  if (days.length === 0) return fail('empty plan');
  const first = days[0]!;
  const last = days[days.length - 1]!;
  if (!first.city?.travel || !same(first.city.from, fields.origin))
    return fail(`day 1 does not leave ${fields.origin}`);
  if (!last.city?.travel || !same(last.city.to, fields.origin))
    return fail(`the last day does not return to ${fields.origin}`);
  const visited: string[] = [];
  for (const d of days) {
    if (!d.city) return fail(`day ${d.index + 1}: no current_city`);
    if (d.index > 0) {
      const prevEnd = days[d.index - 1]!.endCity;
      if (prevEnd && !same(prevEnd, d.startCity!))
        return fail(`day ${d.index + 1} starts in ${d.startCity}, day ${d.index} ended in ${prevEnd}`);
    }
    const end = d.endCity!;
    if (d !== last && same(end, fields.origin)) return fail(`back in ${fields.origin} on day ${d.index + 1}`);
    if (same(end, fields.origin)) continue;
    if (visited.length === 0 || !same(visited[visited.length - 1]!, end)) {
      if (visited.some((v) => same(v, end))) return fail(`${end} visited twice`);
      visited.push(end);
    }
  }
  if (visited.length !== fields.cityCount)
    return fail(
      `${visited.length} destination cities (${visited.join(', ')}), ${fields.cityCount} requested`,
    );
  if (fields.destination && !same(visited[0] ?? '', fields.destination))
    return fail(`visits ${visited.join(', ')}, not ${fields.destination}`);
  if (fields.state) {
    const outside = visited.find((c) => !same(cityStates.get(c) ?? '', fields.state!));
    if (outside) return fail(`${outside} is not in ${fields.state}`);
  }
  return PASS;
}

function diverse(entries: NameCity[], what: string): ConstraintResult {
  const seen = new Set<string>();
  for (const e of entries) {
    const k = `${e.name.toLowerCase()}\u0000${e.city.toLowerCase()}`;
    if (seen.has(k)) return fail(`${what} ${e.name}, ${e.city} twice`);
    seen.add(k);
  }
  return PASS;
}

function nonConflictingTransport(days: ParsedDay[]): ConstraintResult {
  const legs = days.flatMap((d) => d.legs);
  if (legs.some((l) => l.mode === 'flight') && legs.some((l) => l.mode === 'self_driving')) {
    return fail('self-driving and flights in one trip');
  }
  return PASS;
}

/** Runs of consecutive nights at one accommodation. */
function stayRuns(days: ParsedDay[]): { stay: NameCity; nights: number; firstDay: number }[] {
  const runs: { stay: NameCity; nights: number; firstDay: number }[] = [];
  for (const d of days) {
    if (!d.stay) continue;
    const prev = runs[runs.length - 1];
    const prevDay = d.index > 0 ? days[d.index - 1]!.stay : null;
    if (prev && prevDay && same(prevDay.name, d.stay.name) && same(prevDay.city, d.stay.city)) prev.nights++;
    else runs.push({ stay: d.stay, nights: 1, firstDay: d.index + 1 });
  }
  return runs;
}

function minimumNights(days: ParsedDay[], ref: ReferenceIndex): ConstraintResult {
  for (const run of stayRuns(days)) {
    const acc = ref.accommodation(run.stay.city, run.stay.name);
    if (!acc) continue; // unknown: within_sandbox reports it
    const min = Math.round(acc['minimum nights']);
    if (run.nights < min)
      return fail(`${run.stay.name} (from day ${run.firstDay}): ${run.nights} night(s), minimum ${min}`);
  }
  return PASS;
}

const roomsFor = (people: number, capacity: number) => Math.ceil(people / Math.max(1, capacity));

/** Total cost of the plan by the budget rule, USD. Unknown entities cost nothing (within_sandbox fails them). */
export function planCost(plan: BenchPlanDay[], ctx: CheckContext): number {
  const { ref, fields } = ctx;
  const people = fields.people;
  let total = 0;
  for (const d of parseDays(plan, fields)) {
    for (const leg of d.legs) {
      if (leg.mode === 'flight') {
        total += (findFlight(ref, leg, d.date)?.Price ?? 0) * people;
      } else if (leg.mode === 'self_driving' || leg.mode === 'taxi') {
        const perVehicle = ref.groundOption(leg.mode, leg.from, leg.to)?.cost ?? leg.cost ?? 0;
        total += perVehicle * roomsFor(people, leg.mode === 'taxi' ? 4 : 5);
      }
    }
    for (const { entry } of d.meals)
      total += (ref.restaurant(entry.city, entry.name)?.['Average Cost'] ?? 0) * people;
    if (d.stay) {
      const acc = ref.accommodation(d.stay.city, d.stay.name);
      if (acc) total += acc.price * roomsFor(people, acc['maximum occupancy']);
    }
  }
  return total;
}

function usedStays(days: ParsedDay[]): NameCity[] {
  const out: NameCity[] = [];
  for (const d of days) {
    if (d.stay && !out.some((s) => same(s.name, d.stay!.name) && same(s.city, d.stay!.city)))
      out.push(d.stay);
  }
  return out;
}

function houseRuleCheck(days: ParsedDay[], ctx: CheckContext): ConstraintResult {
  const stays = usedStays(days);
  if (stays.length === 0) return fail('no accommodation to check');
  for (const s of stays) {
    const acc = ctx.ref.accommodation(s.city, s.name);
    if (!acc) return fail(`unknown accommodation ${s.name}, ${s.city}`);
    const allows = houseRulesOf(acc.house_rules);
    const broken = ctx.fields.houseRules.find((r) => !allows[r]);
    if (broken) return fail(`${s.name}: "${HOUSE_RULE_TEXT[broken]}"`);
  }
  return PASS;
}

function roomTypeCheck(days: ParsedDay[], ctx: CheckContext): ConstraintResult {
  const wanted = ctx.fields.roomType!;
  const stays = usedStays(days);
  if (stays.length === 0) return fail('no accommodation to check');
  for (const s of stays) {
    const acc = ctx.ref.accommodation(s.city, s.name);
    if (!acc) return fail(`unknown accommodation ${s.name}, ${s.city}`);
    const type = roomTypeOf(acc['room type']);
    const ok = wanted === 'not_shared_room' ? type !== 'shared_room' : type === wanted;
    if (!ok) return fail(`${s.name} is "${acc['room type']}", ${wanted} requested`);
  }
  return PASS;
}

function cuisineCheck(days: ParsedDay[], ctx: CheckContext): ConstraintResult {
  const served = new Set<string>();
  for (const d of days) {
    for (const { entry } of d.meals) {
      if (same(entry.city, ctx.fields.origin)) continue;
      const r = ctx.ref.restaurant(entry.city, entry.name);
      for (const c of r ? cuisinesOf(r.Cuisines) : []) served.add(c.toLowerCase());
    }
  }
  const missing = ctx.fields.cuisines.filter((c) => !served.has(c.toLowerCase()));
  return missing.length === 0 ? PASS : fail(`no ${missing.join(', ')} meal`);
}

function transportationCheck(days: ParsedDay[], ctx: CheckContext): ConstraintResult {
  const legs = days.flatMap((d) => d.legs);
  for (const mode of ctx.fields.avoid) {
    const used = legs.find((l) => l.mode === mode);
    if (used) return fail(`${mode} used although ruled out: ${used.text}`);
  }
  return PASS;
}

/** Checks one plan (null or empty: not delivered, every constraint fails). */
export function checkPlan(plan: BenchPlanDay[] | null | undefined, ctx: CheckContext): CheckResult {
  const hardNames = applicableHard(ctx.fields);
  if (!plan || plan.length === 0) {
    const none = fail('no plan');
    return {
      delivered: false,
      commonsense: Object.fromEntries(
        COMMONSENSE_CONSTRAINTS.map((c) => [c, none]),
      ) as CheckResult['commonsense'],
      hard: Object.fromEntries(hardNames.map((c) => [c, none])),
      cost: NaN,
    };
  }
  const days = parseDays(plan, ctx.fields);
  const restaurants = days.flatMap((d) => d.meals.map((m) => m.entry));
  const commonsense: CheckResult['commonsense'] = {
    within_sandbox: withinSandbox(days, ctx.ref),
    complete_information: completeInformation(days, ctx.fields),
    within_current_city: withinCurrentCity(days),
    reasonable_city_route: reasonableRoute(days, ctx),
    diverse_restaurants: diverse(restaurants, 'restaurant'),
    diverse_attractions: diverse(
      days.flatMap((d) => d.attractions),
      'attraction',
    ),
    non_conflicting_transport: nonConflictingTransport(days),
    minimum_nights: minimumNights(days, ctx.ref),
  };
  const cost = planCost(plan, ctx);
  const hard: CheckResult['hard'] = {};
  for (const name of hardNames) {
    if (name === 'budget') {
      hard.budget = cost <= ctx.fields.budget! ? PASS : fail(`total $${cost} > budget $${ctx.fields.budget}`);
    } else if (name === 'house_rule') hard.house_rule = houseRuleCheck(days, ctx);
    else if (name === 'room_type') hard.room_type = roomTypeCheck(days, ctx);
    else if (name === 'cuisine') hard.cuisine = cuisineCheck(days, ctx);
    else hard.transportation = transportationCheck(days, ctx);
  }
  return { delivered: true, commonsense, hard, cost };
}

export interface PassCount {
  pass: number;
  total: number;
}

export interface BenchMetrics {
  queries: number;
  deliveryRate: number;
  commonsenseMicro: number;
  commonsenseMacro: number;
  hardMicro: number;
  hardMacro: number;
  finalPassRate: number;
  perConstraint: Record<CommonsenseConstraint | HardConstraint, PassCount>;
}

/** True when every commonsense and every stated hard constraint passes. */
export function passesAll(r: CheckResult): boolean {
  return Object.values(r.commonsense).every((c) => c.pass) && Object.values(r.hard).every((c) => c?.pass);
}

/**
 * Metrics over all queries (undelivered plans count as failing everything):
 * delivery rate = plans delivered / queries; commonsense micro = passed (query, constraint) pairs /
 * (8 x queries); commonsense macro = queries passing all 8 / queries; hard micro = passed / stated
 * (query, hard constraint) pairs; hard macro = queries passing all their stated hard constraints /
 * queries; final pass rate = queries passing everything / queries.
 */
export function aggregate(results: CheckResult[]): BenchMetrics {
  const perConstraint = Object.fromEntries(
    [...COMMONSENSE_CONSTRAINTS, ...HARD_CONSTRAINTS].map((c) => [c, { pass: 0, total: 0 }]),
  ) as BenchMetrics['perConstraint'];
  let csPass = 0;
  let csTotal = 0;
  let hardPass = 0;
  let hardTotal = 0;
  let csAll = 0;
  let hardAll = 0;
  let final = 0;
  for (const r of results) {
    for (const c of COMMONSENSE_CONSTRAINTS) {
      perConstraint[c].total++;
      csTotal++;
      if (r.commonsense[c].pass) {
        perConstraint[c].pass++;
        csPass++;
      }
    }
    for (const [c, res] of Object.entries(r.hard) as [HardConstraint, ConstraintResult][]) {
      perConstraint[c].total++;
      hardTotal++;
      if (res.pass) {
        perConstraint[c].pass++;
        hardPass++;
      }
    }
    const csOk = Object.values(r.commonsense).every((c) => c.pass);
    const hardOk = Object.values(r.hard).every((c) => c?.pass);
    if (csOk) csAll++;
    if (hardOk) hardAll++;
    if (csOk && hardOk) final++;
  }
  const n = results.length || 1;
  return {
    queries: results.length,
    deliveryRate: results.filter((r) => r.delivered).length / n,
    commonsenseMicro: csTotal ? csPass / csTotal : 0,
    commonsenseMacro: csAll / n,
    hardMicro: hardTotal ? hardPass / hardTotal : 0,
    hardMacro: hardAll / n,
    finalPassRate: final / n,
    perConstraint,
  };
}
