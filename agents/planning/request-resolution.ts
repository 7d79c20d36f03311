/**
 * Step 1, request resolution: resolves the cities (or chooses them in a region), the dates, the
 * party and the budget, and splits the nights over the cities.
 */
import { haversineKm } from './geo.js';
import type { CityInfo } from '../ports/providers.js';
import type { PlanWarning } from '../schemas/travel-plan.js';
import { type TripRequest, partySize } from '../schemas/trip-request.js';
import { addDays, daysBetween } from './calendar.js';
import { gatherLegs } from './gathering.js';
import type { TaskLog } from './task-log.js';
import { chooseTransport, groundCost } from './transport-agent.js';
import { type CityStay, type Gathered, type Resolved, fail, round2 } from './trip-context.js';
import type { PlannerDeps } from './types.js';

async function resolveRequest(
  request: TripRequest,
  deps: PlannerDeps,
  today: string,
): Promise<Omit<Resolved, 'cities'> & { cities: CityInfo[]; candidates: CityInfo[] | null }> {
  const { geo } = deps.providers;
  const warnings: PlanWarning[] = [];
  const origin = await geo.resolveCity(request.origin.name, request.origin);
  if (!origin) {
    throw fail(
      'UNKNOWN_CITY',
      `Unknown departure city "${request.origin.name}".`,
      `无法识别出发城市"${request.origin.name}"。`,
      {
        city: request.origin.name,
      },
    );
  }
  const cities: CityInfo[] = [];
  for (const d of request.destinations) {
    const c = await geo.resolveCity(d.name, d);
    if (!c) {
      throw fail('UNKNOWN_CITY', `Unknown destination "${d.name}".`, `无法识别目的地"${d.name}"。`, {
        city: d.name,
      });
    }
    if (!cities.some((x) => x.id === c.id)) cities.push(c);
  }
  let candidates: CityInfo[] | null = null;
  if (cities.length === 0 && request.region) {
    const inRegion = (await geo.citiesInRegion(request.region.name)).filter((c) => c.id !== origin.id);
    if (inRegion.length < request.region.cityCount) {
      throw fail(
        'UNKNOWN_CITY',
        `Only ${inRegion.length} plannable cities found in ${request.region.name}, ${request.region.cityCount} requested.`,
        `在${request.region.name}只找到${inRegion.length}个可规划的城市，少于要求的${request.region.cityCount}个。`,
      );
    }
    candidates = inRegion.slice(0, Math.max(request.region.cityCount, Math.min(6, inRegion.length)));
  }

  // Dates.
  let startDate = request.startDate ?? null;
  let days = request.days ?? null;
  if (request.startDate && request.endDate) {
    const span = daysBetween(request.startDate, request.endDate) + 1;
    if (span < 1)
      throw fail('INVALID_DATES', 'The end date is before the start date.', '结束日期早于开始日期。');
    if (days && days !== span) {
      warnings.push({
        code: 'DAYS_MISMATCH',
        message: `The dates span ${span} days, not ${days}; the dates were used.`,
        messageZh: `日期跨度为${span}天而不是${days}天，已按日期规划。`,
      });
    }
    days = span;
  } else if (!startDate && request.endDate && days) {
    startDate = addDays(request.endDate, -(days - 1));
  }
  if (days !== null && days < 1)
    throw fail('INVALID_DATES', 'A trip needs at least one day.', '行程至少需要一天。');
  if (!days)
    throw fail(
      'NO_DATES',
      'How many days is the trip? Give dates or a duration.',
      '请告诉我行程天数或具体日期。',
    );
  const namedMonth =
    request.travelMonth ?? (request.startMonth ? Number(request.startMonth.slice(5, 7)) : null);
  if (
    !startDate &&
    request.startMonth &&
    Number(request.startMonth.slice(0, 4)) > Number(today.slice(0, 4))
  ) {
    // A month in a named later year: its first day.
    startDate = `${request.startMonth}-${monthPartDay(request.startMonthPart)}`;
    warnings.push({
      code: 'ASSUMED_DAY_IN_MONTH',
      message: `You named the month but not the day; the plan starts on ${startDate}. Give exact dates to change it.`,
      messageZh: `您给出了月份但没有具体日期，本计划按${startDate}出发安排；告诉我具体日期即可调整。`,
    });
  }
  if (!startDate && namedMonth) {
    // A month without a day: its first day, or two weeks from today when that is already past.
    const year = Number(today.slice(0, 4));
    const mm = String(namedMonth).padStart(2, '0');
    const dd = monthPartDay(request.startMonthPart);
    let first = `${year}-${mm}-${dd}`;
    const lastOfMonth = addDays(
      `${namedMonth === 12 ? year + 1 : year}-${String((namedMonth % 12) + 1).padStart(2, '0')}-01`,
      -1,
    );
    if (lastOfMonth < addDays(today, 3)) first = `${year + 1}-${mm}-${dd}`;
    startDate = first < addDays(today, 14) ? addDays(today, 14) : first;
    if (startDate.slice(5, 7) !== mm) startDate = first;
    warnings.push({
      code: 'ASSUMED_DAY_IN_MONTH',
      message: `You named the month but not the day; the plan starts on ${startDate}. Give exact dates to change it.`,
      messageZh: `您给出了月份但没有具体日期，本计划按${startDate}出发安排；告诉我具体日期即可调整。`,
    });
  }
  if (!startDate) {
    startDate = addDays(today, 14);
    warnings.push({
      code: 'ASSUMED_START_DATE',
      message: `No start date was given; the plan assumes ${startDate}.`,
      messageZh: `未提供出发日期，本计划假设${startDate}出发。`,
    });
  }
  const people = partySize(request);
  const currency = request.budget?.currency ?? origin.currency ?? 'CNY';
  let budget: number | null = null;
  if (request.budget) {
    const total = request.budget.perPerson ? request.budget.amount * people : request.budget.amount;
    budget = round2(deps.providers.rates.convert(total, request.budget.currency, currency));
  }
  return { request, origin, cities, candidates, startDate, days, people, currency, budget, warnings };
}

