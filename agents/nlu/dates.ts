/**
 * Dates and durations in Chinese and English: absolute dates and ranges, dates relative to
 * `today` (明天, 下周五, next Friday), holidays (国庆, 五一, 春节 approximately), and trip lengths
 * (7日游, 三天两晚, 一周, a week, 5-day).
 */
import { casual } from 'chrono-node/en';
import type { ParseContext } from './context.js';
import { consume, eachMatch, withFlags } from './context.js';
import { HOLIDAYS, HOLIDAY_NAMES, holidaySpans, nextHoliday, nextMonth, seasonMonth } from './holidays.js';
import type { HolidayId } from './holidays.js';
import { EN_NUMBER_WORDS, addDays, diffDays, parseSmallNumber, toIso, weekday } from './text.js';

export interface DateFinding {
  start?: string;
  end?: string;
  /** How the dates were given: a holiday or a single relative day may be overridden by a duration. */
  kind?: 'range' | 'single' | 'holiday' | 'week';
  /** `YYYY-MM` when only a month (or a season) was given. */
  month?: string;
  confidence: number;
}

export interface DurationFinding {
  days?: number;
  nights?: number;
  /** Days at each place (`2 days each`, `各玩两天`): the length is this times the places. */
  perPlace?: number;
  /** How many different places the sentence with `each` names (at least the places of the trip). */
  eachPlaces?: number;
  confidence: number;
}

const ZN = String.raw`(\d{1,2}|[一二三四五六七八九十]{1,3})`;

/** The next occurrence of month/day on or after today, when the year is not given. */
function resolveYear(today: string, month: number, day: number, year?: number): string | undefined {
  if (year) return toIso(year, month, day);
  const y = Number(today.slice(0, 4));
  const iso = toIso(y, month, day) ?? toIso(y + 1, month, day);
  if (!iso) return undefined;
  return iso < today ? toIso(y + 1, month, day) : iso;
}

function endAfter(start: string, month: number, day: number, year?: number): string | undefined {
  if (year) return toIso(year, month, day);
  const y = Number(start.slice(0, 4));
  const iso = toIso(y, month, day);
  if (!iso) return undefined;
  return iso < start ? toIso(y + 1, month, day) : iso;
}

/** Monday-based weekday: 1 = Monday ... 7 = Sunday. */
function isoWeekday(iso: string): number {
  return weekday(iso) || 7;
}

/** The first day of `YYYY-MM` that falls on ISO weekday `target` (1 = Monday ... 7 = Sunday). */
function firstWeekdayOfMonth(month: string, target: number): string {
  const first = `${month}-01`;
  return addDays(first, (target - isoWeekday(first) + 7) % 7);
}

/** `YYYY-MM` of a 下个月 / 下下个月 written earlier in the same sentence (no day after it). */
function laterMonthBefore(ctx: ParseContext, at: number): string | undefined {
  const before =
    ctx.original
      .slice(0, at)
      .split(/[。！？!?\n]/)
      .at(-1) ?? '';
  const m = /(下下|下)个?月(?![\d一二三四五六七八九十]+\s*[号日])/.exec(before);
  if (!m) return undefined;
  const y = Number(ctx.today.slice(0, 4));
  const mo = Number(ctx.today.slice(5, 7)) + (m[1] === '下下' ? 2 : 1);
  return `${y + Math.floor((mo - 1) / 12)}-${String(((mo - 1) % 12) + 1).padStart(2, '0')}`;
}

function weekdayFrom(
  ctx: ParseContext,
  target: number,
  which: 'this' | 'next' | 'nextnext' | 'upcoming',
): string {
  const today = ctx.today;
  const wd = isoWeekday(today);
  const monday = addDays(today, 1 - wd);
  if (which === 'next') return addDays(monday, 7 + target - 1);
  if (which === 'nextnext') return addDays(monday, 14 + target - 1);
  const thisWeek = addDays(monday, target - 1);
  return thisWeek < today ? addDays(thisWeek, 7) : thisWeek;
}

/** Words before a bare 周末 that make it a habit (`平时周末`, `每个周末`), not a date. */
const HABITUAL_ZH = /(?:平时|平常|每个?|一般|通常|经常|往往|常常)$/;

/** `this weekend`, `next wknd`, `the coming long weekend`: a weekend with a determiner is a date. */
const RX_WEEKEND_EN =
  /\b(this|next|coming|upcoming|the)\s+(?:coming\s+)?(?:long\s+)?(?:weekend|wknd|wkend|weeknd)\b/i;

const ZH_WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, 末: 6 };

