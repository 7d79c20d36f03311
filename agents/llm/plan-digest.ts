/**
 * A compact, fact-only digest of a TravelPlan: what a summary may say. The template narration is
 * written from it, the LLM is given it as JSON, and the fact checker compares the LLM's text with
 * it (numbers) and with the plan's names (places, hotels, cities, restaurants, airlines).
 */
import { costPlan } from '../planning/budget-agent.js';
import type { TravelPlan } from '../schemas/travel-plan.js';

type Lang = 'zh' | 'en';

/** Activity kinds that count as the day's sights (meals and transfers are not sights). */
const SIGHT_TYPES = new Set(['sightseeing', 'shopping', 'other', 'rest']);
/** Sights listed per day; the rest are counted. */
export const SIGHTS_PER_DAY = 3;

export interface DigestDay {
  day: number;
  date: string;
  /** The day's place as the plan names it (`上海 → 北京` on travel days). */
  city: string;
  sights: string[];
  /** Sights of the day not listed in `sights`. */
  moreSights: number;
  /** Tonight's stay; null on the last day or when none was found. */
  hotel: string | null;
}

export interface PlanDigest {
  title: string;
  origin: string | null;
  startDate: string;
  endDate: string;
  days: number;
  nights: number;
  travelers: number;
  currency: string;
  cities: string[];
  itinerary: DigestDay[];
  hotels: { name: string; city: string | null; nights: number; stars: number | null }[];
  flights: { flightNumber: string; airline: string; from: string; to: string; date: string }[];
  cost: {
    total: number;
    budget: number;
    /** |budget - total|: the amount left, or the overrun. */
    difference: number;
    withinBudget: boolean;
    byCategory: {
      flights: number;
      accommodation: number;
      food: number;
      activities: number;
      transportation: number;
    };
    /** Each category's share of the total, whole percent. */
    sharePercent: {
      flights: number;
      accommodation: number;
      food: number;
      activities: number;
      transportation: number;
    };
  };
  warnings: { count: number; messages: string[] };
}

const round = (n: number) => Math.round(n);
const DAY_MS = 86_400_000;

function daysInclusive(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS) + 1;
}

