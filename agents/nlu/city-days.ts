/**
 * Days given to each city of a multi-city trip ("北京3天西安2天", "先去曼谷3天再去新加坡3天",
 * "3 days in Paris and 2 in Amsterdam", "Tokyo 4 days then Kyoto 3", "Rome 3 nights, Florence 2 nights"):
 * read only when every
 * destination has its own length, so a lone "3天" stays the length of the whole trip.
 */
import type { PlaceRef } from '../schemas/trip-request.js';
import { parseSmallNumber } from './text.js';

/** A day count in Chinese or digits (`3`, `三`, `两`). */
const NUM_ZH = String.raw`(\d{1,2}|[一二两三四五六七八九十]{1,3})`;
/** A day count in English or digits (`3`, `three`; not `a`, which is no count of days here). */
const NUM_EN = String.raw`(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)`;

/** A length written with its unit anywhere in the text (`5天`, `3 nights`, `a week`). */
const RX_ANY_LENGTH = new RegExp(
  String.raw`${NUM_ZH}\s*(?:天|日|晚|夜|周|个?星期)|\b(?:${NUM_EN.slice(1, -1)}|a|an)[- ]?(?:days?|nights?|weeks?)\b|\bweek(?:end)?\b|\bfortnight\b`,
  'i',
);

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The names a destination may be written by in the text. */
function namesOf(p: PlaceRef): string[] {
  return [...new Set([p.name, p.nameZh, p.nameEn].filter((n): n is string => !!n && n.length >= 2))];
}

/** The first count of 1-30 that one of `patterns` finds (group 1), or undefined. */
function firstCount(text: string, patterns: readonly RegExp[]): number | undefined {
  for (const rx of patterns) {
    const m = rx.exec(text);
    if (!m) continue;
    const v = parseSmallNumber(m[1]!);
    if (v !== undefined && v >= 1 && v <= 30) return v;
  }
  return undefined;
}

/** Nights written for one city (`Lisbon 3 nights`, `2 nights in Porto`, `曼谷住3晚`), or undefined. */
function nightsFor(text: string, p: PlaceRef): number | undefined {
  for (const name of namesOf(p)) {
    const n = escape(name);
    const patterns = [
      new RegExp(String.raw`${n}\s*(?:住|待|呆|玩)?\s*${NUM_ZH}\s*(?:晚|夜)`, 'i'),
      new RegExp(String.raw`\b${NUM_EN}\s*nights?\s+(?:in|at)\s+${n}\b`, 'i'),
      new RegExp(String.raw`\b${n}\s*(?:for\s+|[(:–-]\s*)?${NUM_EN}\s*(?:nights?|n)\b`, 'i'),
    ];
    const v = firstCount(text, patterns);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Days written for one city (first match), or undefined. */
function daysFor(text: string, p: PlaceRef, bare: boolean): number | undefined {
  for (const name of namesOf(p)) {
    const n = escape(name);
    const patterns = [
      // 北京3天 / 曼谷玩3天 / 在京都待两天
      new RegExp(
        String.raw`${n}\s*(?:玩|待|呆|住|游|逛|停留|呆上|待上|玩上)?\s*${NUM_ZH}\s*(?:天|日)(?!\s*[一二两三四五六七八九十\d]+\s*(?:晚|夜))`,
        'i',
      ),
      // 3 days in Paris / two days at Kyoto
      new RegExp(String.raw`\b${NUM_EN}\s*(?:full\s+)?days?\s+(?:in|at|for)\s+${n}\b`, 'i'),
      // Paris for 3 days / Tokyo 4 days / Kyoto (3 days)
      new RegExp(String.raw`\b${n}\s*(?:for\s+|[(:–-]\s*)?${NUM_EN}\s*(?:days?|d)\b`, 'i'),
      // Kyoto 3 (a bare number, when another city has its length in days)
      ...(bare
        ? [
            new RegExp(
              String.raw`\b${n}\s+${NUM_EN}\b(?!\s*(?:adults?|people|persons?|pax|kids?|children|stars?|nights?|%|[a-z]*\s*(?:yuan|dollars?|euros?)))`,
              'i',
            ),
            new RegExp(String.raw`${n}\s*${NUM_ZH}(?![\d天日晚夜人个位星元块万千])`),
          ]
        : []),
    ];
    const v = firstCount(text, patterns);
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * Days per destination, in order, when the text gives one to every one of two or more cities;
 * undefined otherwise.
 */
export function perCityDays(text: string, destinations: readonly PlaceRef[]): number[] | undefined {
  if (destinations.length < 2) return undefined;
  // `Lisbon 3 nights then Porto 2 nights`: a city's nights are its days, and the trip ends the day
  // after the last night (the last city keeps its day of leaving).
  const nights = destinations.map((p) => nightsFor(text, p));
  if (nights.every((d): d is number => d !== undefined))
    return nights.map((d, i) => (i === nights.length - 1 ? d + 1 : d));
  const strict = destinations.map((p) => daysFor(text, p, false));
  if (strict.every((d) => d === undefined)) {
    // `Tokyo 5, Kyoto 3, Osaka 2`: a bare number after every city, in a text with no other length.
    if (RX_ANY_LENGTH.test(text)) return undefined;
    const bare = destinations.map((p) => daysFor(text, p, true));
    return bare.every((d): d is number => d !== undefined) ? bare : undefined;
  }
  const days = strict.map((d, i) => d ?? daysFor(text, destinations[i]!, true));
  return days.every((d): d is number => d !== undefined) ? days : undefined;
}
