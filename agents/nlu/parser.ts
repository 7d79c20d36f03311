/**
 * The deterministic request parser (the offline default): a trip request written in Chinese or
 * English becomes a draft {@link TripRequest}, with a confidence per field, the fields it could not
 * fill, notes for the user, and the fine-grained constraints a TripRequest has no field for.
 *
 * Pure and synchronous: no network, no file reading, nothing executed from the text. Text that
 * tries to instruct ("ignore previous instructions ...") is only text to read.
 */
import { extractPassport } from './passport.js';
import type { IntercityMode, TripRequest } from '../schemas/trip-request.js';
import { extractBudget } from './budget.js';
import type { BudgetResult } from './budget.js';
import { cuisineName, extractClauses, keepSightNames, terseSights } from './clauses.js';
import type { ParseContext } from './context.js';
import { extractDates, extractDuration, monthPartOf } from './dates.js';
import { extractEvenings } from './evenings.js';
import { extractEveningWishes } from './evening.js';
import { rewriteForm } from './forms.js';
import { spelledAmounts } from './money.js';
import { correctPlaceTypos } from './typos.js';
import { correctTimeTypos } from './time-typos.js';
import type { Gazetteer } from './gazetteer.js';
import { ATTRACTION_CATEGORIES_ZH, HOTEL_FEATURES_ZH } from './lexicon.js';
import { extractParty } from './party.js';
import { extractPlaces, placeRef } from './places.js';
import { perCityDays } from './city-days.js';
import { dayPlanLength, daySegments, daySights } from './day-plan.js';
import {
  extractCuisines,
  extractDietary,
  extractHouseRules,
  extractInterests,
  extractPace,
  extractRoomType,
  extractStars,
  extractTiers,
  statedModes,
  dropChangedModes,
  complainedModes,
  questionOnlyModes,
  extractReturnWindow,
  extractTransport,
  extractTravelStyle,
} from './prefs.js';
import { addDays, detectLanguage, diffDays, foldChineseVariants, normalizeText } from './text.js';
import type { Segmenter } from './text.js';
import type { MissingField, ParseResult, TripRequestDraft } from './types.js';
import { emptyConstraints } from './types.js';

export interface ParseOptions {
  gazetteer: Gazetteer;
  /** The user's today, `YYYY-MM-DD`: relative dates (明天, next Friday, 国庆) are resolved from it. */
  today: string;
  /** Chinese word segmentation (e.g. jieba); the parser works without it, a little less precisely. */
  segmenter?: Segmenter;
  /** Longest text read; the rest is dropped and a note says so. Default 2,000 characters. */
  maxLength?: number;
}

export const DEFAULT_MAX_LENGTH = 2000;

function capLength(text: string, max: number, notes: string[]): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  notes.push(
    `Input truncated to the first ${max} of ${chars.length} characters / 输入过长，只读取了前 ${max} 个字符（共 ${chars.length} 个）。`,
  );
  return chars.slice(0, max).join('');
}

function dedupe<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/**
 * `$150 a day`, `每天500`: an amount for one day becomes the trip's (per day x days); without a length
 * it stays the daily amount, and a note says so.
 */
function perDayToTotal(
  budget: BudgetResult,
  days: number | null | undefined,
  lang: string,
  notes: string[],
): void {
  const daily = budget.amount;
  if (days == null || days < 1) {
    notes.push(
      lang === 'zh'
        ? `预算是每天${daily}，行程天数未知，暂按${daily}记录。`
        : `The budget (${daily}) is per day and the trip length is unknown; ${daily} is kept for now.`,
    );
    return;
  }
  budget.amount = daily * days;
  if (budget.minAmount !== undefined) budget.minAmount *= days;
  notes.push(
    lang === 'zh'
      ? `预算是每天${daily}，按${days}天计为${budget.amount}。`
      : `The budget is ${daily} per day; over ${days} days that is ${budget.amount}.`,
  );
}

