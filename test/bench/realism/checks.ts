/**
 * The realism checks: what a demanding traveller looks for when reading a plan, as machine checks
 * over the plan JSON (domain form) and its rendered text. Ten classes, after the reading that
 * found most benchmark-passing plans unusable (issue 16):
 *
 *  headline   the city's headline sights and every must-see the traveller named
 *  transfer   no walk out of an airport; departures leave time for the transfer and check-in
 *  arrival    nothing before landing, no hotel night while flying, a light long-haul afternoon, "+1"
 *  dates      the month or holiday the request names
 *  hotel      rooms that fit the party and the stated tier; no dorm for couples with money to spare
 *  intercity  rail where rail wins, "no flights" honoured, no 90-minute taxi, no dawn flight home
 *  hours      seasonal closing times, closed days, booking-required sights marked
 *  coverage   a destination without local data answered honestly, never empty days
 *  meals      meals that are meals, not the same dish twice a day, local times; evening wishes at night
 *  output     a summary at the top, one language, one currency, a theme per day, tips printed
 *
 * Each check is independent of the planner's code: it reads only the plan and `facts.ts`.
 */
import type { ItineraryActivity, TravelPlan } from '../../../agents/schemas/travel-plan.js';
import {
  BOOKING_REQUIRED,
  BROAD_CUISINES,
  CITIES,
  EVENING_WISHES,
  NOT_A_MEAL,
  WINTER_CLOSING,
  cityOf,
  countryOf,
  railWins,
  type CityFacts,
} from './facts.js';
import type { Scenario } from './scenarios.js';

export const CLASSES = [
  'headline',
  'transfer',
  'arrival',
  'dates',
  'hotel',
  'intercity',
  'hours',
  'coverage',
  'meals',
  'output',
] as const;
export type RealismClass = (typeof CLASSES)[number];

/** What the product answered for one scenario. */
export interface Answer {
  /** The parser found where from, where to and how long. */
  understood: boolean;
  plan?: TravelPlan;
  /** The planner's refusal, when it gave one (in the request's language). */
  failureText?: string;
  /** The plan rendered as text in the request's language. */
  text?: string;
}

export interface CheckResult {
  applicable: boolean;
  failures: string[];
}

const NA: CheckResult = { applicable: false, failures: [] };

// ---------------------------------------------------------------- time helpers

