/**
 * TravelPlanner reference information (one query's sandbox), indexed for the ref providers and
 * the checker. The raw form is one line of `train_45_ref_info.jsonl`: an object keyed
 * "Attractions in X", "Restaurants in X", "Accommodations in X", "Flight from A to B on DATE",
 * "Self-driving from A to B" and "Taxi from A to B".
 *
 * Benchmark: TravelPlanner (Xie et al., ICML 2024), data CC-BY-4.0.
 */

export interface RefAttraction {
  Name: string;
  Latitude: number;
  Longitude: number;
  Address: string;
  Phone: string;
  Website: string;
  City: string;
}

export interface RefRestaurant {
  Name: string;
  'Average Cost': number;
  Cuisines: string;
  'Aggregate Rating': number;
  City: string;
}

export interface RefAccommodation {
  NAME: string;
  price: number;
  'room type': string;
  house_rules: string | null;
  'minimum nights': number;
  'maximum occupancy': number;
  'review rate number': number;
  city: string;
}

export interface RefFlight {
  'Flight Number': string;
  Price: number;
  DepTime: string;
  ArrTime: string;
  ActualElapsedTime: string;
  FlightDate: string;
  OriginCityName: string;
  DestCityName: string;
  /** Miles. */
  Distance: number;
}

/** One query's reference information as stored (a string value means "nothing": "No valid information.", "There is no flight ..."). */
export type RefInfo = Record<
  string,
  RefAttraction[] | RefRestaurant[] | RefAccommodation[] | RefFlight[] | string
>;

export type GroundMode = 'self_driving' | 'taxi';

/** A self-driving or taxi entry, parsed from its text. `cost` is per vehicle. */
export interface RefGround {
  mode: GroundMode;
  from: string;
  to: string;
  durationMinutes: number;
  distanceKm: number;
  cost: number;
  /** The text as given. */
  text: string;
}

/** Minutes of "1 day 2 hours 3 mins", "14 hours 4 mins", "56 mins", "2 hours 24 minutes". */
export function parseDurationText(text: string): number | null {
  let total = 0;
  let matched = false;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)\s*(days?|hours?|hrs?|minutes?|mins?)\b/gi)) {
    matched = true;
    const n = Number(m[1]);
    const unit = m[2]!.toLowerCase();
    total += unit.startsWith('d') ? n * 1440 : unit.startsWith('h') ? n * 60 : n;
  }
  return matched ? Math.round(total) : null;
}

/** Km of "1,433 km" or "70.7 km". */
export function parseDistanceText(text: string): number | null {
  const m = /([\d,]+(?:\.\d+)?)\s*km/i.exec(text);
  return m ? Number(m[1]!.replace(/,/g, '')) : null;
}

/**
 * Parses "self-driving, from A to B, duration: 14 hours 4 mins, distance: 1,433 km, cost: 71"
 * (or "taxi, ..."); null for "No valid information." and anything else unparseable.
 */
export function parseGroundText(text: string): RefGround | null {
  const m =
    /^\s*(self-driving|taxi),\s*from (.+?) to (.+?),\s*duration:\s*([^,]+),\s*distance:\s*(.+?km),\s*cost:\s*([\d,.]+)\s*$/i.exec(
      text,
    );
  if (!m) return null;
  const durationMinutes = parseDurationText(m[4]!);
  const distanceKm = parseDistanceText(m[5]!);
  const cost = Number(m[6]!.replace(/,/g, ''));
  if (durationMinutes === null || distanceKm === null || !Number.isFinite(cost)) return null;
  return {
    mode: m[1]!.toLowerCase() === 'taxi' ? 'taxi' : 'self_driving',
    from: m[2]!.trim(),
    to: m[3]!.trim(),
    durationMinutes,
    distanceKm,
    cost,
    text,
  };
}

/** `HH:MM` -> minutes after midnight. */
export function clockMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

const pairKey = (from: string, to: string) => `${from}\u0000${to}`;

/** The reference information of one query, indexed by city and by leg. */
export class ReferenceIndex {
  readonly attractions = new Map<string, RefAttraction[]>();
  readonly restaurants = new Map<string, RefRestaurant[]>();
  readonly accommodations = new Map<string, RefAccommodation[]>();
  /** Key `from\0to` -> date -> flights (an empty list when the data says there is none). */
  private readonly flightsByLeg = new Map<string, Map<string, RefFlight[]>>();
  /** Key `mode\0from\0to` -> the entry, or null when the data has "No valid information.". */
  private readonly ground = new Map<string, RefGround | null>();
  /** Every city named anywhere in the keys, in order of first appearance. */
  readonly cities: string[] = [];
  /** Cities with attractions, restaurants or accommodations, in order of first appearance. */
  readonly destinationCities: string[] = [];