function datesZh(ctx: ParseContext): DateFinding | undefined {
  let found: DateFinding | undefined;
  const set = (f: DateFinding): void => {
    if (!found || (found.kind !== 'range' && f.kind === 'range')) found = f;
  };
  /** A day of a month, up to an optional later day (`20号到24号`); false when no such date. */
  const setDays = (y: number, mo: number, day: number, endDay: string | undefined, confidence: number) => {
    const start = toIso(y, mo, day);
    if (!start) return false;
    const end = endDay ? endAfter(start, mo, Number(endDay)) : undefined;
    set({ start, end, kind: end ? 'range' : 'single', confidence });
  };
  // ISO-like dates and ranges: 2025-03-13, 2025/3/13 到 2025/3/15.
  eachMatch(
    ctx,
    /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\s*(?:到|至|-|~|—|–|to)\s*(?:(\d{4})[-/.])?(\d{1,2})[-/.](\d{1,2}))?/,
    (m) => {
      const start = toIso(Number(m[1]), Number(m[2]), Number(m[3]));
      if (!start) return false;
      const end = m[6]
        ? endAfter(start, Number(m[5]), Number(m[6]), m[4] ? Number(m[4]) : undefined)
        : undefined;
      set({ start, end, kind: end ? 'range' : 'single', confidence: 0.95 });
    },
  );
  // 2025年3月13日, 3月13日到15日, 3月13号-3月15号, 三月十三日.
  eachMatch(ctx, RX_DATES_1, (m) => {
    const month = parseSmallNumber(m[2]!);
    const day = parseSmallNumber(m[3]!);
    if (!month || !day || month > 12 || day > 31) return false;
    const year = m[1] ? Number(m[1]) : undefined;
    const start = resolveYear(ctx.today, month, day, year);
    if (!start) return false;
    let end: string | undefined;
    // `10月1日出发。到10月4日` (a form's return line): a second date after 到/至/回 ends the first.
    if (
      !m[6] &&
      found?.kind === 'single' &&
      /(?:到|至|回|返)\s*$/.test(ctx.original.slice(Math.max(0, m.index - 6), m.index))
    ) {
      const back = endAfter(found.start!, month, day, year);
      if (back && diffDays(found.start!, back) < 60) {
        found = { ...found, end: back, kind: 'range' };
        return;
      }
    }
    if (m[6]) {
      const endMonth = m[5] ? parseSmallNumber(m[5]) : month;
      const endDay = parseSmallNumber(m[6]);
      if (endMonth && endDay) end = endAfter(start, endMonth, endDay, m[4] ? Number(m[4]) : undefined);
    }
    set({ start, end, kind: end ? 'range' : 'single', confidence: year ? 0.95 : 0.9 });
  });
  // 下个月15号到20号, 这个月28号.
  eachMatch(
    ctx,
    /(下下个?月|下个?月|这个?月|本月)\s*(\d{1,2})\s*[号日](?:\s*(?:到|至|-|~)\s*(\d{1,2})\s*[号日]?)?/,
    (m) => {
      const y = Number(ctx.today.slice(0, 4));
      const mo =
        Number(ctx.today.slice(5, 7)) + (m[1]!.startsWith('下下') ? 2 : m[1]!.startsWith('下') ? 1 : 0);
      const year = y + Math.floor((mo - 1) / 12);
      const month = ((mo - 1) % 12) + 1;
      return setDays(year, month, Number(m[2]), m[3], 0.9);
    },
  );
  // `15号出发`, `20号到24号`: days of this month (or the next, once past).
  if (!found)
    eachMatch(
      ctx,
      /(?<![\d月/.\-第])(\d{1,2})\s*号(?:\s*(?:到|至|-|~)\s*(\d{1,2})\s*号)?(?=\s*(?:出发|走|动身|开始|到|至|去|左右|前后|$|[,。]))/,
      (m) => {
        const day = Number(m[1]);
        if (day < 1 || day > 31) return false;
        let y = Number(ctx.today.slice(0, 4));
        let mo = Number(ctx.today.slice(5, 7));
        if (day < Number(ctx.today.slice(8, 10))) [y, mo] = mo === 12 ? [y + 1, 1] : [y, mo + 1];
        return setDays(y, mo, day, m[2], 0.75);
      },
    );
  // `3/14-3/18`, `3/14~18`: month/day ranges.
  if (!found)
    eachMatch(
      ctx,
      /(?<![\d/])(\d{1,2})\/(\d{1,2})\s*(?:-|~|–|到|至|to)\s*(?:(\d{1,2})\/)?(\d{1,2})(?![\d/])/,
      (m) => {
        const [mo, d, mo2, d2] = [
          Number(m[1]),
          Number(m[2]),
          m[3] ? Number(m[3]) : Number(m[1]),
          Number(m[4]),
        ];
        if (mo > 12 || mo2 > 12) return false;
        const start = resolveYear(ctx.today, mo, d);
        const end = start && endAfter(start, mo2, d2);
        if (!start || !end || diffDays(start, end) > 60) return false;
        set({ start, end, kind: 'range', confidence: 0.85 });
      },
    );
  // `12月24号走，27号回`: a bare day of the return after a start date.
  if (found?.kind === 'single' && found.start) {
    const back = /(?<![\d月])(\d{1,2})\s*[号日]\s*(?:回|返|结束)/.exec(ctx.text);
    const end = back && endAfter(found.start, Number(found.start.slice(5, 7)), Number(back[1]));
    if (back && end && diffDays(found.start, end) < 60) {
      found = { ...found, end, kind: 'range' };
      consume(ctx, back.index, back.index + back[0].length);
    }
  }
  if (found) return found;
  // `以后天天` (every day from then on) and `之后` are not 后天.
  eachMatch(ctx, /(?<![以之然最落今前])(大后天|后天|明天|明日|今天|今日)(?:出发|走|动身|开始)?/, (m) => {
    const offset = { 今天: 0, 今日: 0, 明天: 1, 明日: 1, 后天: 2, 大后天: 3 }[m[1]! as '今天'];
    set({ start: addDays(ctx.today, offset), kind: 'single', confidence: 0.9 });
  });
  eachMatch(ctx, /(下下个?|下个?|这个?|本)?(?:周|星期|礼拜)([一二三四五六日天末1-7])/, (m) => {
    const target = /\d/.test(m[2]!) ? Number(m[2]) : ZH_WEEKDAY[m[2]!]!;
    const prefix = m[1] ?? '';
    const which = prefix.startsWith('下下') ? 'nextnext' : prefix.startsWith('下') ? 'next' : 'upcoming';
    // `平时周末一起徒步`: a habit, not the trip's weekend.
    if (m[2] === '末' && !m[1] && HABITUAL_ZH.test(ctx.text.slice(Math.max(0, m.index - 4), m.index)))
      return false;
    // "下个月找个周末": a weekday or weekend of a later month named before it is that month's first.
    const month = prefix ? undefined : laterMonthBefore(ctx, m.index);
    const start = month ? firstWeekdayOfMonth(month, target) : weekdayFrom(ctx, target, which);
    // `下周三到周六`, `周五出发周日回来`: a second weekday ends the first.
    const after = ctx.text.slice(m.index + m[0].length, m.index + m[0].length + 4);
    const before = ctx.text.slice(Math.max(0, m.index - 2), m.index);
    if (
      found?.kind === 'single' &&
      !m[1] &&
      m[2] !== '末' &&
      (/[到至]\s*$/.test(before) || /^\s*(?:回|返)/.test(after))
    ) {
      const first = found.start!;
      found = { ...found, end: addDays(first, (target - isoWeekday(first) + 7) % 7), kind: 'range' };
      return;
    }
    if (m[2] === '末') set({ start, end: addDays(start, 1), kind: 'holiday', confidence: 0.8 });
    else set({ start, kind: 'single', confidence: 0.9 });
  });
  eachMatch(
    ctx,
    /(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(天|周|个?星期|个月)(?:以?后|之后)(?:出发|走|动身)?/,
    (m) => {
      const n = parseSmallNumber(m[1]!);
      if (!n) return false;
      const unit = m[2] === '天' ? 1 : m[2] === '个月' ? 30 : 7;
      set({ start: addDays(ctx.today, n * unit), kind: 'single', confidence: 0.8 });
    },
  );
  if (!found) {
    eachMatch(ctx, /(下下|下)(?:个)?(周|星期|礼拜|月)(?![一二三四五六日天末\d])/, (m) => {
      // 下个月 is a month, not a day (see monthOnly).
      if (m[2] === '月') return false;
      {
        set({
          start: weekdayFrom(ctx, 1, m[1] === '下下' ? 'nextnext' : 'next'),
          kind: 'week',
          confidence: 0.5,
        });
        ctx.notes.push('只说了“下周”，出发日期暂按下周一。');
      }
    });
  }
  return found;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const MONTH = String.raw`(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`;
const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th)?(?!\d)`;
const YEAR = String.raw`(?:,?\s*(\d{4}))?`;
const TO = String.raw`\s*(?:to|-|–|—|through|thru|until|till|and)\s*`;

function monthNum(word: string): number {
  return MONTHS[word.slice(0, 3).toLowerCase()]!;
}

function datesEn(ctx: ParseContext): DateFinding | undefined {
  let found: DateFinding | undefined;
  const range = (
    sm: number,
    sd: number,
    sy: number | undefined,
    em: number,
    ed: number,
    ey: number | undefined,
  ): boolean => {
    const year = sy ?? ey;
    let start = resolveYear(ctx.today, sm, sd, year);
    if (!start) return false;
    if (!sy && ey && em < sm) start = toIso(ey - 1, sm, sd) ?? start;
    const end = endAfter(start, em, ed, ey);
    if (!end) return false;
    found ??= { start, end, kind: 'range', confidence: year ? 0.95 : 0.85 };
    return true;
  };
  // March 13th to 15th, 2022 / March 16th to March 18th, 2022 / Mar 3 - Mar 5.
  eachMatch(ctx, RX_DATES_2, (m) =>
    range(
      monthNum(m[1]!),
      Number(m[2]),
      m[3] ? Number(m[3]) : undefined,
      m[4] ? monthNum(m[4]) : monthNum(m[1]!),
      Number(m[5]),
      m[6] ? Number(m[6]) : undefined,
    ),
  );
  // the 23rd of March to the 29th of March, 2022 / 8th to the 10th of March, 2022.
  eachMatch(ctx, RX_DATES_3, (m) =>
    range(
      m[2] ? monthNum(m[2]) : monthNum(m[5]!),
      Number(m[1]),
      m[3] ? Number(m[3]) : undefined,
      monthNum(m[5]!),
      Number(m[4]),
      m[6] ? Number(m[6]) : undefined,
    ),
  );
  // 12-18 June 2027 / 3 May to 9 May / 28 February - 3 March 2027 (the day first, "of" optional).
  eachMatch(ctx, RX_DATES_DAY_FIRST, (m) =>
    range(
      m[2] ? monthNum(m[2]) : monthNum(m[5]!),
      Number(m[1]),
      m[3] ? Number(m[3]) : undefined,
      monthNum(m[5]!),
      Number(m[4]),
      m[6] ? Number(m[6]) : undefined,
    ),
  );
  // 2022-03-16 to 2022-03-18.
  eachMatch(
    ctx,
    /\b(\d{4})-(\d{1,2})-(\d{1,2})(?:\s*(?:to|-|–|through|until)\s*(\d{4})-(\d{1,2})-(\d{1,2}))?\b/,
    (m) => {
      const start = toIso(Number(m[1]), Number(m[2]), Number(m[3]));
      if (!start) return false;
      const end = m[4] ? toIso(Number(m[4]), Number(m[5]), Number(m[6])) : undefined;
      found ??= { start, end, kind: end ? 'range' : 'single', confidence: 0.95 };
    },
  );
  // Day before month: "20-24 Dec", "20 December to 2 January" (a range), "on 20 December" (a single).
  const singles: { month: number; day: number; year?: number }[] = [];
  if (!found)
    eachMatch(ctx, RX_DAY_MONTH, (m) => {
      if (/^may$/.test(m[3]!)) return false;
      const month = monthNum(m[3]!);
      const day = Number(m[1]);
      if (day < 1 || day > 31) return false;
      const year = m[4] ? Number(m[4]) : undefined;
      if (m[2]) return range(month, day, year, month, Number(m[2]), year);
      singles.push({ month, day, year });
    });
  // "from the 20th to the 24th", "leaving on the 15th": days of this month (or the next, once past).
  if (!found)
    eachMatch(ctx, RX_ORDINAL_DAY, (m) => {
      const day = Number(m[1]);
      if (day < 1 || day > 31) return false;
      const today = ctx.today;
      let y = Number(today.slice(0, 4));
      let mo = Number(today.slice(5, 7));
      if (day < Number(today.slice(8, 10))) [y, mo] = mo === 12 ? [y + 1, 1] : [y, mo + 1];
      const start = toIso(y, mo, day);
      if (!start) return false;
      const end = m[2] ? endAfter(start, mo, Number(m[2])) : undefined;
      found ??= { start, end, kind: end ? 'range' : 'single', confidence: 0.75 };
    });
  // "departing 12/20", "on 3/14": month/day after a verb of leaving.
  if (!found)
    eachMatch(
      ctx,
      /\b(?:on|departing|leaving|leave|from|starting|arriving)\s+(\d{1,2})\/(\d{1,2})(?![\d/])/i,
      (m) => {
        const [a, b] = [Number(m[1]), Number(m[2])];
        const [month, day] = a > 12 ? [b, a] : [a, b];
        if (month > 12 || day > 31) return false;
        singles.push({ month, day });
      },
    );
  if (found) return found;
  // Single dates: "begin on March 8th and conclude on March 14th, 2022".
  eachMatch(ctx, RX_DATES_4, (m) => {
    const month = monthNum(m[1] ?? m[4]!);
    const day = Number(m[2] ?? m[3]);
    if (day < 1 || day > 31) return false;
    singles.push({ month, day, year: m[5] ? Number(m[5]) : undefined });
  });
  if (singles.length >= 2) {
    const [a, b] = [singles[0]!, singles[1]!];
    if (range(a.month, a.day, a.year, b.month, b.day, b.year)) return found;
  }
  if (singles.length >= 1) {
    const a = singles[0]!;
    const start = resolveYear(ctx.today, a.month, a.day, a.year);
    if (start) return { start, kind: 'single', confidence: 0.85 };
  }
  return relativeEn(ctx);
}

const LEAVING =
  /\b(?:leav\w*|depart\w*|start\w*|go|going|head\w*|fly\w*|set(?:ting)? off|travel\w*|arriv\w*|get there)\b[^.,;!?]*$/i;

/** Words that make chrono worth running (it is the costliest reader: `this trip` alone does not). */
const RELATIVE_EN =
  /\b(?:today|tonight|tomorrow|(?:mon|tues|wednes|thurs|fri|satur|sun)day|weekend|(?:next|this|coming)\s+(?:week|month|year|weekend|(?:mon|tues|wednes|thurs|fri|satur|sun)day|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|in\s+(?:\d+|a|an|one|two|three|four|five|six)\s+(?:days?|weeks?|months?))/i;

/** What makes the number before it a count rather than a day of the month. */
const RX_COUNT_AFTER = /^\s*-?\s*(?:days?|nights?|weeks?|d\b|n\b|ppl|people|persons|pax|adults?|of us)/i;

function relativeEn(ctx: ParseContext): DateFinding | undefined {
  const wk = RX_WEEKEND_EN.exec(ctx.text);
  if (wk) {
    const sat = weekdayFrom(ctx, 6, /next/i.test(wk[1]!) ? 'next' : 'upcoming');
    consume(ctx, wk.index, wk.index + wk[0].length);
    return { start: sat, end: addDays(sat, 1), kind: 'holiday', confidence: 0.8 };
  }
  if (!RELATIVE_EN.test(ctx.text)) return undefined;
  const instant = new Date(`${ctx.today}T12:00:00Z`);
  let results;
  try {
    results = casual.parse(ctx.text, { instant, timezone: 0 }, { forwardDate: true });
  } catch {
    return undefined;
  }
  const holidays = holidaySpans(ctx.text);
  for (const r of results) {
    // "leaving Good Friday": a weekday inside a holiday's name is the holiday (read by holidayDate).
    if (holidays.some(([a, b]) => r.index < b && r.index + r.text.length > a)) continue;
    // "in 10 days" is a start only after a verb of leaving ("we leave in 3 days"); else a length.
    if (
      /^in\s+\S+\s+(?:days?|weeks?)$/i.test(r.text.trim()) &&
      !LEAVING.test(ctx.text.slice(Math.max(0, r.index - 30), r.index))
    )
      continue;
    // "next April, 3 days": the number is a length, not the day of the month.
    if (
      /\d$/.test(r.text) &&
      RX_COUNT_AFTER.test(ctx.text.slice(r.index + r.text.length, r.index + r.text.length + 12))
    )
      continue;
    // Durations ("for 3 days", "a week") are read as lengths, not dates.
    if (/^(?:for|within|over)\b|^(?:a|an|one|\d+)\s+(?:days?|weeks?|nights?)$/i.test(r.text.trim())) continue;
    // "next month" is a month (monthOnly); a weekend with no `this`/`next` ("a long weekend") a length.
    if (/\b(?:next|this|coming)\s+(?:month|year)$/i.test(r.text.trim())) continue;
    if (/weekend/i.test(r.text)) continue;
    // "one evening free", "the morning": a time of day with no date is not the trip's start.
    if (
      !(['day', 'weekday', 'month', 'year'] as const).some((c) => r.start.isCertain(c)) &&
      !/\b(?:today|tonight|tomorrow)\b/i.test(r.text)
    )
      continue;
    if (/^(?:next|this)\s+(?:week|month|year)$/i.test(r.text.trim())) {
      const d = r.start.date();
      const iso = d.toISOString().slice(0, 10);
      ctx.notes.push(`Only "${r.text}" was given: the start date is a guess (${iso}).`);
      consume(ctx, r.index, r.index + r.text.length);
      return { start: iso, kind: 'week', confidence: 0.4 };
    }
    const start = r.start.date().toISOString().slice(0, 10);
    const end = r.end?.date().toISOString().slice(0, 10);
    consume(ctx, r.index, r.index + r.text.length);
    if (/christmas/i.test(r.text)) return { start, kind: 'single', confidence: 0.8 };
    return {
      start,
      end: end && end > start ? end : undefined,
      kind: end ? 'range' : 'single',
      confidence: 0.85,
    };
  }
  return undefined;
}

/** `12/20`, `01/15/2027`, `3/14-3/18`, `14/03/2027`: dates written with slashes (month first unless it cannot be). */
const RX_SLASH_DATE =
  /(?<![\d/.$€£¥])(?:(20\d\d)\/)?(\d{1,2})\/(\d{1,2})(?:\/(20\d\d))?(?:\s*(?:-|–|~|到|至|to|until|till)\s*(?:(\d{1,2})\/)?(\d{1,2})(?:\/(20\d\d))?)?(?![\d/%])(?!\s*(?:of\b|days?\b|nights?\b|天|人|个))/i;

function slashDates(ctx: ParseContext): DateFinding | undefined {
  const m = RX_SLASH_DATE.exec(ctx.text);
  if (!m || /^24\/7\b/.test(m[0])) return undefined;
  const year = m[1] ? Number(m[1]) : m[4] ? Number(m[4]) : undefined;
  let month = Number(m[2]);
  let day = Number(m[3]);
  if (month > 12 && day <= 12) [month, day] = [day, month];
  const start = resolveYear(ctx.today, month, day, year);
  if (!start) return undefined;
  consume(ctx, m.index, m.index + m[0].length);
  if (m[6] === undefined) return { start, kind: 'single', confidence: year ? 0.9 : 0.8 };
  let em = m[5] ? Number(m[5]) : month;
  let ed = Number(m[6]);
  if (m[5] && em > 12 && ed <= 12) [em, ed] = [ed, em];
  const end = endAfter(start, em, ed, m[7] ? Number(m[7]) : undefined);
  return end ? { start, end, kind: 'range', confidence: 0.85 } : { start, kind: 'single', confidence: 0.8 };
}

/** Weekdays and other days counted from a holiday: `the Monday after Easter`, `the day before Christmas`. */
const RX_FROM_HOLIDAY_EN =
  /\b(?:the\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday|day|weekend|week)\s+(after|following|before)\s+(?:the\s+)?$/i;
/** `国庆后`, `国庆之后的周一`, `after Christmas`: after the holiday, not during it. */
const RX_AFTER_HOLIDAY_ZH = /^\s*(?:节|假期|长假)?\s*(?:后|之后|以后|过后|结束后|结束以后)/;
const RX_AFTER_HOLIDAY_EN = /\b(?:after|post)[- ]\s*(?:the\s+)?$/i;
const EN_WEEKDAY: Record<string, number> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
  weekend: 6,
};

/**
 * A date counted from a holiday: a start (`the Monday after Easter`), `'month'` when the text says
 * only "after the holiday" and names a month (`国庆后，10月中旬`: the month is the date), or undefined.
 */
function fromHoliday(ctx: ParseContext, kind: 'day' | 'after'): DateFinding | 'month' | undefined {
  for (const [id, re] of HOLIDAY_NAMES) {
    const m = withFlags(re, 'g').exec(ctx.original);
    if (!m) continue;
    const holiday = nextHoliday(id, ctx.today);
    if (!holiday) return undefined;
    const before = ctx.original.slice(Math.max(0, m.index - 30), m.index);
    const after = ctx.original.slice(m.index + m[0].length, m.index + m[0].length + 8);
    const rel = RX_FROM_HOLIDAY_EN.exec(before);
    if (rel && kind === 'day') {
      const unit = rel[1]!.toLowerCase();
      const dir = rel[2]!.toLowerCase() === 'before' ? -1 : 1;
      let start: string;
      if (unit === 'day') start = addDays(holiday, dir);
      else if (unit === 'week') start = addDays(holiday, 7 * dir);
      else {
        const target = EN_WEEKDAY[unit]!;
        start = addDays(holiday, dir);
        while (isoWeekday(start) !== target) start = addDays(start, dir);
      }
      consume(ctx, Math.max(0, m.index - 30) + rel.index, m.index + m[0].length);
      return { start, kind: 'single', confidence: 0.85 };
    }
    if (kind === 'after' && (RX_AFTER_HOLIDAY_ZH.test(after) || RX_AFTER_HOLIDAY_EN.test(before))) {
      consume(ctx, m.index, m.index + m[0].length);
      if (RX_NAMED_MONTH.test(ctx.original)) return 'month';
      const start = addDays(holiday, HOLIDAYS[id].window);
      ctx.notes.push(
        ctx.lang === 'zh'
          ? `“${m[0]}后”按假期结束后的${start}起算。`
          : `"After ${m[0]}" is taken to start on ${start}, when the holiday is over.`,
      );
      return { start, kind: 'holiday', confidence: 0.7 };
    }
  }
  return undefined;
}
/** A month named by number or name (`10月`, `October`). */
const RX_NAMED_MONTH =
  /(?<![\d.])(?:1[0-2]|0?[1-9]|[一二三四五六七八九十]|十[一二])\s*月(?![\d一二三四五六七八九十]*\s*[日号])|\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\b(?!\s+\d)/i;

const ORDINAL: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  一: 1,
  '1': 1,
  二: 2,
  '2': 2,
  三: 3,
  '3': 3,
  四: 4,
  '4': 4,
};
const RX_NTH_EN = new RegExp(
  String.raw`\b(?:the\s+)?(first|1st|second|2nd|third|3rd|fourth|4th|last)\s+(week|weekend)\s+(?:of|in)\s+${MONTH}`,
  'i',
);
const RX_NTH_ZH =
  /(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:份)?的?(?:第([一二三四1-4])|(最后一))个?(周末|周|星期|礼拜)(?![一二三四五六日天1-7])/;

/**
 * "the second week of May", "first weekend of June", `6月的第一个周末`, `5月第二周`, `4月最后一个周末`:
 * the week starts on that week's first day of the month (the last week: the month's last seven
 * days); the weekend is that Saturday and Sunday.
 */
function nthOfMonth(ctx: ParseContext): DateFinding | undefined {
  let found: DateFinding | undefined;
  const date = (month: number, nth: number | 'last', weekend: boolean, at: number, end: number) => {
    const ym = nextMonth(month, ctx.today);
    const first = `${ym}-01`;
    const last = addDays(nextMonth(month === 12 ? 1 : month + 1, first) + '-01', -1);
    let start: string;
    if (weekend) {
      const sat = firstWeekdayOfMonth(ym, 6);
      start = nth === 'last' ? addDays(last, -((isoWeekday(last) + 1) % 7)) : addDays(sat, 7 * (nth - 1));
    } else start = nth === 'last' ? addDays(last, -6) : addDays(first, 7 * (nth - 1));
    if (start.slice(0, 7) !== ym) return;
    consume(ctx, at, end);
    found = weekend
      ? { start, end: addDays(start, 1), kind: 'holiday', confidence: 0.85 }
      : { start, kind: 'holiday', confidence: 0.8 };
  };
  const en = RX_NTH_EN.exec(ctx.text);
  if (en) {
    const nth = /^last$/i.test(en[1]!) ? 'last' : ORDINAL[en[1]!.toLowerCase()]!;
    date(monthNum(en[3]!), nth, /end/i.test(en[2]!), en.index, en.index + en[0].length);
  }
  const zh = found ? null : RX_NTH_ZH.exec(ctx.text);
  if (zh) {
    const month = parseSmallNumber(zh[1]!);
    if (month && month <= 12)
      date(month, zh[3] ? 'last' : ORDINAL[zh[2]!]!, zh[4] === '周末', zh.index, zh.index + zh[0].length);
  }
  return found;
}

export function extractDates(ctx: ParseContext): DateFinding | undefined {
  const nth = nthOfMonth(ctx);
  if (nth) {
    holidayDate(ctx, true);
    monthOnly(ctx);
    return nth;
  }
  const relDay = fromHoliday(ctx, 'day') as DateFinding | undefined;
  const zh = relDay ? undefined : datesZh(ctx);
  const en = relDay || zh ? undefined : datesEn(ctx);
  const after = relDay || zh || en ? undefined : fromHoliday(ctx, 'after');
  const afterDate = after && after !== 'month' ? after : undefined;
  const found = relDay ?? zh ?? en ?? afterDate ?? slashDates(ctx) ?? (after ? undefined : holidayDate(ctx));
  if (found && (found === relDay || found === afterDate)) {
    monthOnly(ctx);
    return found;
  }
  if (!found) {
    const month = monthOnly(ctx);
    if (month) return { month, confidence: 0.8 };
  }
  // Holiday and month words are read (masked) even when a date was given.
  if (found) {
    holidayDate(ctx, true);
    monthOnly(ctx);
  }
  return found;
}

/** Words that correct what came before (`不对`, `actually`): the later holiday or length wins. */
export const CORRECTION_WORDS =
  /不对|更正|改一下|改到|改成|改为|变成|换成|调整为|说错|算了|其实|现在想|延长|后来|决定|想了想|更新|[,，。]\s*(?:那就?)?还是|actually|wait|scratch that|correction|instead|make (?:it|that)|changed|on second thought|\bupdate\b|\bedit\b|\bsorry\b|\bI meant\b|would be better|\blet'?s (?:do|say|make it)\b/i;

const RX_LEAVE_BEFORE =
  /\b(?:leav(?:e|es|ing)|depart(?:s|ing)?|fly(?:ing)? out|set(?:ting)? off|start(?:ing)?)\s+(?:on\s+)?$/i;
const RX_LEAVE_AFTER = /^\s*(?:当天)?(?:出发|动身|走|启程)/;

/** The holiday named in the text (a later one after a correction word), dated from today. */
function holidayDate(ctx: ParseContext, quiet = false): DateFinding | undefined {
  const hits: { id: HolidayId; at: number; end: number; name: string }[] = [];
  for (const [id, re] of HOLIDAY_NAMES)
    eachMatch(ctx, re, (m) => {
      hits.push({ id, at: m.index, end: m.index + m[0].length, name: m[0] });
    });
  if (hits.length === 0) return undefined;
  hits.sort((a, b) => a.at - b.at);
  let hit = hits[0]!;
  const last = hits.at(-1)!;
  if (last !== hit && CORRECTION_WORDS.test(ctx.original.slice(hit.end, last.at))) hit = last;
  // "over Easter, leaving Good Friday" / "复活节…耶稣受难日出发": the holiday the trip leaves on wins.
  const leavesOn = hits.find(
    (h) =>
      RX_LEAVE_BEFORE.test(ctx.original.slice(Math.max(0, h.at - 16), h.at)) ||
      RX_LEAVE_AFTER.test(ctx.original.slice(h.end, h.end + 6)),
  );
  if (leavesOn && hits.length > 1 && hit !== last) hit = leavesOn;
  const start = nextHoliday(hit.id, ctx.today);
  if (!start) {
    ctx.notes.push(
      ctx.lang === 'zh'
        ? '节日日期超出了已知的日期表，请给出具体日期。'
        : 'That holiday lies beyond the dated table; please give dates.',
    );
    return undefined;
  }
  const window = HOLIDAYS[hit.id].window;
  if (window > 1 && !quiet)
    ctx.notes.push(
      ctx.lang === 'zh'
        ? `“${hit.name}”按${start}起算（假期约${window}天），实际放假安排以当年通知为准。`
        : `"${hit.name}" is taken to start on ${start} (about ${window} days); check the official dates.`,
    );
  return { start, kind: 'holiday', confidence: 0.85 };
}

/**
 * "7月去新疆", "in June", "下个月", "next spring", "暑假": only a month (a season gives its first
 * month); no day is made up. Returns `YYYY-MM`, the next such month from today.
 */
const RX_PART_ZH = /月(?:份)?(初|上旬|中旬|中|下旬|底)(?![\d一二三四五六七八九十])/;
const RX_PART_EN = new RegExp(
  String.raw`\b(early|beginning\s+of|start\s+of|mid|middle\s+of|late|end\s+of)[- ]\s*(?:in\s+)?${MONTH}\b`,
  'i',
);

/** The part of the named month (`4月下旬`, `late April`, `mid-May`, `月初`), if the text gives one. */
export function monthPartOf(text: string): 'early' | 'mid' | 'late' | undefined {
  const zh = RX_PART_ZH.exec(text)?.[1];
  if (zh) return zh === '初' || zh === '上旬' ? 'early' : zh === '下旬' || zh === '底' ? 'late' : 'mid';
  const en = RX_PART_EN.exec(text)?.[1]?.toLowerCase();
  if (!en) return undefined;
  return /^(?:early|beginning|start)/.test(en) ? 'early' : /^(?:late|end)/.test(en) ? 'late' : 'mid';
}

function monthOnly(ctx: ParseContext): string | undefined {
  let month: string | undefined;
  let monthAt = -1;
  // The first month named, or a later one after a correction word ("in April. Scratch that, May").
  const pick = (value: string, at: number): void => {
    if (month === undefined || (at > monthAt && CORRECTION_WORDS.test(ctx.original.slice(monthAt, at)))) {
      month = value;
      monthAt = at;
    }
  };
  const y = Number(ctx.today.slice(0, 4));
  const thisMonth = Number(ctx.today.slice(5, 7));
  eachMatch(
    ctx,
    /(?<![\d年])(明年)?(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(份|初|中旬|中|下旬|底|上旬)?(?![\d一二三四五六七八九十])/,
    (m) => {
      const n = parseSmallNumber(m[2]!);
      if (!n || n > 12) return false;
      pick(m[1] ? `${y + 1}-${String(n).padStart(2, '0')}` : nextMonth(n, ctx.today), m.index);
    },
  );
  // 2027年12月 (a year and a month, no day).
  eachMatch(
    ctx,
    /(\d{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?!\s*[\d一二三四五六七八九十]+\s*[日号])/,
    (m) => {
      const n = parseSmallNumber(m[2]!);
      if (!n || n > 12) return false;
      month ??= `${m[1]}-${String(n).padStart(2, '0')}`;
    },
  );
  // "in May 2027", "June 2027" (a month and a year, no day).
  eachMatch(ctx, RX_MONTH_YEAR, (m) => {
    month ??= `${m[2]}-${String(monthNum(m[1]!)).padStart(2, '0')}`;
  });
  // "…, solo, May, cheap": a capitalised May standing alone between commas is the month, not the verb.
  eachMatch(ctx, RX_MAY_ALONE, () => {
    month ??= nextMonth(5, ctx.today);
  });
  eachMatch(ctx, RX_DATES_5, (m) => {
    pick(nextMonth(monthNum((m[1] ?? m[2] ?? m[3] ?? m[4])!), ctx.today), m.index);
  });
  // "May is better", "July works": the month as the subject (a capital May, not the verb).
  eachMatch(ctx, RX_MONTH_SUBJECT, (m) => {
    if (m[0] === 'may') return false;
    pick(nextMonth(monthNum(m[1]!), ctx.today), m.index);
  });
  eachMatch(
    ctx,
    /(下下|下|这个|(?<!日)本)个?月(?![\d一二三四五六七八九十]+\s*[号日])|\b(next|this|coming) month\b|年底|年末|\b(?:the\s+)?end of (?:the|this) year\b/i,
    (m) => {
      if (/年底|年末|end of/i.test(m[0])) month ??= `${y}-12`;
      else {
        const mo =
          thisMonth +
          (m[1] === '下下' ? 2 : m[1] === '这个' || m[1] === '本' || /this/i.test(m[2] ?? '') ? 0 : 1);
        month ??= `${y + Math.floor((mo - 1) / 12)}-${String(((mo - 1) % 12) + 1).padStart(2, '0')}`;
      }
    },
  );
  // `月底去杭州`: the end of this month.
  eachMatch(ctx, /(?<![\d一二三四五六七八九十个年本这□])月(?:底|末)/, (m) => {
    pick(ctx.today.slice(0, 7), m.index);
  });
  // `过完年`, `年后`: after the Spring Festival, in its month.
  eachMatch(ctx, /过完年|(?<![\d一二三四五六七八九十两几明今去前后])年后/, (m) => {
    const sf = nextHoliday('spring_festival', ctx.today);
    if (!sf) return false;
    pick(sf.slice(0, 7), m.index);
  });
  const season = seasonMonth(ctx.text, ctx.today);
  if (season) {
    consume(ctx, season.start, season.end);
    month ??= season.month;
  }
  if (month)
    ctx.notes.push(
      ctx.lang === 'zh'
        ? `只给了月份（${month}），出发日期未定。`
        : `Only a month was given (${month}); no start date was set.`,
    );
  return month;
}

const EN_NUM = String.raw`(\d{1,2}|${EN_NUMBER_WORDS})`;

export function extractDuration(ctx: ParseContext): DurationFinding {
  let days: number | undefined;
  let nights: number | undefined;
  let confidence = 0;
  let daysAt = -1;
  let total = false;
  const setDays = (n: number, conf: number, at = -1): void => {
    if (n < 1 || n > 60) return;
    // A later length after a correction word replaces the first (`3天。哦不对，是4天`).
    const corrects =
      days !== undefined &&
      at > daysAt &&
      daysAt >= 0 &&
      CORRECTION_WORDS.test(ctx.original.slice(daysAt, at));
    // A stated total (`会后游览1天，共3天`, "5 days in total") replaces a part given before it.
    const isTotal =
      at >= 0 &&
      (RX_TOTAL_BEFORE.test(ctx.original.slice(Math.max(0, at - 12), at)) ||
        RX_TOTAL_AFTER.test(ctx.original.slice(at, at + 30)));
    if (days === undefined || corrects || (isTotal && !total)) {
      days = n;
      confidence = conf;
      daysAt = at;
      total ||= isTotal;
    }
  };
  // Same-day return: one day. Vague lengths (几天, a few days) are left to ask, never guessed.
  eachMatch(
    ctx,
    /当天往返|当天来回|当日往返|当日来回|一天来回|一日往返|一天往返|当天回|当日回|当天就回|\bsame[- ]day(?:\s+(?:return|round[- ]trip|trip|back))?\b|(?<!\d\s?-?\s?)\bday[- ]trip\b/i,
    (m) => {
      // "a ten-day trip" is ten days, not a day trip.
      if (/^day/i.test(m[0]) && RX_NUMBER_BEFORE.test(ctx.text.slice(Math.max(0, m.index - 12), m.index)))
        return false;
      setDays(1, 0.9, m.index);
    },
  );
  eachMatch(
    ctx,
    /(?:玩|待|去|呆)?几天(?:时间|都行|吧|左右)?|几日|天数(?:还)?(?:未定|待定|没定|不定)|\b(?:a\s+)?(?:few|couple\s+of|several)\s+days\b|\bnot\s+sure\s+how\s+many\s+days\b|\bhow\s+many\s+days\s+(?:yet|is\s+best)\b|(?:玩|待|呆|住|去)多久|多长时间|天数[^,。;!?\n]{0,3}(?:看情况|不确定|不一定)|\bhow\s+long\b|\bopen[- ]ended\b|\bsome\s+days\b|\bcouple\s+days\b/i,
    () => {
      ctx.vague.add('days');
    },
  );
  // `十来天` (about ten days), `三五天` / `两三天` (a span: its upper end, as with `3-4天`).
  eachMatch(
    ctx,
    /(\d{1,2}|[一二两三四五六七八九十]{1,3})来(天|个?星期|周)|([一二两三四五六七八])([二两三四五六七八九])天/,
    (m) => {
      if (m[1]) {
        const n = parseSmallNumber(m[1]);
        if (n) setDays(m[2] === '天' ? n : n * 7, 0.7, m.index);
        return;
      }
      const [a, b] = [parseSmallNumber(m[3]!), parseSmallNumber(m[4]!)];
      if (!a || !b || b <= a || b - a > 2) return false;
      setDays(b, 0.7, m.index);
    },
  );
  // Chinese: 7日游, 5天4晚, 三天两晚, 一周, 两个星期, 半个月, 住三晚.
  eachMatch(
    ctx,
    /(?<![第前后每头这那上下]|提前|最后|\d)(\d{1,2}|[一二两三四五六七八九十半]{1,3})\s*(?:个)?\s*(天|添|日|晚|夜|周|星期|礼拜|月)(?!前|后|以后|之后|以前|年)/,
    (m) => {
      const n = m[1] === '半' ? 0.5 : parseSmallNumber(m[1]!);
      if (n === undefined) return false;
      // `2添`: a numeral then 添 is a mistyped 天.
      const unit = m[2] === '添' ? '天' : m[2]!;
      if (
        unit === '日' &&
        !/^(?:游|行|的|内|之内|左右|[,。\s]|$)/.test(
          ctx.text.slice(m.index + m[0].length, m.index + m[0].length + 2),
        )
      )
        return false;
      if ((unit === '天' || unit === '日') && n < 1) return false;
      // `一天预算1000`, `一天500块`: the amount for one day, not the trip's length.
      if (
        (unit === '天' || unit === '日') &&
        n === 1 &&
        /^(?:的)?(?:预算|花费?|消费|开销|费用|\d+(?![\d\s]*[人位个天晚日号]|\s)|[¥￥$])/.test(
          ctx.original.slice(m.index + m[0].length),
        )
      )
        return false;
      if (/周|星期|礼拜/.test(unit) && /^[一二三四五六日天末1-7]/.test(ctx.text.slice(m.index + m[0].length)))
        return false;
      if (unit === '天' || unit === '日') setDays(Math.round(n), 0.95, m.index);
      else if (unit === '晚' || unit === '夜') nights ??= Math.round(n);
      else if (unit === '月') {
        if (!/个月|半月/.test(m[0])) return false;
        setDays(Math.round(n * 30), 0.7);
      } else setDays(Math.round(n * 7), 0.9);
    },
  );
  // "a week and a half", "two weeks and a half"; "an overnight trip" (two days, one night).
  eachMatch(ctx, RX_AND_A_HALF, (m) => {
    const w = m[1]!.toLowerCase();
    const n = w === 'a' || w === 'an' ? 1 : parseSmallNumber(m[1]!);
    if (n) setDays(Math.floor(n * 7 * 1.5), 0.75, m.index);
  });
  eachMatch(ctx, /\bovernight\s+(?:trip|stay|getaway|visit)\b|过一夜|住一晚就回/i, (m) =>
    setDays(2, 0.8, m.index),
  );
  // English: 3 days, 5-day, a week, one-week, week-long, 2 nights, fortnight.
  eachMatch(ctx, RX_DATES_6, (m) => {
    const n = m[1]!.toLowerCase() === 'a' || m[1]!.toLowerCase() === 'an' ? 1 : parseSmallNumber(m[1]!);
    if (n === undefined) return false;
    const unit = m[2]!.toLowerCase();
    if (unit.startsWith('day')) setDays(n, 0.95, m.index);
    else if (unit === 'night') {
      // "a show one night", "lucha libre one night": one of the evenings, unless it is a stay.
      const before = ctx.text.slice(Math.max(0, m.index - 12), m.index);
      const after = ctx.text.slice(m.index + m[0].length, m.index + m[0].length + 12);
      if (
        !/\b(?:for|stay\w*|spend\w*|just|only|overnight)\s+$/i.test(before) &&
        !/^\s*(?:in|at|away|trip|stay|getaway)\b/i.test(after)
      )
        return false;
      nights ??= n;
    } else if (unit.startsWith('night')) nights ??= n;
    else if (unit.startsWith('month')) setDays(n * 30, 0.7, m.index);
    else setDays(n * 7, 0.9, m.index);
  });
  // "a full week", "a free week", "two whole days": a length with an adjective between.
  eachMatch(ctx, RX_ADJ_LENGTH, (m) => {
    const w = m[1]!.toLowerCase();
    const n = w === 'a' || w === 'an' ? 1 : parseSmallNumber(m[1]!);
    if (n === undefined) return false;
    setDays(/week/i.test(m[2]!) ? n * 7 : n, 0.85, m.index);
  });
  // Shorthand: `5d`, `5d4n`, `3d2n` (days, then nights).
  eachMatch(ctx, RX_SHORT_DAYS, (m) => setDays(Number(m[1]), 0.9, m.index));
  eachMatch(ctx, /\bweek[- ]?long\b|\bfortnight\b/i, (m) => setDays(/fortnight/i.test(m[0]) ? 14 : 7, 0.9));
  eachMatch(ctx, RX_DATES_7, (m) => {
    if (LEAVING.test(ctx.text.slice(Math.max(0, m.index - 30), m.index))) return false;
    const n = parseSmallNumber(m[1]!);
    if (n === undefined) return false;
    setDays(/week/i.test(m[2]!) ? n * 7 : n, 0.8);
  });
  if (days === undefined && nights !== undefined) {
    days = nights + 1;
    confidence = 0.85;
  }
  // Lengths per place (`重庆2天成都3天`, "4 days in Rome and 3 in Florence") add up, unless a
  // length given after them replaced them.
  // "Make that 5.", "Initially 3 days, now 5": a bare number correcting the length given before it.
  if (days !== undefined && daysAt >= 0) {
    const fix = withFlags(RX_BARE_FIX, 'gi');
    for (let m = fix.exec(ctx.original); m; m = fix.exec(ctx.original)) {
      const n = parseSmallNumber(m[1]!);
      const between = ctx.original.slice(daysAt, m.index);
      // Only when nothing else was counted in between (`3 days, 2 adults. Make it 3`).
      if (m.index > daysAt && n && n <= 60 && !RX_OTHER_COUNT.test(between.replace(/^\w+/, ''))) {
        days = n;
        daysAt = m.index;
      }
    }
  }
  const legs = perPlaceLengths(ctx);
  if (legs && !total && (daysAt < 0 || daysAt <= legs.lastAt)) {
    days = legs.total;
    confidence = 0.85;
  }
  const each = RX_EACH.exec(ctx.original);
  const perPlace = each ? parseSmallNumber((each[1] ?? each[2])!) : undefined;
  let eachPlaces = 0;
  if (each && perPlace) {
    const text = ctx.original;
    const from = Math.max(
      ...['.', '。', '!', '！', '?', '？', '\n'].map((p) => text.lastIndexOf(p, each.index)),
    );
    const sentence = text.slice(from + 1, each.index);
    // The places of the sentence, but not the one the trip leaves from (`从上海`, "from Paris").
    const mentions = ctx.gazetteer
      .findMentions(sentence)
      .filter((m) => !/(?:从|由|\bfrom\s+|\bleaving\s+)$/i.test(sentence.slice(0, m.start)));
    eachPlaces = new Set(mentions.map((m) => m.nameEn)).size;
  }
  if (days === undefined) {
    eachMatch(ctx, /周末|\b(?:weekend|wknd|wkend|weeknd)\b/i, (m) => {
      if (HABITUAL_ZH.test(ctx.text.slice(Math.max(0, m.index - 4), m.index))) return false;
      setDays(/long/i.test(ctx.original.slice(Math.max(0, m.index - 5), m.index)) ? 3 : 2, 0.6);
    });
  }
  return { days, nights, confidence, ...(perPlace ? { perPlace, eachPlaces } : {}) };
}

const RX_TOTAL_BEFORE =
  /(?:共|一共|总共|共计|合计|全程|总计|加起来)\s*(?:玩|去|待|呆|是|要)?\s*$|\b(?:total(?:\s+of)?|in\s+total|altogether|overall)\s*$/i;
const RX_TOTAL_AFTER =
  /^\S+[- ](?:days?|nights?)\s+(?:in\s+total|in\s+all|total|altogether|overall|all\s+together)\b/i;
/** Another count between a length and a bare correction: the correction is not the length's. */
const RX_OTHER_COUNT = /\d|\b(?:two|three|four|five|six|seven|eight|nine|ten)\b|[两二三四五六七八九十]/i;
/** A number alone after a correction verb, as the sentence ends (`make that 5.`, `now 5`). */
const RX_BARE_FIX = new RegExp(
  String.raw`\b(?:make\s+(?:it|that)|change\s+(?:it|that)\s+to|now|on\s+second\s+thoughts?,?|I\s+meant|let'?s\s+say|actually,?)\s+${EN_NUM}(?=\s*(?:[.,;!?)]|$|instead\b))`,
);