/** The day a month's part starts on (`late April`: the 21st); the 1st without a part. */
function monthPartDay(part: 'early' | 'mid' | 'late' | null | undefined): string {
  return part === 'late' ? '21' : part === 'mid' ? '11' : '01';
}

/** Splits the trip's nights over the cities as evenly as possible (earlier cities get the remainder). */
export function splitNights(totalNights: number, cityCount: number): number[] {
  const base = Math.floor(totalNights / cityCount);
  const extra = totalNights % cityCount;
  return Array.from({ length: cityCount }, (_, i) => base + (i < extra ? 1 : 0));
}

/**
 * The nights of each city when the traveller gave each its days (`北京3天西安2天`: 3 nights in
 * Beijing, 1 in Xi'an, home on day 5): a city's days are its nights, the last city's one fewer (its
 * last day is the way home); null when the days do not add up to the trip or leave a city no night.
 */
export function statedNights(
  totalNights: number,
  stated: readonly (number | null | undefined)[] | undefined,
  cityCount: number,
): number[] | null {
  if (!stated || stated.length !== cityCount || cityCount < 2) return null;
  if (!stated.every((d): d is number => typeof d === 'number' && d >= 1)) return null;
  const nights = stated.map((d, i) => (i === cityCount - 1 ? d - 1 : d));
  // `北京4天上海1天`: the last city still gets its night, from the city before it.
  if (nights[cityCount - 1] === 0 && nights[cityCount - 2]! > 1) {
    nights[cityCount - 2]! -= 1;
    nights[cityCount - 1] = 1;
  }
  const sum = nights.reduce((a, b) => a + b, 0);
  return sum === totalNights && nights.every((n) => n >= 1) ? nights : null;
}

/**
 * The stay of each city: the days the traveller gave each city when they add up to the trip,
 * else the nights split as evenly as possible.
 */
export function staysFor(
  cities: CityInfo[],
  startDate: string,
  days: number,
  stated?: readonly (number | null | undefined)[],
): CityStay[] {
  const total = Math.max(0, days - 1);
  const nights = statedNights(total, stated, cities.length) ?? splitNights(total, cities.length);
  let day = 1;
  return cities.map((city, i) => {
    const stay: CityStay = {
      city,
      arrivalDay: day,
      nights: nights[i]!,
      checkIn: addDays(startDate, day - 1),
      checkOut: addDays(startDate, day - 1 + nights[i]!),
    };
    day += nights[i]!;
    return stay;
  });
}

