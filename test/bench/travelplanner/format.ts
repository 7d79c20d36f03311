/**
 * TravelPlanner's plan format (one object per day) and helpers to read and write its fields.
 * Multi-city gold plans write cities as "Dallas(Texas)"; readers strip the "(State)" part.
 */

/** One day of a plan in the benchmark's format. '-' marks an empty field. */
export interface BenchPlanDay {
  days: number;
  /** 'from A to B' on a travel day, else the city. */
  current_city: string;
  /** 'Flight Number: F1, from A to B, Departure Time: HH:MM, Arrival Time: HH:MM', 'Self-driving, from A to B, ...', 'Taxi, ...' or '-'. */
  transportation: string;
  breakfast: string;
  /** 'Name, City;Name, City;' or '-'. */
  attraction: string;
  lunch: string;
  dinner: string;
  accommodation: string;
}

export const MEAL_FIELDS = ['breakfast', 'lunch', 'dinner'] as const;
export type MealField = (typeof MEAL_FIELDS)[number];

export interface NameCity {
  name: string;
  /** Normalised city ("Dallas(Texas)" -> "Dallas"); '' when the entry names none. */
  city: string;
}

/** True for '-', '', null and undefined. */
export function isEmptyField(value: string | null | undefined): boolean {
  return value === undefined || value === null || value.trim() === '' || value.trim() === '-';
}

/** "Dallas(Texas)" -> "Dallas"; trims. */
export function normalizeCity(city: string): string {
  return city.replace(/\s*\([^()]*\)\s*$/, '').trim();
}

/** 'Name, City' -> {name, city}, splitting at the last ", " (names may contain commas); null for '-'. */
export function splitNameCity(entry: string | null | undefined): NameCity | null {
  if (isEmptyField(entry)) return null;
  const text = entry!.trim();
  const at = text.lastIndexOf(',');
  if (at < 0) return { name: text, city: '' };
  return { name: text.slice(0, at).trim(), city: normalizeCity(text.slice(at + 1)) };
}

/** 'Name, City;Name, City;' -> entries. */
export function splitAttractions(field: string | null | undefined): NameCity[] {
  if (isEmptyField(field)) return [];
  return field!
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s && s !== '-')
    .map((s) => splitNameCity(s)!)
    .filter(Boolean);
}

export type CurrentCity = { travel: true; from: string; to: string } | { travel: false; city: string };

/** 'from A to B' -> travel day; anything else -> that city. Cities normalised. */
export function parseCurrentCity(value: string | null | undefined): CurrentCity | null {
  if (isEmptyField(value)) return null;
  const m = /^\s*from\s+(.+?)\s+to\s+(.+?)\s*$/i.exec(value!);
  if (m) return { travel: true, from: normalizeCity(m[1]!), to: normalizeCity(m[2]!) };
  return { travel: false, city: normalizeCity(value!) };
}

export interface BenchLeg {
  mode: 'flight' | 'self_driving' | 'taxi' | 'other';
  from: string;
  to: string;
  flightNumber?: string;
  departureTime?: string;
  arrivalTime?: string;
  /** Cost as written in the text (per vehicle for ground legs), when given. */
  cost?: number;
  text: string;
}

/** Reads a transportation field (one leg, or several joined by '; '); [] for '-'. */
export function parseTransportation(field: string | null | undefined): BenchLeg[] {
  if (isEmptyField(field)) return [];
  const parts = field!
    .split(/;\s*(?=(?:Flight Number|Self-driving|Taxi)\b)/i)
    .map((s) => s.trim())
    .filter(Boolean);
  return parts.map((text): BenchLeg => {
    const flight =
      /Flight Number:\s*([^,\s]+)\s*,\s*from\s+(.+?)\s+to\s+(.+?)\s*,\s*Departure Time:\s*(\d{1,2}:\d{2})\s*,\s*Arrival Time:\s*(\d{1,2}:\d{2})/i.exec(
        text,
      );
    if (flight) {
      return {
        mode: 'flight',
        flightNumber: flight[1]!,
        from: normalizeCity(flight[2]!),
        to: normalizeCity(flight[3]!),
        departureTime: flight[4]!,
        arrivalTime: flight[5]!,
        text,
      };
    }
    const ground = /^(Self-driving|Taxi)\s*,\s*from\s+(.+?)\s+to\s+(.+?)\s*(?:,|$)/i.exec(text);
    if (ground) {
      const cost = /cost:\s*([\d,]+(?:\.\d+)?)/i.exec(text);
      return {
        mode: ground[1]!.toLowerCase() === 'taxi' ? 'taxi' : 'self_driving',
        from: normalizeCity(ground[2]!),
        to: normalizeCity(ground[3]!),
        ...(cost ? { cost: Number(cost[1]!.replace(/,/g, '')) } : {}),
        text,
      };
    }
    const other = /from\s+(.+?)\s+to\s+(.+?)\s*(?:,|$)/i.exec(text);
    return {
      mode: 'other',
      from: normalizeCity(other?.[1] ?? ''),
      to: normalizeCity(other?.[2] ?? ''),
      text,
    };
  });
}

/** 844 -> "14 hours 4 mins", 56 -> "56 mins", 61 -> "1 hour 1 min" (the reference info's wording). */
export function formatDuration(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  const h = Math.floor(m / 60);
  const rest = m % 60;
  const mins = `${rest} ${rest === 1 ? 'min' : 'mins'}`;
  return h > 0 ? `${h} ${h === 1 ? 'hour' : 'hours'} ${mins}` : mins;
}

/** 1433 -> "1,433 km", 70.7 -> "70.7 km". */
export function formatDistance(km: number): string {
  const rounded = km >= 100 ? Math.round(km) : Math.round(km * 10) / 10;
  return `${rounded.toLocaleString('en-US')} km`;
}

/** Cost as the reference info writes it: whole numbers without decimals. */
export function formatCost(cost: number): string {
  return Number.isInteger(cost) ? String(cost) : String(Math.round(cost * 100) / 100);
}