/** `2 days each`, `3 days per city`, `各玩两天`, `每个城市3天`. */
const RX_EACH = new RegExp(
  String.raw`\b${EN_NUM}[- ]days?\s+(?:each|apiece|per\s+(?:city|place|stop|town))\b|(?:各|每个?(?:城市|地方|地|站|城))(?:玩|待|呆|住|逛)?\s*(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*[天日]`,
  'i',
);

/** A day count in Chinese, with an optional verb before it (`玩2天`). */
const RX_LEG_ZH = /(?:玩|待|呆|住|逛)?\s*(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*([天日晚夜])(?![前后])/g;
/** "4 days in Rome", "3 in Florence": a count, then the place. */
const RX_LEG_EN_IN = new RegExp(
  String.raw`\b${EN_NUM}(?:[- ](days?|nights?))?\s+(?:in|at)\s+([A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2})`,
  'g',
);
/** "Rome 3 days", "Kyoto (3)", "Lisbon: 4 days": the place, then the count. */
const RX_LEG_EN_AFTER = new RegExp(
  String.raw`([A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2})\s*(?:for\s+|[(:–-]\s*)?${EN_NUM}(?:[- ](days?|nights?)\b|(?=\s*(?:[),.;]|then\b|and\b|$)))`,
  'g',
);

/** The Han place name that ends right before `at` (longest known name of 2-4 characters). */
function placeBefore(ctx: ParseContext, at: number): string | undefined {
  for (const len of [4, 3, 2]) {
    const name = ctx.original.slice(Math.max(0, at - len), at).replace(/^[在到去]/, '');
    if (name.length >= 2 && /^\p{Script=Han}+$/u.test(name) && ctx.gazetteer.lookup(name).length > 0)
      return name;
  }
  return undefined;
}

/** Two or more lengths each tied to a different place, summed, with the offset of the last. */
function perPlaceLengths(ctx: ParseContext): { total: number; lastAt: number } | undefined {
  const text = ctx.original;
  const legs: { place: string; n: number; at: number; unit: boolean; night?: boolean }[] = [];
  if (ctx.lang === 'zh' || /\p{Script=Han}/u.test(text)) {
    const re = withFlags(RX_LEG_ZH, 'g');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (/[第前后每头这那上下各]$/.test(text.slice(0, m.index))) continue;
      const n = parseSmallNumber(m[1]!);
      const place = placeBefore(ctx, m.index);
      if (n && place) legs.push({ place, n, at: m.index, unit: true, night: /[晚夜]/.test(m[2]!) });
    }
  }
  if (/[A-Z]/.test(text)) {
    for (const re of [RX_LEG_EN_IN, RX_LEG_EN_AFTER]) {
      const g = withFlags(re, 'g');
      for (let m = g.exec(text); m; m = g.exec(text)) {
        const inForm = re === RX_LEG_EN_IN;
        const place = inForm ? m[3]! : m[1]!;
        const n = parseSmallNumber(inForm ? m[1]! : m[2]!);
        if (!n || ctx.gazetteer.lookup(place).length === 0) continue;
        const unit = inForm ? m[2] : m[3];
        legs.push({ place, n, at: m.index, unit: !!unit, night: !!unit && /^n/i.test(unit) });
      }
    }
  }
  const places = new Set(legs.map((l) => l.place.toLowerCase()));
  if (legs.length < 2 || places.size !== legs.length || !legs.some((l) => l.unit)) return undefined;
  legs.sort((a, b) => a.at - b.at);
  const span = text.slice(legs[0]!.at, legs.at(-1)!.at);
  if (CORRECTION_WORDS.test(span) || /\bor\b|或者|还是/i.test(span)) return undefined;
  // Nights at each place (`住3晚`, "3 nights in Rome") add up to the nights, plus a day.
  const united = legs.filter((l) => l.unit);
  const nights = united.every((l) => l.night);
  if (!nights && united.some((l) => l.night)) return undefined;
  const sum = legs.reduce((total, l) => total + l.n, 0);
  return { total: nights ? sum + 1 : sum, lastAt: legs.at(-1)!.at };
}

