/**
 * Dates and durations in Chinese and English: absolute dates and ranges, dates relative to
 * `today` (明天, 下周五, next Friday), holidays (国庆, 五一, 春节 approximately), and trip lengths
 * (7日游, 三天两晚, 一周, a week, 5-day).
 */
import { casual } from 'chrono-node/en';
import type { ParseContext } from './context.js';
import { consume, eachMatch } from './context.js';
import { EN_NUMBER_WORDS, addDays, parseSmallNumber, toIso, weekday } from './text.js';

export interface DateFinding {
  start?: string;
  end?: string;
  /** How the dates were given: a holiday or a single relative day may be overridden by a duration. */
  kind?: 'range' | 'single' | 'holiday' | 'week';
  confidence: number;
}

export interface DurationFinding {
  days?: number;
  nights?: number;
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

/** Spring Festival (lunar new year) dates, for 春节 (approximate: the holiday is taken as 7 days from it). */
const SPRING_FESTIVAL: Record<number, string> = {
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
  2031: '2031-01-23',
  2032: '2032-02-11',
  2033: '2033-01-31',
  2034: '2034-02-19',
  2035: '2035-02-08',
};

function holiday(ctx: ParseContext, month: number, day: number, length: number): DateFinding {
  const y = Number(ctx.today.slice(0, 4));
  let start = toIso(y, month, day)!;
  if (addDays(start, length - 1) < ctx.today) start = toIso(y + 1, month, day)!;
  return { start, end: addDays(start, length - 1), kind: 'holiday', confidence: 0.85 };
}

/** Monday-based weekday: 1 = Monday ... 7 = Sunday. */
function isoWeekday(iso: string): number {
  return weekday(iso) || 7;
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

const ZH_WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, 末: 6 };

function datesZh(ctx: ParseContext): DateFinding | undefined {
  let found: DateFinding | undefined;
  const set = (f: DateFinding): void => {
    if (!found || (found.kind !== 'range' && f.kind === 'range')) found = f;
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
      const start = toIso(year, month, Number(m[2]));
      if (!start) return false;
      const end = m[3] ? endAfter(start, month, Number(m[3])) : undefined;
      set({ start, end, kind: end ? 'range' : 'single', confidence: 0.9 });
    },
  );
  if (found) return found;
  eachMatch(ctx, /(大后天|后天|明天|明日|今天|今日)(?:出发|走|动身|开始)?/, (m) => {
    const offset = { 今天: 0, 今日: 0, 明天: 1, 明日: 1, 后天: 2, 大后天: 3 }[m[1]! as '今天'];
    set({ start: addDays(ctx.today, offset), kind: 'single', confidence: 0.9 });
  });
  eachMatch(ctx, /(下下个?|下个?|这个?|本)?(?:周|星期|礼拜)([一二三四五六日天末1-7])/, (m) => {
    const target = /\d/.test(m[2]!) ? Number(m[2]) : ZH_WEEKDAY[m[2]!]!;
    const prefix = m[1] ?? '';
    const which = prefix.startsWith('下下') ? 'nextnext' : prefix.startsWith('下') ? 'next' : 'upcoming';
    const start = weekdayFrom(ctx, target, which);
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
  eachMatch(
    ctx,
    /国庆(?:节|假期|长假|黄金周)?|(?<![\d月])十一(?=假期|黄金周|长假|期间|假|出游|去|出发|的时候|那几天|前后|[,。]|$)(?:假期|黄金周|长假|期间)?/,
    () => set(holiday(ctx, 10, 1, 7)),
  );
  eachMatch(ctx, /五一(?:劳动节|假期|长假|小长假|黄金周)?|劳动节/, () => set(holiday(ctx, 5, 1, 5)));
  eachMatch(ctx, /元旦(?:假期)?/, () => set(holiday(ctx, 1, 1, 3)));
  eachMatch(ctx, /圣诞(?:节)?/, () => set(holiday(ctx, 12, 25, 1)));
  eachMatch(ctx, /清明(?:节|假期)?/, () => {
    set({ ...holiday(ctx, 4, 4, 3), confidence: 0.6 });
    ctx.notes.push('清明假期按4月4日至6日估算，实际以当年放假安排为准。');
  });
  eachMatch(
    ctx,
    /春节(?:假期|期间)?|过年(?:期间)?|大年初一|\b(?:Chinese|Lunar) New Year\b|\bSpring Festival\b/i,
    () => {
      const y = Number(ctx.today.slice(0, 4));
      let start = SPRING_FESTIVAL[y];
      if (start && addDays(start, 6) < ctx.today) start = SPRING_FESTIVAL[y + 1];
      if (!start) {
        ctx.notes.push(
          ctx.lang === 'zh'
            ? '春节日期随农历变化，未能确定，请给出具体日期。'
            : 'The Spring Festival date moves with the lunar calendar and could not be resolved; please give dates.',
        );
        return;
      }
      set({ start, end: addDays(start, 6), kind: 'holiday', confidence: 0.6 });
      ctx.notes.push(
        ctx.lang === 'zh'
          ? `春节按农历正月初一（${start}）起7天估算，实际放假安排以当年通知为准。`
          : `Spring Festival approximated as 7 days from the lunar new year (${start}); check the official holiday dates.`,
      );
    },
  );
  eachMatch(ctx, /中秋(?:节)?|端午(?:节)?|暑假|寒假/, (m) => {
    ctx.notes.push(`“${m[0]}”的具体日期未能确定，请给出具体日期。`);
  });
  if (!found) {
    eachMatch(ctx, /(下下|下)(?:个)?(周|星期|礼拜|月)(?![一二三四五六日天末\d])/, (m) => {
      if (m[2] === '月') {
        const y = Number(ctx.today.slice(0, 4));
        const mo = Number(ctx.today.slice(5, 7)) + (m[1] === '下下' ? 2 : 1);
        const start = toIso(y + Math.floor((mo - 1) / 12), ((mo - 1) % 12) + 1, 1)!;
        set({ start, kind: 'week', confidence: 0.4 });
        ctx.notes.push('只说了“下个月”，出发日期暂按下月1日。');
      } else {
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
const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
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
  if (found) return found;
  // Single dates: "begin on March 8th and conclude on March 14th, 2022".
  const singles: { month: number; day: number; year?: number }[] = [];
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

const RELATIVE_EN =
  /\b(?:today|tonight|tomorrow|day after tomorrow|next|this|coming|(?:mon|tues|wednes|thurs|fri|satur|sun)day|weekend|christmas|new year'?s|in\s+(?:\d+|a|an|one|two|three|four|five|six)\s+(?:days?|weeks?|months?))\b/i;

function relativeEn(ctx: ParseContext): DateFinding | undefined {
  if (!RELATIVE_EN.test(ctx.text)) return undefined;
  const instant = new Date(`${ctx.today}T12:00:00Z`);
  let results;
  try {
    results = casual.parse(ctx.text, { instant, timezone: 0 }, { forwardDate: true });
  } catch {
    return undefined;
  }
  for (const r of results) {
    // "in 10 days" is a start only after a verb of leaving ("we leave in 3 days"); else a length.
    if (
      /^in\s+\S+\s+(?:days?|weeks?)$/i.test(r.text.trim()) &&
      !LEAVING.test(ctx.text.slice(Math.max(0, r.index - 30), r.index))
    )
      continue;
    // Durations ("for 3 days", "a week") are read as lengths, not dates.
    if (/^(?:for|within|over)\b|^(?:a|an|one|\d+)\s+(?:days?|weeks?|nights?)$/i.test(r.text.trim())) continue;
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
    if (/weekend/i.test(r.text)) {
      const sat = weekday(start) === 6 ? start : addDays(start, (6 - weekday(start) + 7) % 7);
      return { start: sat, end: addDays(sat, 1), kind: 'holiday', confidence: 0.8 };
    }
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

export function extractDates(ctx: ParseContext): DateFinding | undefined {
  const zh = datesZh(ctx);
  const en = datesEn(ctx);
  const found = zh ?? en;
  if (!found) monthOnly(ctx);
  return found;
}

/** "7月去新疆", "in June": only a month; noted, no date is made up. */
function monthOnly(ctx: ParseContext): void {
  eachMatch(
    ctx,
    /(?<![\d年])(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(份|初|中旬|中|下旬|底|上旬)?(?![\d一二三四五六七八九十])/,
    (m) => {
      const month = parseSmallNumber(m[1]!);
      if (!month || month > 12) return false;
      ctx.notes.push(`只给了月份（${month}月），出发日期未定。`);
    },
  );
  eachMatch(ctx, RX_DATES_5, (m) => {
    ctx.notes.push(`Only a month was given (${m[0].trim()}); no start date was set.`);
  });
}

const EN_NUM = String.raw`(\d{1,2}|${EN_NUMBER_WORDS})`;

export function extractDuration(ctx: ParseContext): DurationFinding {
  let days: number | undefined;
  let nights: number | undefined;
  let confidence = 0;
  const setDays = (n: number, conf: number): void => {
    if (days === undefined && n >= 1 && n <= 60) {
      days = n;
      confidence = conf;
    }
  };
  // Chinese: 7日游, 5天4晚, 三天两晚, 一周, 两个星期, 半个月, 住三晚.
  eachMatch(
    ctx,
    /(?<![第前后每头这那上下]|提前|最后|\d)(\d{1,2}|[一二两三四五六七八九十半]{1,3})\s*(?:个)?\s*(天|日|晚|夜|周|星期|礼拜|月)(?!前|后|以后|之后|以前)/,
    (m) => {
      const n = m[1] === '半' ? 0.5 : parseSmallNumber(m[1]!);
      if (n === undefined) return false;
      const unit = m[2]!;
      if (
        unit === '日' &&
        !/^(?:游|行|的|内|之内|左右|[,。\s]|$)/.test(
          ctx.text.slice(m.index + m[0].length, m.index + m[0].length + 2),
        )
      )
        return false;
      if ((unit === '天' || unit === '日') && n < 1) return false;
      if (/周|星期|礼拜/.test(unit) && /^[一二三四五六日天末1-7]/.test(ctx.text.slice(m.index + m[0].length)))
        return false;
      if (unit === '天' || unit === '日') setDays(Math.round(n), 0.95);
      else if (unit === '晚' || unit === '夜') nights ??= Math.round(n);
      else if (unit === '月') {
        if (!/个月|半月/.test(m[0])) return false;
        setDays(Math.round(n * 30), 0.7);
      } else setDays(Math.round(n * 7), 0.9);
    },
  );
  // English: 3 days, 5-day, a week, one-week, week-long, 2 nights, fortnight.
  eachMatch(ctx, RX_DATES_6, (m) => {
    const n = m[1]!.toLowerCase() === 'a' || m[1]!.toLowerCase() === 'an' ? 1 : parseSmallNumber(m[1]!);
    if (n === undefined) return false;
    const unit = m[2]!.toLowerCase();
    if (unit.startsWith('day')) setDays(n, 0.95);
    else if (unit.startsWith('night')) nights ??= n;
    else setDays(n * 7, 0.9);
  });
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
  if (days === undefined) {
    eachMatch(ctx, /周末|\bweekend\b/i, (m) => {
      setDays(/long/i.test(ctx.original.slice(Math.max(0, m.index - 5), m.index)) ? 3 : 2, 0.6);
    });
  }
  return { days, nights, confidence };
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
const RX_DATES_4 = new RegExp(
  String.raw`\b(?:${MONTH}\s+${DAY}|(?:the\s+)?${DAY}\s+of\s+${MONTH})(?!\s*(?:days?|nights?|people|persons))${YEAR}`,
  'i',
);
const RX_DATES_5 = new RegExp(String.raw`\b(?:in|during|early|mid|late|end of)\s+${MONTH}\b(?!\s+\d)`, 'i');
const RX_DATES_6 = new RegExp(
  String.raw`(?<!\bin\s|\bevery\s|\bper\s|\beach\s|\bfirst\s|\blast\s|\bother\s|\btwice\s|\btimes\s|\d\s)\b${EN_NUM}[- ](days?|nights?|weeks?)(?:[- ]long)?\b(?!\s+(?:ago|later|before|after|from now))`,
  'i',
);
const RX_DATES_7 = new RegExp(String.raw`\bin\s+${EN_NUM}\s+(days|weeks)\b`, 'i');
