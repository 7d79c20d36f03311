/**
 * Holidays and seasons with real dates, relative to an injected today: China (元旦, 春节, 清明, 五一,
 * 端午, 中秋, 国庆), the US and Europe (Christmas, Easter, Thanksgiving), Japan (Golden Week).
 * Fixed holidays by month and day; the lunar ones and Easter from a dated table (2024-2030);
 * Thanksgiving computed (the fourth Thursday of November).
 * A holiday resolves to its next occurrence that has not ended by today.
 */
import { addDays, toIso, weekday } from './text.js';

export type HolidayId =
  | 'new_year'
  | 'spring_festival'
  | 'qingming'
  | 'labour_day'
  | 'dragon_boat'
  | 'mid_autumn'
  | 'national_day'
  | 'christmas'
  | 'easter'
  | 'good_friday'
  | 'thanksgiving'
  | 'golden_week_jp'
  | 'new_years_eve'
  | 'memorial_day_us'
  | 'independence_day_us'
  | 'labor_day_us'
  | 'valentines'
  | 'halloween';

interface Holiday {
  /** The day the holiday is dated by, for a year; undefined when the table has no entry. */
  date(year: number): string | undefined;
  /** Days of the holiday window (a date inside it is still "this" holiday). */
  window: number;
}

const fixed = (month: number, day: number) => (year: number) => toIso(year, month, day);
const table = (dates: Record<number, string>) => (year: number) => dates[year];

/** Dated table of the moving holidays (lunar calendar; Western Easter). */
const LUNAR = {
  spring_festival: {
    2024: '2024-02-10',
    2025: '2025-01-29',
    2026: '2026-02-17',
    2027: '2027-02-06',
    2028: '2028-01-26',
    2029: '2029-02-13',
    2030: '2030-02-03',
  },
  qingming: {
    2024: '2024-04-04',
    2025: '2025-04-04',
    2026: '2026-04-05',
    2027: '2027-04-05',
    2028: '2028-04-04',
    2029: '2029-04-04',
    2030: '2030-04-05',
  },
  dragon_boat: {
    2024: '2024-06-10',
    2025: '2025-05-31',
    2026: '2026-06-19',
    2027: '2027-06-09',
    2028: '2028-05-28',
    2029: '2029-06-16',
    2030: '2030-06-05',
  },
  mid_autumn: {
    2024: '2024-09-17',
    2025: '2025-10-06',
    2026: '2026-09-25',
    2027: '2027-09-15',
    2028: '2028-10-03',
    2029: '2029-09-22',
    2030: '2030-09-12',
  },
  easter: {
    2024: '2024-03-31',
    2025: '2025-04-20',
    2026: '2026-04-05',
    2027: '2027-03-28',
    2028: '2028-04-16',
    2029: '2029-04-01',
    2030: '2030-04-21',
  },
} satisfies Record<string, Record<number, string>>;

/** The `nth` (1-based; -1 for the last) `wd` (0 = Sunday) of `month` in `year`. */
function nthWeekday(year: number, month: number, wd: number, nth: number): string {
  if (nth > 0) {
    const first = toIso(year, month, 1)!;
    return addDays(first, ((wd - weekday(first) + 7) % 7) + 7 * (nth - 1));
  }
  const last = addDays(toIso(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1)!, -1);
  return addDays(last, -((weekday(last) - wd + 7) % 7));
}

function thanksgiving(year: number): string | undefined {
  const first = toIso(year, 11, 1)!;
  const toThursday = (4 - weekday(first) + 7) % 7;
  return addDays(first, toThursday + 21);
}

export const HOLIDAYS: Record<HolidayId, Holiday> = {
  new_year: { date: fixed(1, 1), window: 3 },
  spring_festival: { date: table(LUNAR.spring_festival), window: 7 },
  qingming: { date: table(LUNAR.qingming), window: 3 },
  labour_day: { date: fixed(5, 1), window: 5 },
  dragon_boat: { date: table(LUNAR.dragon_boat), window: 3 },
  mid_autumn: { date: table(LUNAR.mid_autumn), window: 3 },
  national_day: { date: fixed(10, 1), window: 7 },
  christmas: { date: fixed(12, 25), window: 1 },
  easter: { date: table(LUNAR.easter), window: 4 },
  // The Friday before Easter Sunday opens the Easter weekend (Friday to Monday).
  good_friday: {
    date: (y) => {
      const easter = table(LUNAR.easter)(y);
      return easter ? addDays(easter, -2) : undefined;
    },
    window: 4,
  },
  thanksgiving: { date: thanksgiving, window: 4 },
  golden_week_jp: { date: fixed(4, 29), window: 7 },
  new_years_eve: { date: fixed(12, 31), window: 1 },
  // The US long weekends start on the Saturday before the Monday holiday.
  memorial_day_us: { date: (y) => addDays(nthWeekday(y, 5, 1, -1), -2), window: 3 },
  independence_day_us: { date: fixed(7, 4), window: 1 },
  labor_day_us: { date: (y) => addDays(nthWeekday(y, 9, 1, 1), -2), window: 3 },
  valentines: { date: fixed(2, 14), window: 1 },
  halloween: { date: fixed(10, 31), window: 1 },
};