// Patterns built from the pieces above, compiled once.
const RX_DATES_1 = new RegExp(
  String.raw`(?:(\d{4})\s*年\s*)?${ZN}\s*月\s*${ZN}\s*[日号]?(?:\s*(?:到|至|-|~|—|–)\s*(?:(\d{4})\s*年\s*)?(?:${ZN}\s*月\s*)?${ZN}\s*[日号])?`,
);
const RX_DATES_2 = new RegExp(
  String.raw`\b${MONTH}\s+${DAY}${YEAR}${TO}(?:${MONTH}\s+)?${DAY}\b${YEAR}`,
  'i',
);
const RX_DATES_3 = new RegExp(
  String.raw`\b(?:the\s+)?${DAY}(?:\s+of\s+${MONTH})?${YEAR}${TO}(?:the\s+)?${DAY}\s+of\s+${MONTH}${YEAR}`,
  'i',
);
const RX_DATES_DAY_FIRST = new RegExp(
  String.raw`\b${DAY}(?:\s+(?:of\s+)?${MONTH}${YEAR})?[ \t]*(?:to|-|–|—|through|thru|until|till)[ \t]*${DAY}\s+(?:of\s+)?${MONTH}\b${YEAR}`,
  'i',
);
const RX_DATES_4 = new RegExp(
  String.raw`\b(?:${MONTH}\s+${DAY}|(?:the\s+)?${DAY}(?:\s+of\s+|[ \t]+)${MONTH}\b)(?!\s*(?:days?|nights?|people|persons))${YEAR}`,
  'i',
);
const RX_DATES_5 = new RegExp(
  String.raw`(?:\b(?:in|during|early|mid|late|end of|for|until|around|next|this|coming|(?:week|half|part)\s+of)\s+|\b(?:mid|early|late)-)${MONTH}\b(?!\s+\d)|^\s*${MONTH}\s*$|(?<=:\s*)${MONTH}\b(?!\s+\d)|\b${MONTH}(?=\s*[,.]|$)(?<!\bmay)`,
  'im',
);
const RX_MONTH_YEAR = new RegExp(String.raw`\b${MONTH}\s+(20\d\d)\b`, 'i');
const RX_MAY_ALONE = /(?<=[,;]\s*)May(?=\s*(?:[,;.]|$))/m;
const RX_DATES_6 = new RegExp(
  String.raw`(?<!\bin\s|\bevery\s|\bper\s|\beach\s|\bfirst\s|\blast\s|\bother\s|\btwice\s|\btimes\s|\d\s)\b${EN_NUM}[- ](days?|nights?|weeks?|months?)(?:[- ]long)?\b(?![- ]old\b|\s+(?:ago|later|before|after|from now|old))`,
  'i',
);
const RX_NUMBER_BEFORE = new RegExp(
  String.raw`(?:\d|\b(?:${EN_NUMBER_WORDS.split('|')
    .filter((w) => w !== 'a' && w !== 'an')
    .join('|')}))\s?-?\s?$`,
  'i',
);
const RX_AND_A_HALF = new RegExp(String.raw`\b(a|an|${EN_NUMBER_WORDS}|\d)\s+weeks?\s+and\s+a\s+half\b`, 'i');
const RX_ADJ_LENGTH = new RegExp(
  String.raw`\b(a|an|${EN_NUMBER_WORDS}|\d{1,2})\s+(?:full|whole|free|entire|short|quick|long|solid)\s+(days|weeks?)\b`,
  'i',
);
const RX_MONTH_SUBJECT = new RegExp(
  String.raw`\b${MONTH}(?=\s+(?:is|works|would|suits|sounds|instead|then)\b)`,
  'i',
);
const RX_DAY_MONTH = new RegExp(
  String.raw`(?<![\d/.-])\b(\d{1,2})(?:st|nd|rd|th)?(?:\s*(?:-|–|to|until)\s*(\d{1,2})(?:st|nd|rd|th)?)?\s+(?:of\s+)?${MONTH}\b${YEAR}`,
  'i',
);
const RX_ORDINAL_DAY =
  /\b(?:on|from|starting|leaving|departing|arriving)\s+the\s+(\d{1,2})(?:st|nd|rd|th)\b(?:\s*(?:-|to|until|through)\s*(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b)?(?!\s+(?:of\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec))/i;
const RX_SHORT_DAYS = /(?<![\w.$€£¥]|\d,)(\d{1,2})\s?d(?:\s?\d{1,2}\s?n)?(?![a-z])/i;
const RX_DATES_7 = new RegExp(String.raw`\bin\s+${EN_NUM}\s+(days|weeks)\b`, 'i');