/** Parses a trip request written in Chinese or English. Never throws on any string input. */
export function parseTripText(text: string, options: ParseOptions): ParseResult {
  const notes: string[] = [];
  const raw = typeof text === 'string' ? text : '';
  // Traditional and Cantonese text is read (and its names given back) in Simplified Mandarin.
  const cut = foldChineseVariants(capLength(raw, options.maxLength ?? DEFAULT_MAX_LENGTH, notes));
  // Form lines become clauses (forms.ts); the text as written keeps the same offsets as the working text.
  const lang0 = detectLanguage(normalizeText(cut));
  const formed = rewriteForm(cut.replace(/\r\n?/g, '\n'), lang0);
  const capped = spelledAmounts(correctPlaceTypos(correctTimeTypos(formed), options.gazetteer, notes, lang0));
  const normalized = normalizeText(capped);
  const today = /^\d{4}-\d{2}-\d{2}$/.test(options.today)
    ? options.today
    : new Date().toISOString().slice(0, 10);
  const lang = detectLanguage(normalized);
  const confidence: Record<string, number> = {};
  const request: TripRequestDraft = {
    destinations: [],
    travelers: { adults: 1, children: 0, childAges: [] },
    mustVisit: [],
    mustAvoid: [],
    transport: { avoid: [], prefer: [] },
    cuisines: [],
    dietaryRestrictions: [],
    accommodation: { houseRules: [], amenities: [] },
    interests: [],
    language: lang,
  };
  const ctx: ParseContext = {
    text: normalized,
    original: normalized,
    raw: capped,
    lang,
    today,
    gazetteer: options.gazetteer,
    segmenter: options.segmenter,
    notes,
    confidence,
    constraints: emptyConstraints(),
    request,
    vague: new Set(),
  };
  confidence['language'] = normalized.trim() ? 0.9 : 0.3;
  if (!normalized.trim()) {
    notes.push('Empty request / 请求为空。');
  }

  // 1. Clauses that name things (masked so their names are not read again below).
  const stars = extractStars(ctx);
  // Evening words are read (and masked) before the must-visits, so 演出 or "a night view" is
  // never taken for a place; they become `evenings` once the must-visits are known.
  const eveningWords = extractEvenings(ctx);
  extractClauses(ctx);
  const c = ctx.constraints;

  // 2. Dates and trip length.
  const dates = extractDates(ctx);
  const duration = extractDuration(ctx);
  const start = dates?.start;
  let end = dates?.end;
  let days = duration.days;
  if (start && end) {
    const span = diffDays(start, end) + 1;
    if (span < 1 || span > 60) {
      notes.push(
        lang === 'zh'
          ? '日期范围无效，已忽略结束日期。'
          : 'The date range is invalid; the end date was dropped.',
      );
      end = undefined;
    } else if (days !== undefined && days !== span) {
      // A "range" of one day against a longer stated length is one date mentioned twice (a
      // subject line and the body naming the same week), not a day trip.
      if (dates!.kind === 'range' && !(span === 1 && days > 1)) {
        notes.push(
          lang === 'zh'
            ? `天数（${days}天）与日期（${span}天）不一致，按日期计算。`
            : `The trip length (${days} days) and the dates (${span} days) disagree; the dates are used.`,
        );
        days = span;
      } else {
        end = addDays(start, days - 1);
      }
    } else days = span;
  }
  if (start && !end && days !== undefined) end = addDays(start, days - 1);
  if (start) request.startDate = start;
  else if (dates?.month) {
    request.startMonth = dates.month;
    const part = monthPartOf(ctx.original);
    if (part) request.startMonthPart = part;
  }
  if (end) request.endDate = end;
  if (days !== undefined) request.days = days;
  confidence['dates'] = start || dates?.month ? (dates?.confidence ?? 0.5) : 0;
  confidence['days'] =
    days !== undefined ? (duration.days !== undefined ? duration.confidence : (dates?.confidence ?? 0.5)) : 0;

  // 3. Budget, stars, party.
  const budget = extractBudget(ctx);
  const party = extractParty(ctx);
  if (budget?.perDay) perDayToTotal(budget, request.days, lang, notes);
  if (budget)
    request.budget = {
      amount: budget.amount,
      currency: budget.currency,
      // `我们三个……一个人预算五百`: the amount is per head in a party of several.
      perPerson: budget.perPerson || (!!budget.perHeadIfParty && party.adults + party.children > 1),
      ...(budget.minAmount !== undefined ? { minAmount: budget.minAmount } : {}),
    };
  confidence['budget'] = budget?.confidence ?? 0;
  request.travelers = { adults: party.adults, children: party.children, childAges: party.childAges };
  confidence['travelers'] = party.confidence;

  // 4. Places.
  const places = extractPlaces(ctx);
  if (places.origin) request.origin = places.origin;
  request.destinations = places.destinations;
  if (places.region) request.region = places.region;
  // 北京3天西安2天: the days of each city; the trip lasts their sum unless dates say otherwise.
  const cityDays = perCityDays(ctx.original, places.destinations);
  if (cityDays) {
    const sum = cityDays.reduce((a, b) => a + b, 0);
    const fixedByDates = !!(start && end && dates?.kind === 'range');
    if (!fixedByDates && (request.days == null || (request.days < sum && cityDays.includes(request.days)))) {
      request.days = sum;
      if (request.startDate) request.endDate = addDays(request.startDate, sum - 1);
      confidence['days'] = Math.max(confidence['days'] ?? 0, 0.8);
    }
    if (request.days === sum) places.destinations.forEach((d, i) => (d.days = cityDays[i]!));
  }
  // 第1天上海，第2-3天杭州，第4天乌镇 / Day 1 Rome, days 2-4 Florence: the last day named is the length.
  const daySegs = daySegments(ctx.original);
  const planDays = dayPlanLength(daySegs);
  if (
    planDays !== undefined &&
    !(start && end && dates?.kind === 'range') &&
    (request.days == null || request.days < planDays)
  ) {
    request.days = planDays;
    if (request.startDate) request.endDate = addDays(request.startDate, planDays - 1);
    confidence['days'] = Math.max(confidence['days'] ?? 0, 0.8);
  }
  confidence['origin'] = places.confidence.origin;
  confidence['destinations'] = places.confidence.destinations;
  // `2 days each`: the length is per place.
  const eachOf = places.destinations.length > 1 ? places.destinations.length : (duration.eachPlaces ?? 0);
  if (duration.perPlace && eachOf > 1) {
    request.days = duration.perPlace * eachOf;
    if (request.startDate) request.endDate = addDays(request.startDate, request.days - 1);
  }

  // 5. Preferences.
  const transport = extractTransport(ctx);
  const avoid = new Set<IntercityMode>(transport.avoid);
  const prefer = new Set<IntercityMode>(transport.prefer);
  const { outbound, return: back } = c.legs;
  for (const leg of [outbound, back]) {
    if (!leg) continue;
    const mode = leg.mode as IntercityMode;
    if (!leg.avoid) prefer.add(mode);
  }
  const avoidedLegs = [outbound, back].filter((l) => l?.avoid);
  if (avoidedLegs.length > 0) {
    const modes = new Set(avoidedLegs.map((l) => l!.mode));
    const bothSame = outbound?.avoid && back?.avoid && outbound.mode === back.mode;
    const single = avoidedLegs.length === 1 && !(outbound && back);
    if (bothSame || single) for (const m of modes) avoid.add(m as IntercityMode);
    else
      notes.push(
        lang === 'zh'
          ? '去程和回程排除的交通方式不同，已分别记录在各程的约束中。'
          : 'Different modes are ruled out for the outbound and the return leg; each leg keeps its own.',
      );
  }
  const stated = statedModes(ctx);
  for (const m of stated.avoid) avoid.add(m);
  for (const m of stated.prefer) prefer.add(m);
  for (const m of avoid) prefer.delete(m);
  // `Flying is too expensive`, `火车太久了`: a mode complained about is not wished for (nor ruled
  // out: the writer may still take it); a mode only weighed in a question is not chosen.
  for (const m of [...complainedModes(ctx.original), ...questionOnlyModes(ctx.original)]) prefer.delete(m);
  dropChangedModes(ctx.original, prefer);
  request.transport = { avoid: [...avoid], prefer: [...prefer] };
  const returnWindow = extractReturnWindow(ctx);
  if (returnWindow) request.transport.returnWindow = returnWindow;
  confidence['transport'] = avoid.size + prefer.size > 0 ? 0.9 : 0;

  const cuisines = extractCuisines(ctx);
  const typeCuisines = c.restaurantTypes.include.map(cuisineName);
  request.cuisines = dedupe([...typeCuisines, ...cuisines.wanted]);
  c.cuisinesAvoid = dedupe([...c.restaurantTypes.exclude.map(cuisineName), ...cuisines.avoided]);
  confidence['cuisines'] = request.cuisines.length > 0 ? 0.9 : 0;
  request.dietaryRestrictions = extractDietary(ctx);

  const houseRules = extractHouseRules(ctx);
  if (
    party.children > 0 &&
    !houseRules.includes('children_under_10') &&
    (party.childAges.length === 0 || party.childAges.some((a) => a < 10))
  ) {
    houseRules.push('children_under_10');
    notes.push(
      lang === 'zh'
        ? '同行有孩子，住宿需允许10岁以下儿童入住。'
        : 'Children are travelling: stays must allow children under 10.',
    );
  }
  const roomType = extractRoomType(ctx);
  const amenities = c.hotelFeatures.include.map((f) => HOTEL_FEATURES_ZH[f] ?? f);
  request.accommodation = {
    ...request.accommodation,
    houseRules,
    amenities: dedupe(amenities),
    ...(roomType ? { roomType } : {}),
    ...(stars ? { stars } : {}),
  };
  confidence['accommodation'] = houseRules.length + amenities.length > 0 || roomType || stars ? 0.9 : 0;

  terseSights(ctx);
  // D2 八大关 / Day 3: Senso-ji in the morning: a day's programme names a sight to see.
  const sights =
    daySegs.length > 0 ? daySights(ctx.original, daySegs, ctx.gazetteer.findMentions(ctx.original)) : [];
  for (const sight of sights)
    if (!c.attractions.include.includes(sight) && !c.attractions.exclude.includes(sight))
      c.attractions.include.push(sight);
  // `Day 1-2 Edinburgh Castle, Day 3 Arthur's Seat` and no stop named: the city a sight is named after.
  if (request.destinations.length === 0 && !request.region) {
    for (const sight of sights) {
      const words = sight.split(/\s+/);
      const city =
        words.length > 1
          ? ctx.gazetteer.lookup(words.slice(0, -1).join(' ')).find((p) => p.kind === 'city')
          : undefined;
      if (city) {
        request.destinations.push(placeRef(ctx, city, city.en));
        break;
      }
    }
  }
  keepSightNames(ctx);
  request.mustVisit = dedupe(c.attractions.anyOf ? [] : c.attractions.include);
  request.mustAvoid = dedupe(c.attractions.exclude);
  if (c.attractions.anyOf && c.attractions.include.length > 0) {
    notes.push(
      lang === 'zh'
        ? `想去的景点只需其中之一：${c.attractions.include.join('、')}。`
        : `Any one of these places will do: ${c.attractions.include.join(', ')}.`,
    );
  }
  confidence['mustVisit'] = request.mustVisit.length > 0 ? 0.85 : 0;
  confidence['mustAvoid'] = request.mustAvoid.length > 0 ? 0.85 : 0;

  const tiers = extractTiers(ctx);
  if (tiers.hotel) request.accommodation = { ...request.accommodation!, tier: tiers.hotel };
  if (tiers.budget) request.budgetLevel = tiers.budget;
  if (tiers.budget && !request.budget) ctx.vague.add('budget');
  confidence['tiers'] = tiers.hotel || tiers.budget ? 0.8 : 0;
  const pace = extractPace(ctx);
  if (pace) request.pace = pace.pace;
  confidence['pace'] = pace?.confidence ?? 0;
  const typeInterests = c.attractionTypes.include
    .map((t) => ATTRACTION_CATEGORIES_ZH[t])
    .filter((i): i is string => !!i && i !== 'other' && i !== 'budget');
  request.interests = extractInterests(ctx, typeInterests);
  const evenings = extractEveningWishes(ctx.original, request.mustVisit ?? [], eveningWords);
  if (evenings.length > 0) request.evenings = evenings;
  confidence['evenings'] = evenings.length > 0 ? 0.85 : 0;
  confidence['interests'] = request.interests.length > 0 ? 0.8 : 0;
  const style = extractTravelStyle(ctx);
  if (style) request.travelStyle = style;
  const passport = extractPassport(ctx.original);
  if (passport) request.passportCountry = passport;

  // 6. What is missing.
  const missing: MissingField[] = [];
  if (!request.origin) missing.push('origin');
  if (request.destinations.length === 0 && !request.region) missing.push('destinations');
  if (!request.startDate) missing.push('dates');
  if (request.days === undefined) missing.push('days');
  if (!party.found) missing.push('travelers');
  if (!request.budget) missing.push('budget');
  for (const field of missing) confidence[field === 'dates' ? 'dates' : field] ??= 0;
  const vague = missing.filter((f) => ctx.vague.has(f as 'days' | 'budget'));
  return { request, confidence, missing, vague, notes, constraints: c };
}

/** Whether the draft carries what a {@link TripRequest} needs (a destination or region). */
export function isComplete(draft: TripRequestDraft): draft is TripRequest {
  return !!draft.origin && ((draft.destinations?.length ?? 0) > 0 || !!draft.region);
}