/** The holiday's next date whose window has not ended by `today`; undefined beyond the table. */
export function nextHoliday(id: HolidayId, today: string): string | undefined {
  const y = Number(today.slice(0, 4));
  const h = HOLIDAYS[id];
  for (const year of [y, y + 1, y + 2]) {
    const d = h.date(year);
    if (d && addDays(d, h.window - 1) >= today) return d;
  }
  return undefined;
}

/** The spans of the holiday names in `text` (a weekday inside `Good Friday` is no date of its own). */
export function holidaySpans(text: string): [start: number, end: number][] {
  const spans: [number, number][] = [];
  for (const [, re] of HOLIDAY_NAMES) {
    const m = re.exec(text);
    if (m) spans.push([m.index, m.index + m[0].length]);
  }
  return spans;
}

/** Holiday names in Chinese and English, by holiday. */
export const HOLIDAY_NAMES: [HolidayId, RegExp][] = [
  [
    'national_day',
    /国庆(?:节|假期|长假|黄金周)?|(?<!五一|劳动节|日本|\p{Script=Latin}\s?)黄金周|(?<![\d月])十一(?=假期|黄金周|长假|期间|假|出游|去|出发|的时候|那几天|前后|[,。]|$|\s+(?![个人位天日晚号]))(?:假期|黄金周|长假|期间)?|\bNational Day(?:\s+(?:holiday|golden week|break))?/iu,
  ],
  ['labor_day_us', /\bLabor Day(?:\s+weekend)?\b(?!\s+holiday)/],
  ['memorial_day_us', /\bMemorial Day(?:\s+weekend)?\b/i],
  ['independence_day_us', /\b(?:Fourth|4th) of July\b|\bJuly (?:4th|4|fourth)\b|\bIndependence Day\b/i],
  ['valentines', /情人节|\bValentine'?s(?:\s+Day)?\b/i],
  ['halloween', /万圣节|\bHalloween\b/i],
  ['new_years_eve', /\bNew Year'?s Eve\b|\bNYE\b|跨年夜?/i],
  ['labour_day', /五一(?:劳动节|假期|长假|小长假|黄金周)?|劳动节|\bMay Day\b|\bLabou?r Day holiday\b/i],
  [
    'spring_festival',
    /春节(?:假期|期间)?|过年(?:期间)?|大年初一|\b(?:Chinese|Lunar) New Year\b|\bSpring Festival\b/i,
  ],
  // After 春节, and never inside "Chinese New Year" / "Lunar New Year".
  ['new_year', /元旦(?:假期)?|(?<!(?:Chinese|Lunar)\s+)\bNew Year(?!'?s?\s*Eve)(?:'?s)?(?:\s+Day)?\b/i],
  ['qingming', /清明(?:节|假期)?|\bQingming(?:\s+(?:Festival|holiday))?\b|\bTomb[- ]Sweeping Day\b/i],
  ['dragon_boat', /端午(?:节|假期)?|\bDragon Boat(?:\s+Festival)?\b/i],
  ['mid_autumn', /中秋(?:节|假期)?|\bMid[- ]Autumn(?:\s+Festival)?\b/i],
  ['christmas', /圣诞(?:节)?|\bChri?s?t?mas\b|\bXmas\b/i],
  ['good_friday', /耶稣受难日|\bGood Friday\b/i],
  ['easter', /复活节|\bEaster(?:\s+(?:break|holidays?|weekend))?\b/i],
  ['thanksgiving', /感恩节|\bThanksgiving\b/i],
  ['golden_week_jp', /(?<!国庆|National Day\s)\bGolden Week\b|日本黄金周/i],
];

/** First month of each season, and the school holidays (暑假 July, 寒假 January). */
const SEASON_MONTH: [RegExp, number][] = [
  [/春天|春季|开春|\bspring\b(?!\s+festival)/i, 3],
  [/夏天|夏季|\bsummer\b/i, 6],
  [/秋天|秋季|\bautumn\b|\bfall\b(?=\s|$|[,.])/i, 9],
  [/冬天|冬季|\bwinter\b/i, 12],
  [/暑假|暑期|\bsummer (?:holidays?|vacation|break)\b/i, 7],
  [/寒假|\bwinter (?:holidays?|vacation|break)\b/i, 1],
];

/** `YYYY-MM` of the next month `month` (this month counts), from `today`. */
export function nextMonth(month: number, today: string): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const year = month >= m ? y : y + 1;
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** `YYYY-MM` of a season or school holiday named in `text` (the later-listed match wins: 暑假 over 夏天). */
export function seasonMonth(
  text: string,
  today: string,
): { month: string; start: number; end: number } | undefined {
  let found: { month: string; start: number; end: number } | undefined;
  for (const [re, month] of SEASON_MONTH) {
    const m = re.exec(text);
    if (m) found = { month: nextMonth(month, today), start: m.index, end: m.index + m[0].length };
  }
  return found;
}