/** Chooses the order of region cities whose legs all have a way to travel (cheapest first). */
async function chooseRegionCities(
  deps: PlannerDeps,
  base: Omit<Resolved, 'cities'> & { candidates: CityInfo[] | null },
  log: TaskLog,
): Promise<CityInfo[]> {
  const candidates = base.candidates!;
  const n = base.request.region!.cityCount;
  const withData: CityInfo[] = [];
  for (const c of candidates) {
    if ((await deps.providers.attractions.attractions(c)).length > 0) withData.push(c);
  }
  const pool = withData.length >= n ? withData : candidates;
  const sequences: CityInfo[][] = [];
  const permute = (prefix: CityInfo[], rest: CityInfo[]) => {
    if (sequences.length >= 120) return;
    if (prefix.length === n) {
      sequences.push(prefix);
      return;
    }
    rest.forEach((c, i) => permute([...prefix, c], [...rest.slice(0, i), ...rest.slice(i + 1)]));
  };
  permute([], pool.slice(0, 6));
  return log.run(
    'coordinator',
    'choose_cities',
    { region: base.request.region!.name, candidates: pool.map((c) => c.nameEn) },
    async () => {
      let best: { seq: CityInfo[]; cost: number } | null = null;
      for (const seq of sequences) {
        const r: Resolved = { ...base, cities: seq };
        const legs = await gatherLegs(deps, r, staysFor(seq, r.startDate, r.days));
        const choice = chooseTransport(legs, r, deps, 'cheapest');
        if (!choice) continue;
        const cost = choice.choices.reduce((s, c, i) => {
          if (c.kind === 'flight')
            return s + deps.providers.rates.convert(c.flight.price * r.people, c.flight.currency, r.currency);
          return s + groundCost(c.option, r, deps).cost + legs[i]!.dayNumber * 0;
        }, 0);
        if (!best || cost < best.cost) best = { seq, cost };
      }
      if (!best) {
        throw fail(
          'NO_ROUTE',
          `No way to travel between ${n} cities of ${base.request.region!.name} was found.`,
          `在${base.request.region!.name}找不到可以连通的${n}个城市。`,
        );
      }
      return best.seq;
    },
    (seq) => ({ resultType: 'success', confidence: 0.8, data: { cities: seq.map((c) => c.nameEn) } }),
  );
}

/**
 * Step 1 on its own: resolves a validated request (cities, region choice, dates, party, budget).
 * @throws PlanningFailure for an impossible request.
 */
export async function resolveTrip(
  request: TripRequest,
  deps: PlannerDeps,
  today: string,
  log: TaskLog,
): Promise<Resolved> {
  const base = await resolveRequest(request, deps, today);
  const cities = base.candidates ? await chooseRegionCities(deps, base, log) : base.cities;
  if (cities.length > Math.max(1, base.days - 1)) {
    throw fail(
      'TOO_MANY_CITIES',
      `${cities.length} cities do not fit in ${base.days} day(s): each city needs at least one night.`,
      `${base.days}天无法游览${cities.length}个城市：每个城市至少需要住一晚。`,
      { cities: cities.length, days: base.days },
    );
  }
  const outline = await checkCoverage(cities, deps, request.language, request.outlineIfUncovered === true);
  if (!outline) {
    const kept = await coveredStops(cities, deps);
    if (kept.length < cities.length) {
      const gone = cities.filter((c) => !kept.includes(c));
      const names = (l: 'zh' | 'en') =>
        gone.map((c) => (l === 'zh' ? (c.nameZh ?? c.name) : c.nameEn)).join(l === 'zh' ? '、' : ', ');
      const keptNames = (l: 'zh' | 'en') =>
        kept.map((c) => (l === 'zh' ? (c.nameZh ?? c.name) : c.nameEn)).join(l === 'zh' ? '、' : ', ');
      base.warnings.push({
        code: 'NO_LOCAL_DATA',
        message: `There is no local data for ${names('en')} yet (sights, restaurants, hotels), so the plan gives its days to ${keptNames('en')} instead of leaving them empty; tell me if you still want nights there and I will keep them free.`,
        messageZh: `暂无${names('zh')}的本地数据（景点、餐厅、住宿），为避免空白日程，这几天已安排在${keptNames('zh')}；如仍想在${names('zh')}住几晚，请告诉我，我会把那几天留作自由安排。`,
      });
      // The destinations follow their cities (a dropped city's days are spread over the others).
      const sameOrder = !base.candidates && request.destinations.length === cities.length;
      const destinations = sameOrder
        ? request.destinations.filter((_, i) => kept.includes(cities[i]!))
        : request.destinations.map((d) => ({ ...d, days: undefined }));
      return { ...base, request: { ...base.request, destinations }, cities: kept };
    }
  }
  if (outline) {
    base.warnings.push({
      code: 'OUTLINE_ONLY',
      message: `Outline only: there is no local data for ${cities.map((c) => c.nameEn).join(', ')}, so this shows the journey and the nights only — no sights, meals or hotel picks. Plan the days locally.`,
      messageZh: `仅为交通与住宿概要：暂无${cities.map((c) => c.nameZh ?? c.name).join('、')}的本地数据，只列出往返交通和住宿晚数，不含景点、餐饮和酒店推荐，当地行程请自行安排。`,
    });
  }
  return { ...base, cities, ...(outline ? { outline: true } : {}) };
}

