/** Date and time-zone arithmetic for plans (pure; uses only Intl). */

/** `YYYY-MM-DD` plus `n` days. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (`b - a`). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** UTC offset of a zone on a date, in minutes (east positive); 0 when the zone is unknown. */
export function utcOffsetMinutes(timeZone: string | undefined, date: string): number {
  if (!timeZone) return 0;
  try {
    const at = new Date(`${date}T12:00:00Z`);
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    }).formatToParts(at);
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
    return Math.round((local - at.getTime()) / 60_000);
  } catch {
    return 0;
  }
}

function formatOffset(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes > 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** ISO date-time for a local date and minutes after midnight (may exceed 1440) in a zone. */
export function localIso(date: string, minutes: number, timeZone: string | undefined): string {
  const dayShift = Math.floor(minutes / 1440);
  const day = addDays(date, dayShift);
  const m = minutes - dayShift * 1440;
  const hh = String(Math.floor(m / 60)).padStart(2, '0');
  const mm = String(Math.round(m % 60)).padStart(2, '0');
  return `${day}T${hh}:${mm}:00${formatOffset(utcOffsetMinutes(timeZone, day))}`;
}

/** ISO date-time of an instant expressed in a zone's local time. */
export function isoInZone(epochMs: number, timeZone: string | undefined): string {
  const probeDay = new Date(epochMs).toISOString().slice(0, 10);
  const offset = utcOffsetMinutes(timeZone, probeDay);
  const local = new Date(epochMs + offset * 60_000).toISOString().slice(0, 19);
  return `${local}${formatOffset(offset)}`;
}

/** Epoch ms of a local date + minutes in a zone. */
export function epochOf(date: string, minutes: number, timeZone: string | undefined): number {
  return Date.parse(localIso(date, minutes, timeZone));
}

/** Season of a date in the northern hemisphere (spring = Mar-May, ...). */
export function seasonOf(date: string, southern = false): 'spring' | 'summer' | 'autumn' | 'winter' {
  const month = Number(date.slice(5, 7));
  const north =
    month >= 3 && month <= 5
      ? 'spring'
      : month >= 6 && month <= 8
        ? 'summer'
        : month >= 9 && month <= 11
          ? 'autumn'
          : 'winter';
  if (!southern) return north;
  return ({ spring: 'autumn', summer: 'winter', autumn: 'spring', winter: 'summer' } as const)[north];
}