/** Cities of a day label such as `上海 → 北京`. */
function splitRoute(label: string): string[] {
  return label
    .split(/\s*(?:→|->|—>|⇒)\s*/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The digest of a plan, in the plan's words (the language only picks the warning texts). */
export function digestPlan(plan: TravelPlan, lang: Lang): PlanDigest {
  const cost = costPlan(plan);
  const budget = plan.budgetBreakdown.totalBudget;
  const share = (v: number) => (cost.total > 0 ? round((v / cost.total) * 100) : 0);

  const cities: string[] = [];
  const addCity = (c: string | null | undefined) => {
    if (c && !cities.includes(c) && c !== plan.origin) cities.push(c);
  };
  for (const d of [...plan.destinations].sort((a, b) => a.visitOrder - b.visitOrder)) addCity(d.name);
  for (const day of plan.itinerary) for (const c of splitRoute(day.destination)) addCity(c);

  const stays = new Map(plan.accommodations.map((a) => [a.id, a]));
  const itinerary: DigestDay[] = plan.itinerary.map((day) => {
    const sights = day.activities.filter((a) => SIGHT_TYPES.has(a.type)).map((a) => a.name);
    return {
      day: day.dayNumber,
      date: day.date,
      city: day.destination,
      sights: sights.slice(0, SIGHTS_PER_DAY),
      moreSights: Math.max(0, sights.length - SIGHTS_PER_DAY),
      hotel: (day.accommodationId ? stays.get(day.accommodationId)?.name : undefined) ?? null,
    };
  });

  const days =
    plan.itinerary.length > 0 ? plan.itinerary.length : daysInclusive(plan.startDate, plan.endDate);
  return {
    title: plan.title,
    origin: plan.origin ?? null,
    startDate: plan.startDate,
    endDate: plan.endDate,
    days,
    nights: Math.max(0, days - 1),
    travelers: plan.travelerCount,
    currency: plan.currency,
    cities,
    itinerary,
    hotels: plan.accommodations.map((a) => ({
      name: a.name,
      city: a.city ?? null,
      nights: a.nights,
      stars: a.starRating ?? null,
    })),
    flights: plan.flights.map((f) => ({
      flightNumber: f.flightNumber,
      airline: f.airline,
      from: f.departureCity ?? f.departureAirport,
      to: f.arrivalCity ?? f.arrivalAirport,
      date: f.departureTime.slice(0, 10),
    })),
    cost: {
      total: round(cost.total),
      budget: round(budget),
      difference: round(Math.abs(budget - cost.total)),
      withinBudget: cost.total <= budget,
      byCategory: {
        flights: round(cost.flights),
        accommodation: round(cost.accommodation),
        food: round(cost.food),
        activities: round(cost.activities),
        transportation: round(cost.transportation),
      },
      sharePercent: {
        flights: share(cost.flights),
        accommodation: share(cost.accommodation),
        food: share(cost.food),
        activities: share(cost.activities),
        transportation: share(cost.transportation),
      },
    },
    warnings: {
      count: plan.warnings.length,
      messages: plan.warnings.map((w) => (lang === 'zh' ? w.messageZh : w.message)),
    },
  };
}

/** Every number the digest states, including those inside its strings (dates, names). */
export function digestNumbers(digest: PlanDigest): number[] {
  const out = new Set<number>();
  const visit = (v: unknown): void => {
    if (typeof v === 'number' && Number.isFinite(v)) out.add(v);
    else if (typeof v === 'string') for (const m of v.matchAll(/\d+(?:\.\d+)?/g)) out.add(Number(m[0]));
    else if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(visit);
  };
  visit(digest);
  return [...out];
}

/**
 * Shorter forms a name is fairly written as: the part before a bracket and the bracketed part
 * (`什刹海（后海）`), and the parts of a compound joined by 和/与/、/and (`前门大街和大栅栏`).
 */
export function nameVariants(name: string): string[] {
  const variants = new Set<string>([name.trim()]);
  const bracket = /^(.*?)\s*[（(](.*?)[）)]\s*$/.exec(name);
  if (bracket) {
    if (bracket[1]) variants.add(bracket[1].trim());
    if (bracket[2]) variants.add(bracket[2].trim());
  }
  for (const v of [...variants]) {
    const parts = v.split(/\s*(?:和|与|、|\/|&|\band\b|,|，)\s*/);
    const longEnough = (p: string) => (/[\u4e00-\u9fff]/.test(p) ? p.length >= 2 : p.length >= 3);
    if (parts.length > 1 && parts.every(longEnough)) parts.forEach((p) => variants.add(p));
    for (const part of v.split(/\s+[–—-]\s+/)) if (longEnough(part)) variants.add(part);
  }
  return [...variants].filter((v) => v.length > 0);
}

/**
 * Every name the plan contains (cities, places, restaurants, hotels, airlines, flight numbers,
 * cuisines, the title), with their fair short forms: the names a summary may mention.
 */
export function planNames(plan: TravelPlan, digest: PlanDigest): string[] {
  const names = new Set<string>();
  const add = (n: string | null | undefined) => {
    if (n) for (const v of nameVariants(n)) names.add(v);
  };
  add(digest.title);
  add(plan.origin);
  add(plan.currency);
  digest.cities.forEach(add);
  for (const d of plan.destinations) {
    add(d.name);
    add(d.city);
  }
  for (const day of plan.itinerary) {
    add(day.destination);
    splitRoute(day.destination).forEach(add);
    for (const a of day.activities) {
      add(a.name);
      add(a.location);
      add(a.city);
      a.cuisines.forEach(add);
      if (a.travelLeg) {
        add(a.travelLeg.from);
        add(a.travelLeg.to);
      }
    }
  }
  for (const h of plan.accommodations) {
    add(h.name);
    add(h.brand);
    add(h.city);
    add(h.district);
  }
  for (const f of plan.flights) {
    add(f.flightNumber);
    add(f.airline);
    add(f.departureAirport);
    add(f.arrivalAirport);
    add(f.departureCity);
    add(f.arrivalCity);
  }
  return [...names];
}