/**
 * Honest coverage: when none of the destinations has local data (places and restaurants), no
 * plan is made of empty days; the failure says so plainly and offers the nearest covered cities.
 * A trip where only some cities are covered is planned, with a warning for the others.
 */
export async function checkCoverage(
  cities: CityInfo[],
  deps: PlannerDeps,
  lang: 'zh' | 'en',
  /** The traveller accepts a transport-and-stay-only outline: returns true instead of failing. */
  allowOutline = false,
): Promise<boolean> {
  if (cities.length === 0) return false;
  const uncovered: CityInfo[] = [];
  for (const c of cities) {
    if ((await deps.providers.attractions.attractions(c)).length === 0) uncovered.push(c);
  }
  if (uncovered.length < cities.length) return false;
  if (allowOutline) return true;
  const first = uncovered[0]!;
  const covered = (await deps.providers.knowledge.destinations()).map((d) => d.city);
  const nearest = covered
    .filter((c) => c.coordinates && first.coordinates && !cities.some((x) => x.id === c.id))
    .map((c) => ({ c, km: haversineKm(c.coordinates!, first.coordinates!) }))
    .sort((a, b) => a.km - b.km)
    .slice(0, 3);
  const names = (l: 'zh' | 'en') =>
    nearest.map((n) => `${l === 'zh' ? (n.c.nameZh ?? n.c.name) : n.c.nameEn} (${Math.round(n.km)} km)`);
  const list = uncovered.map((c) => c.nameEn).join(', ');
  const listZh = uncovered.map((c) => c.nameZh ?? c.name).join('、');
  void lang;
  throw fail(
    'NOT_COVERED',
    `I do not have local data for ${list} yet (sights, restaurants, hotels), so I cannot plan its days honestly.` +
      (nearest.length > 0 ? ` The nearest cities I can plan in full: ${names('en').join(', ')}.` : '') +
      ' If you like, I can make a transport-and-stay-only outline instead (clearly labelled, no sights or meals).',
    `暂时没有${listZh}的本地数据（景点、餐厅、住宿），无法如实安排行程。` +
      (nearest.length > 0 ? `可以完整规划的最近城市：${names('zh').join('、')}。` : '') +
      '如需要，也可以只做一份往返交通与住宿晚数的概要（明确标注，不含景点和餐饮）。',
    {
      uncovered: uncovered.map((c) => c.nameEn),
      /** Ask again with `outline_if_uncovered: true` for the transport-and-stay outline. */
      outlineAvailable: true,
      alternatives: nearest.map((n) => ({
        city: n.c.nameEn,
        cityZh: n.c.nameZh ?? null,
        km: Math.round(n.km),
      })),
    },
  );
}

/**
 * The cities of a partly covered trip that have local data (places): a stop without any would be
 * days of nothing and nights without a bed, so its days go to the covered cities (and it is said).
 */
async function coveredStops(cities: CityInfo[], deps: PlannerDeps): Promise<CityInfo[]> {
  const kept: CityInfo[] = [];
  for (const c of cities) if ((await deps.providers.attractions.attractions(c)).length > 0) kept.push(c);
  return kept.length > 0 ? kept : cities;
}

/** Warns about cities without any place or restaurant data (their days stay free). */
export function addDataWarnings(r: Resolved, gathered: Gathered): void {
  for (const s of gathered.stays) {
    if (
      (gathered.attractions.get(s.city.id) ?? []).length === 0 &&
      (gathered.restaurants.get(s.city.id) ?? []).length === 0
    ) {
      r.warnings.push({
        code: 'NO_LOCAL_DATA',
        message: `There is no place or restaurant data for ${s.city.nameEn}; its days are left free.`,
        messageZh: `暂无${s.city.nameZh ?? s.city.name}的景点和餐厅数据，相关日程留空。`,
      });
    }
  }
}
