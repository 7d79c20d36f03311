/**
 * Opening hours in a small subset of the OpenStreetMap `opening_hours` syntax, the format the
 * bundled data uses:  `24/7`,  `Mo-Su 09:00-17:00`,  `Tu-Su 08:30-17:00; Mo off`,
 * `Mo-Fr 10:00-14:00,17:00-22:00; Sa,Su 09:00-23:00`,  `Mo-Su 18:00-02:00` (past midnight).
 * Later rules override earlier ones for the days they name, as in OSM.
 */
import type { WeeklyHours } from '../ports/providers.js';

const DAY_CODES = ['Su', 'Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa'] as const;

export class OpeningHoursError extends Error {}

function parseClock(text: string, allow24: boolean): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) throw new OpeningHoursError(`bad time "${text}"`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && (min > 0 || !allow24)))
    throw new OpeningHoursError(`bad time "${text}"`);
  return h * 60 + min;
}

function parseDays(text: string): number[] {
  const days = new Set<number>();
  for (const part of text.split(',')) {
    const range = part.split('-');
    const idx = range.map((d) => DAY_CODES.indexOf(d.trim() as (typeof DAY_CODES)[number]));
    if (idx.some((i) => i < 0) || idx.length > 2) throw new OpeningHoursError(`bad days "${part}"`);
    if (idx.length === 1) days.add(idx[0]!);
    else {
      // Ranges run forward through the week in OSM order (Mo..Su), wrapping: Fr-Mo = Fr,Sa,Su,Mo.
      const order = [1, 2, 3, 4, 5, 6, 0];
      let i = order.indexOf(idx[0]!);
      const end = order.indexOf(idx[1]!);
      for (let n = 0; n < 7; n++) {
        days.add(order[i]!);
        if (i === end) break;
        i = (i + 1) % 7;
      }
    }
  }
  return [...days];
}

/** Parses an opening-hours string; throws {@link OpeningHoursError} on anything outside the subset. */
export function parseOpeningHours(text: string): WeeklyHours {
  const week: WeeklyHours = [[], [], [], [], [], [], []];
  const trimmed = text.trim();
  if (trimmed === '24/7') return week.map(() => [[0, 1440]]);
  if (trimmed === '') throw new OpeningHoursError('empty opening hours');
  for (const rawRule of trimmed.split(';')) {
    const rule = rawRule.trim();
    if (!rule) continue;
    const m = /^((?:[A-Z][a-z](?:-[A-Z][a-z])?)(?:,(?:[A-Z][a-z](?:-[A-Z][a-z])?))*)?\s*(.*)$/.exec(rule);
    if (!m) throw new OpeningHoursError(`bad rule "${rule}"`);
    const days = m[1] ? parseDays(m[1]) : [0, 1, 2, 3, 4, 5, 6];
    const spec = (m[2] ?? '').trim();
    let intervals: [number, number][] = [];
    if (spec === 'off' || spec === 'closed') intervals = [];
    else {
      if (!spec) throw new OpeningHoursError(`no times in "${rule}"`);
      intervals = spec.split(',').map((span) => {
        const [a, b, ...rest] = span.trim().split('-');
        if (!a || !b || rest.length) throw new OpeningHoursError(`bad span "${span}"`);
        const open = parseClock(a, false);
        let close = parseClock(b, true);
        if (close <= open) close += 1440; // past midnight
        return [open, close];
      });
    }
    for (const d of days) week[d] = intervals.map((iv) => [iv[0], iv[1]] as [number, number]);
  }
  return week;
}

/** Weekday of a `YYYY-MM-DD` date, 0 = Sunday. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Open intervals (minutes after midnight) of a place on a date; `null` hours mean unknown. */
export function intervalsOn(hours: WeeklyHours | null, date: string): [number, number][] | null {
  if (!hours) return null;
  const today = hours[weekdayOf(date)] ?? [];
  // Yesterday's past-midnight opening spills into the early hours of today.
  const yesterday = hours[(weekdayOf(date) + 6) % 7] ?? [];
  const spill = yesterday.filter(([, c]) => c > 1440).map(([, c]) => [0, c - 1440] as [number, number]);
  return [...spill, ...today];
}

/** True when a visit [start, end) (minutes after midnight) fits inside one open interval on the date. */
export function isOpenFor(hours: WeeklyHours | null, date: string, start: number, end: number): boolean {
  const intervals = intervalsOn(hours, date);
  if (intervals === null) return true;
  return intervals.some(([o, c]) => start >= o && end <= c);
}

/** `HH:MM` for minutes after midnight (wrapping past 24 h). */
export function formatClock(minutes: number): string {
  const m = ((Math.round(minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Minutes after midnight for `HH:MM`. */
export function parseClockTime(text: string): number {
  return parseClock(text, true);
}