  constructor(readonly raw: RefInfo) {
    const seen = new Set<string>();
    const addCity = (c: string, destination: boolean) => {
      if (!seen.has(c)) {
        seen.add(c);
        this.cities.push(c);
      }
      if (destination && !this.destinationCities.includes(c)) this.destinationCities.push(c);
    };
    for (const [key, value] of Object.entries(raw)) {
      let m: RegExpExecArray | null;
      if ((m = /^(Attractions|Restaurants|Accommodations) in (.+)$/.exec(key))) {
        const city = m[2]!;
        addCity(city, true);
        const list = Array.isArray(value) ? value : [];
        if (m[1] === 'Attractions') this.attractions.set(city, list as RefAttraction[]);
        else if (m[1] === 'Restaurants') this.restaurants.set(city, list as RefRestaurant[]);
        else this.accommodations.set(city, list as RefAccommodation[]);
      } else if ((m = /^Flight from (.+) to (.+) on (\d{4}-\d{2}-\d{2})$/.exec(key))) {
        const [from, to, date] = [m[1]!, m[2]!, m[3]!];
        addCity(from, false);
        addCity(to, false);
        const byDate = this.flightsByLeg.get(pairKey(from, to)) ?? new Map<string, RefFlight[]>();
        byDate.set(date, Array.isArray(value) ? (value as RefFlight[]) : []);
        this.flightsByLeg.set(pairKey(from, to), byDate);
      } else if ((m = /^(Self-driving|Taxi) from (.+) to (.+)$/.exec(key))) {
        const mode: GroundMode = m[1] === 'Taxi' ? 'taxi' : 'self_driving';
        const [from, to] = [m[2]!, m[3]!];
        addCity(from, false);
        addCity(to, false);
        const parsed = typeof value === 'string' ? parseGroundText(value) : null;
        // The key names the leg; the text's own city names are only a cross-check.
        this.ground.set(`${mode}\u0000${pairKey(from, to)}`, parsed ? { ...parsed, from, to } : null);
      }
    }
  }

  /** Flights of the leg on the date; [] when none (or the leg/date is not in the data). */
  flights(from: string, to: string, date: string): RefFlight[] {
    return this.flightsByLeg.get(pairKey(from, to))?.get(date) ?? [];
  }

  /** Self-driving or taxi entry of the leg; null when the data has none. */
  groundOption(mode: GroundMode, from: string, to: string): RefGround | null {
    return this.ground.get(`${mode}\u0000${pairKey(from, to)}`) ?? null;
  }

  /** First restaurant of that name in the city (names repeat: the first listed one is used). */
  restaurant(city: string, name: string): RefRestaurant | undefined {
    return inCity(this.restaurants, city)?.find((r) => sameName(r.Name, name));
  }

  attraction(city: string, name: string): RefAttraction | undefined {
    return inCity(this.attractions, city)?.find((a) => sameName(a.Name, name));
  }

  accommodation(city: string, name: string): RefAccommodation | undefined {
    return inCity(this.accommodations, city)?.find((a) => sameName(a.NAME, name));
  }
}

/** Names compare trimmed, with runs of spaces collapsed, ignoring case (the data has "Peaceful, beautiful home away "). */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(a) === norm(b);
}

function inCity<T>(map: Map<string, T>, city: string): T | undefined {
  const exact = map.get(city);
  if (exact !== undefined) return exact;
  for (const [k, v] of map) if (sameName(k, city)) return v;
  return undefined;
}

/** House rules as the data words them ("No smoking" forbids smoking). */
export const HOUSE_RULE_TEXT = {
  smoking: 'No smoking',
  parties: 'No parties',
  children_under_10: 'No children under 10',
  visitors: 'No visitors',
  pets: 'No pets',
} as const;

export type HouseRuleName = keyof typeof HOUSE_RULE_TEXT;

/** What a listing allows: false for every "No X" in its house_rules, true otherwise. */
export function houseRulesOf(text: string | null | undefined): Record<HouseRuleName, boolean> {
  const listed = new Set(
    String(text ?? '')
      .split('&')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
  const out = {} as Record<HouseRuleName, boolean>;
  for (const [rule, words] of Object.entries(HOUSE_RULE_TEXT) as [HouseRuleName, string][]) {
    out[rule] = !listed.has(words.toLowerCase());
  }
  return out;
}

export type RefRoomType = 'entire_room' | 'private_room' | 'shared_room';

/** 'Entire home/apt' -> entire_room, 'Private room' -> private_room, 'Shared room' -> shared_room. */
export function roomTypeOf(text: string): RefRoomType {
  const t = text.trim().toLowerCase();
  if (t.startsWith('entire')) return 'entire_room';
  if (t.startsWith('shared')) return 'shared_room';
  return 'private_room';
}

/** Cuisines of a restaurant: "Tea, French, Bakery" -> ['Tea', 'French', 'Bakery']. */
export function cuisinesOf(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