const ms = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : NaN);
/** Local wall-clock "HH:MM" of an ISO date-time with offset. */
const hhmm = (iso: string | null | undefined): string => (iso ? iso.slice(11, 16) : '');
const localDate = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : '');
const dayBefore = (date: string): string =>
  new Date(Date.parse(`${date}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const minutesOf = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
const isTransport = (a: ItineraryActivity): boolean => a.type === 'transportation';
const INTERCITY = new Set(['flight', 'train', 'bus', 'self_driving']);

function allActivities(plan: TravelPlan): ItineraryActivity[] {
  return plan.itinerary
    .flatMap((d) => d.activities)
    .filter((a) => a.startTime)
    .sort((a, b) => ms(a.startTime) - ms(b.startTime));
}

/** A journey between cities, read from the itinerary's transportation entries. */
interface Journey {
  mode: string;
  from: string;
  to: string;
  depart: string;
  arrive: string;
  minutes: number;
  activity: ItineraryActivity;
}

function journeys(plan: TravelPlan): Journey[] {
  const out: Journey[] = [];
  for (const a of allActivities(plan)) {
    const leg = a.travelLeg;
    if (!isTransport(a) || !leg || !INTERCITY.has(leg.mode) || !a.startTime || !a.endTime) continue;
    if (cityOf(leg.from)?.id !== undefined && cityOf(leg.from)?.id === cityOf(leg.to)?.id) continue;
    out.push({
      mode: leg.mode,
      from: leg.from,
      to: leg.to,
      depart: a.startTime,
      arrive: a.endTime,
      minutes: leg.durationMinutes,
      activity: a,
    });
  }
  return out;
}

const inCity = (a: ItineraryActivity, city: CityFacts | undefined): boolean =>
  !!city && (city.names.test(a.city ?? '') || city.names.test(a.location ?? ''));

function isInternational(j: Journey): boolean {
  const a = countryOf(j.from);
  const b = countryOf(j.to);
  return a !== undefined && b !== undefined && a !== b;
}

/** The covered cities the plan visits, with their nights. */
function visitedCities(plan: TravelPlan): { city: CityFacts; nights: number }[] {
  const out: { city: CityFacts; nights: number }[] = [];
  for (const d of plan.destinations) {
    const city = cityOf(d.city) ?? cityOf(d.name);
    if (!city) continue;
    const nights = Math.round((Date.parse(d.departureDate) - Date.parse(d.arrivalDate)) / 86_400_000);
    out.push({ city, nights });
  }
  return out;
}

// ---------------------------------------------------------------- the checks

export function checkHeadline(s: Scenario, ans: Answer): CheckResult {
  if (s.expect?.uncovered) return NA;
  if (!ans.plan) return { applicable: true, failures: ['no plan'] };
  const failures: string[] = [];
  const names = allActivities(ans.plan)
    .filter((a) => a.type !== 'dining' && !isTransport(a))
    .map((a) => a.name);
  const seen = (re: RegExp): boolean => names.some((n) => re.test(n));
  for (const { city, nights } of visitedCities(ans.plan)) {
    const wanted = Math.min(city.headlines.length, nights >= 3 ? 3 : Math.max(0, nights));
    for (const h of city.headlines.slice(0, wanted)) {
      if (!seen(h.match)) failures.push(`${city.id}: headline "${h.label}" missing (${nights} nights)`);
    }
  }
  for (const m of s.expect?.mustSee ?? []) {
    if (!seen(m.match)) failures.push(`must-see "${m.label}" missing`);
  }
  return { applicable: true, failures };
}

export function checkTransfer(s: Scenario, ans: Answer): CheckResult {
  if (!ans.plan) return s.expect?.uncovered ? NA : { applicable: true, failures: ['no plan'] };
  const acts = allActivities(ans.plan);
  const js = journeys(ans.plan);
  if (js.length === 0) return NA;
  const failures: string[] = [];
  for (const j of js) {
    const arrive = ms(j.arrive);
    const next = acts.find((a) => ms(a.startTime) >= arrive && a !== j.activity);
    if (next && j.mode === 'flight' && cityOf(j.to)) {
      const leg = next.travelLeg;
      const ok = isTransport(next)
        ? leg?.mode !== 'walk'
        : !!leg && leg.mode !== 'walk' && leg.durationMinutes >= 15;
      if (!ok) {
        failures.push(
          `after landing in ${j.to} at ${hhmm(j.arrive)}: "${next.name}" reached by ${leg ? `${leg.mode} ${leg.durationMinutes} min` : 'no leg'}`,
        );
      }
    }
    // Departure: the last thing before it must end early enough for the transfer and check-in.
    const depart = ms(j.depart);
    const prev = [...acts]
      .reverse()
      .find((a) => ms(a.endTime) <= depart && a !== j.activity && !isTransport(a));
    if (prev && localDate(prev.endTime) === localDate(j.depart)) {
      const gap = (depart - ms(prev.endTime)) / 60_000;
      const need = j.mode === 'flight' ? (isInternational(j) ? 210 : 120) : 45;
      const transferBetween = acts.some(
        (a) =>
          isTransport(a) &&
          a !== j.activity &&
          ms(a.startTime) >= ms(prev.endTime) &&
          ms(a.endTime) <= depart,
      );
      if (gap < need && !(transferBetween && gap >= need - 30)) {
        failures.push(
          `"${prev.name}" ends ${hhmm(prev.endTime)}, ${j.mode} from ${j.from} leaves ${hhmm(j.depart)} (${Math.round(gap)} min < ${need})`,
        );
      }
    }
  }
  return { applicable: true, failures };
}

export function checkArrival(s: Scenario, ans: Answer): CheckResult {
  if (!ans.plan) return s.expect?.uncovered ? NA : { applicable: true, failures: ['no plan'] };
  const plan = ans.plan;
  const acts = allActivities(plan).filter((a) => !isTransport(a));
  const js = journeys(plan);
  if (js.length === 0) return NA;
  const failures: string[] = [];
  for (const j of js) {
    const city = cityOf(j.to);
    if (!city) continue;
    const arrive = ms(j.arrive);
    const buffer = j.mode === 'flight' ? 45 : 10;
    const first = js.find((x) => x !== j && cityOf(x.to)?.id === city.id && ms(x.arrive) < arrive);
    if (first) continue; // a second visit: the first arrival is what counts
    const earliest = arrive + buffer * 60_000;
    const early = acts.find((a) => inCity(a, city) && ms(a.startTime) < earliest);
    if (early) {
      failures.push(
        `"${early.name}" at ${early.startTime} before arriving in ${j.to} (${j.arrive}) + ${buffer} min`,
      );
    }
    for (const h of plan.accommodations) {
      // The stay's city when it has one: a street name may contain another city's ("Nanluoguxiang").
      if (!city.names.test(h.city || h.address)) continue;
      // Landing in the small hours (before 06:00) uses the bed of the night before: that night counts.
      const night = minutesOf(hhmm(j.arrive)) < 6 * 60 ? dayBefore(localDate(j.arrive)) : localDate(j.arrive);
      if (h.checkInDate < night) {
        failures.push(
          `hotel ${h.name} checked in ${h.checkInDate}, but arrival in ${j.to} is ${localDate(j.arrive)}`,
        );
      }
    }
    if (j.minutes >= 480) {
      const sameDay = acts.filter(
        (a) =>
          a.type === 'sightseeing' &&
          ms(a.startTime) > arrive &&
          localDate(a.startTime) === localDate(j.arrive),
      );
      const minutes = sameDay.reduce((t, a) => t + a.duration, 0);
      if (minutes > 180) {
        failures.push(`${minutes} min of sightseeing after a ${Math.round(j.minutes / 60)}-hour flight`);
      }
    }
    if (localDate(j.arrive) > localDate(j.depart) && ans.text && !ans.text.includes('+1')) {
      failures.push(`next-day arrival in ${j.to} not marked "+1"`);
    }
  }
  return { applicable: true, failures };
}

export function checkDates(s: Scenario, ans: Answer, referenceDate: string): CheckResult {
  const month = s.expect?.month;
  const window = s.expect?.startBetween;
  if (!month && !window) return NA;
  if (!ans.plan) return s.expect?.uncovered ? NA : { applicable: true, failures: ['no plan'] };
  const failures: string[] = [];
  const start = ans.plan.startDate;
  if (month) {
    const m = Number(start.slice(5, 7));
    const yearAhead = Date.parse(start) - Date.parse(referenceDate) <= 366 * 86_400_000;
    if (m !== month || !yearAhead || start < referenceDate)
      failures.push(`starts ${start}, asked for month ${month}`);
  }
  if (window && (start < window[0] || start > window[1])) {
    failures.push(`starts ${start}, asked for ${window[0]}..${window[1]}`);
  }
  if (ans.plan.warnings.some((w) => w.code === 'ASSUMED_START_DATE')) {
    failures.push('says no start date was given');
  }
  return { applicable: true, failures };
}

const SHARED_ROOM = /shared|dorm/i;

export function checkHotel(s: Scenario, ans: Answer): CheckResult {
  if (!ans.plan) return s.expect?.uncovered ? NA : { applicable: true, failures: ['no plan'] };
  if (ans.plan.accommodations.length === 0) return NA;
  const plan = ans.plan;
  const failures: string[] = [];
  const party = plan.travelerCount;
  const tier = s.expect?.tier;
  for (const h of plan.accommodations) {
    const shared = SHARED_ROOM.test(h.roomType);
    const beds = (h.rooms ?? 1) * h.maxOccupancy;
    if (beds < party) failures.push(`${h.name}: ${h.rooms} room(s) x ${h.maxOccupancy} for ${party} people`);
    if (party >= 2 && shared && tier !== 'budget')
      failures.push(`${h.name}: a shared room for a party of ${party}`);
    if (tier === 'luxury' && (h.starRating ?? 0) < 4)
      failures.push(`${h.name}: ${h.starRating ?? '?'} stars for a "good hotel" request`);
    if (tier === 'budget') {
      const city = cityOf(h.city ?? h.address);
      const options = (plan.alternatives?.hotels ?? []).filter((a) => !city || city.names.test(a.city));
      // What the party pays a night (a price per room or bed, times the rooms or beds booked).
      const partyNight = h.pricePerNight * Math.max(1, h.rooms ?? 1);
      if (options.length > 0 && options.every((o) => o.pricePerNight * Math.max(1, o.rooms) < partyNight)) {
        failures.push(`${h.name}: the priciest option for a "cheap" request`);
      }
    }
    if (shared && ans.text && !/多人间|床位|宿舍|dorm|shared room|bed in a/i.test(ans.text)) {
      failures.push(`${h.name}: a shared room not called a dorm in the text`);
    }
  }
  const { totalBudget: _budget, ...costs } = plan.budgetBreakdown;
  const spent = Object.values(costs).reduce((a, b) => a + b, 0);
  const poorRoom = plan.accommodations.some((h) => SHARED_ROOM.test(h.roomType) || (h.starRating ?? 3) <= 2);
  if (tier !== 'budget' && plan.totalBudget > 0 && spent < 0.4 * plan.totalBudget && poorRoom) {
    failures.push(
      `a hostel or 2-star room with ${Math.round(100 - (100 * spent) / plan.totalBudget)}% of the budget unspent`,
    );
  }
  return { applicable: true, failures };
}

export function checkIntercity(s: Scenario, ans: Answer): CheckResult {
  if (!ans.plan) return s.expect?.uncovered ? NA : { applicable: true, failures: ['no plan'] };
  const plan = ans.plan;
  const failures: string[] = [];
  const js = journeys(plan);
  for (const j of js) {
    const a = cityOf(j.from)?.id;
    const b = cityOf(j.to)?.id;
    if (a && b && railWins(a, b) && j.mode !== 'train')
      failures.push(`${j.from} -> ${j.to} by ${j.mode}; rail wins there`);
  }
  if (s.expect?.noFlights && (plan.flights.length > 0 || js.some((j) => j.mode === 'flight'))) {
    failures.push('flies although the traveller said no flights / by train');
  }
  for (const act of allActivities(plan)) {
    const leg = act.travelLeg;
    if (leg && !isTransport(act) && leg.mode === 'taxi' && leg.durationMinutes > 75) {
      failures.push(`"${act.name}" reached by a ${leg.durationMinutes}-minute taxi`);
    }
  }
  const home = js.at(-1);
  if (home && plan.itinerary.length >= 3 && minutesOf(hhmm(home.depart)) < 10 * 60 && !cityOf(home.to)) {
    failures.push(`the trip home leaves at ${hhmm(home.depart)}, throwing the last day away`);
  }
  return { applicable: true, failures };
}

const CLOSED_DAYS: { label: string; match: RegExp; weekday: number }[] = [
  { label: 'Louvre', match: /卢浮宫|louvre/i, weekday: 2 },
  { label: 'Palace Museum', match: /故宫|forbidden city|palace museum/i, weekday: 1 },
  { label: "Musée d'Orsay", match: /奥赛|orsay/i, weekday: 1 },
  { label: 'Versailles', match: /凡尔赛|versailles/i, weekday: 1 },
];

export function checkHours(s: Scenario, ans: Answer): CheckResult {
  if (!ans.plan) return s.expect?.uncovered ? NA : { applicable: true, failures: ['no plan'] };
  const sights = allActivities(ans.plan).filter((a) => a.type === 'sightseeing');
  if (sights.length === 0) return NA;
  const failures: string[] = [];
  for (const a of sights) {
    for (const b of BOOKING_REQUIRED) {
      if (b.match.test(a.name) && !a.bookingRequired)
        failures.push(`"${a.name}" needs booking but is not marked`);
    }
    const month = Number(localDate(a.startTime).slice(5, 7));
    if (month >= 11 || month <= 3) {
      for (const w of WINTER_CLOSING) {
        if (w.match.test(a.name) && minutesOf(hhmm(a.endTime)) > minutesOf(w.closes)) {
          failures.push(`"${a.name}" until ${hhmm(a.endTime)} in winter (closes ${w.closes})`);
        }
      }
    }
    const weekday = new Date(`${localDate(a.startTime)}T12:00:00Z`).getUTCDay();
    for (const c of CLOSED_DAYS) {
      if (c.match.test(a.name) && weekday === c.weekday)
        failures.push(`"${a.name}" on its closing day (${localDate(a.startTime)})`);
    }
  }
  return { applicable: true, failures };
}

const HONEST =
  /没有.{0,12}(数据|资料|信息)|暂无|暂不|未收录|尚未覆盖|未覆盖|不在.{0,6}覆盖|仅含交通|只含交通|交通和住宿|交通与住宿|no local data|not cover|don't (yet )?have|do not (yet )?have|outline|transport and stay|transport-and-stay/i;

export function checkCoverage(s: Scenario, ans: Answer): CheckResult {
  if (!s.expect?.uncovered) return NA;
  const failures: string[] = [];
  const said = `${ans.failureText ?? ''}\n${ans.text ?? ''}`;
  if (!ans.understood) failures.push('the request was not understood (asked again instead of answering)');
  if (!HONEST.test(said)) failures.push('does not say plainly that there is no local data');
  if (!CITIES.some((c) => c.names.test(said))) failures.push('offers no covered alternative');
  if (ans.plan) {
    const empty = ans.plan.itinerary.filter((d) => d.activities.length === 0);
    if (empty.length > 0) failures.push(`${empty.length} empty day(s)`);
    if ((ans.text?.match(/返程，无需住宿|no stay needed/g) ?? []).length > 1)
      failures.push('"no stay needed" on several days');
  }
  return { applicable: true, failures };
}

export function checkMeals(s: Scenario, ans: Answer): CheckResult {
  if (!ans.plan) return s.expect?.uncovered ? NA : { applicable: true, failures: ['no plan'] };
  const failures: string[] = [];
  let applicable = false;
  for (const day of ans.plan.itinerary) {
    const travelDay = day.activities.some(
      (a) => isTransport(a) && a.travelLeg && INTERCITY.has(a.travelLeg.mode),
    );
    const meals = day.activities.filter((a) => a.type === 'dining' && a.mealType);
    if (!travelDay) {
      applicable = true;
      for (const m of ['lunch', 'dinner'] as const) {
        if (!meals.some((a) => a.mealType === m)) failures.push(`day ${day.dayNumber}: no ${m}`);
      }
    }
    const city = cityOf(day.destination) ?? cityOf(meals[0]?.city);
    for (const a of meals) {
      if (a.mealType === 'breakfast') continue;
      applicable = true;
      if (a.cuisines.length > 0 && a.cuisines.every((c) => NOT_A_MEAL.test(c))) {
        failures.push(
          `day ${day.dayNumber}: ${a.mealType} at "${a.name}" (${a.cuisines.join(', ')}) is not a meal`,
        );
      }
      const t = minutesOf(hhmm(a.startTime));
      if (a.mealType === 'lunch' && (t < 11 * 60 || t > 14 * 60 + 30))
        failures.push(`day ${day.dayNumber}: lunch at ${hhmm(a.startTime)}`);
      if (a.mealType === 'dinner') {
        const earliest = minutesOf(city?.earliestDinner ?? '17:30');
        if (t < earliest || t > 21 * 60 + 30)
          failures.push(
            `day ${day.dayNumber}: dinner at ${hhmm(a.startTime)} in ${city?.id ?? day.destination}`,
          );
      }
    }
    const specific = new Map<string, number>();
    for (const a of meals) {
      for (const c of new Set(a.cuisines.map((x) => x.toLowerCase()))) {
        if (BROAD_CUISINES.has(c) || NOT_A_MEAL.test(c)) continue;
        specific.set(c, (specific.get(c) ?? 0) + 1);
      }
    }
    for (const [c, n] of specific) if (n > 1) failures.push(`day ${day.dayNumber}: ${c} ${n} times`);
  }
  const wish = s.expect?.evening;
  if (wish) {
    applicable = true;
    const re = EVENING_WISHES[wish]!;
    const matching = allActivities(ans.plan).filter(
      (a) => a.type !== 'dining' && !isTransport(a) && re.test(a.name),
    );
    if (!matching.some((a) => minutesOf(hhmm(a.startTime)) >= 17 * 60)) {
      failures.push(
        `evening wish (${wish}) not in an evening: ${matching.map((a) => `${a.name}@${hhmm(a.startTime)}`).join(', ') || 'not planned'}`,
      );
    }
  }
  return { applicable, failures };
}

const CJK = /[\u3400-\u9fff]/;
const EN_LABELS = /\b(Stay|Train|Flight|Breakfast|Lunch|Dinner|Day \d+|Budget|Weather)\b/;
const AMOUNT = /\d[\d,.]*\s?(CNY|RMB|USD|EUR|JPY|THB|SGD|HKD|GBP)\b/g;

export function checkOutput(s: Scenario, ans: Answer): CheckResult {
  if (!ans.plan || !ans.text) return s.expect?.uncovered ? NA : { applicable: true, failures: ['no plan'] };
  const failures: string[] = [];
  const text = ans.text;
  const head = text.split('\n').slice(0, 8).join('\n');
  if (
    !/\d+\s*(人|位|travell?ers?|adults?|people|guests?|persons?)/i.test(head) ||
    !/预算|budget/i.test(head)
  ) {
    failures.push('no summary (party and total against budget) at the top');
  }
  if (s.lang === 'en') {
    const line = text.split('\n').find((l) => CJK.test(l));
    if (line) failures.push(`Chinese in English output: "${line.trim().slice(0, 60)}"`);
  } else {
    const line = text.split('\n').find((l) => EN_LABELS.test(l));
    if (line) failures.push(`English labels in Chinese output: "${line.trim().slice(0, 60)}"`);
  }
  const outside = text.replace(/\([^)]*\)|（[^）]*）/g, '');
  const currencies = new Set([...outside.matchAll(AMOUNT)].map((m) => (m[1] === 'RMB' ? 'CNY' : m[1])));
  if (currencies.size > 1) failures.push(`several currencies: ${[...currencies].join(', ')}`);
  const noTheme = ans.plan.itinerary.filter((d) => !d.theme);
  if (noTheme.length > 0) failures.push(`${noTheme.length} day(s) without a theme`);
  if (
    ans.plan.itinerary.some((d) => d.activities.some((a) => a.bookingRequired && a.type === 'sightseeing'))
  ) {
    if (!/需预约|预约|需预订|book|reserv/i.test(text))
      failures.push('booking-required sights not marked in the text');
  }
  const tips = ans.plan.tips;
  if (tips.length > 0 && !tips.some((t) => text.includes(t.slice(0, 12))))
    failures.push('city tips not printed');
  return { applicable: true, failures };
}

export function checkScenario(
  s: Scenario,
  ans: Answer,
  referenceDate: string,
): Record<RealismClass, CheckResult> {
  return {
    headline: checkHeadline(s, ans),
    transfer: checkTransfer(s, ans),
    arrival: checkArrival(s, ans),
    dates: checkDates(s, ans, referenceDate),
    hotel: checkHotel(s, ans),
    intercity: checkIntercity(s, ans),
    hours: checkHours(s, ans),
    coverage: checkCoverage(s, ans),
    meals: checkMeals(s, ans),
    output: checkOutput(s, ans),
  };
}
