/**
 * Rule-based parser from a TravelPlanner query's TEXT to our {@link TripRequest}: origin,
 * destination city or "N cities in STATE", dates, days, party size, budget (USD), house rules,
 * room type, cuisines and ruled-out transport. Cities and states are recognised with the data
 * set's city list (database/background/citySet_with_states.txt).
 *
 * Also: {@link QueryFields}, the flat form the hand-checked gold fields
 * (test/fixtures/travelplanner/gold-fields.json) are written in, which the checker uses as the
 * query's constraints.
 *
 * Benchmark: TravelPlanner (Xie et al., ICML 2024), data CC-BY-4.0.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  TripRequest,
  partySize,
  type HouseRule,
  type IntercityMode,
  type RoomType,
} from '../../../agents/schemas/trip-request.js';
import { loadCityStates } from './data.js';

/** A query's constraints, flat. */
export interface QueryFields {
  index?: number;
  origin: string;
  /** The one destination city; null for "N cities in STATE". */
  destination: string | null;
  state: string | null;
  cityCount: number;
  startDate: string | null;
  endDate: string | null;
  days: number | null;
  people: number;
  /** USD for the whole party; null when not given. */
  budget: number | null;
  houseRules: HouseRule[];
  roomType: RoomType | null;
  cuisines: string[];
  /** Modes ruled out. */
  avoid: IntercityMode[];
}

export const GOLD_FIELDS_FILE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/travelplanner/gold-fields.json',
);

/** The hand-checked gold fields of the 45 training queries, in file order. */
export function loadGoldFields(file = GOLD_FIELDS_FILE): QueryFields[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { queries: QueryFields[] };
  return data.queries;
}

export interface Gazetteer {
  /** Known city names. */
  cities: string[];
  /** Known state / region names. */
  states: string[];
}

let defaultGazetteer: Gazetteer | undefined;
/** Cities and states of citySet_with_states.txt. */
export function benchGazetteer(): Gazetteer {
  if (!defaultGazetteer) {
    const map = loadCityStates();
    defaultGazetteer = { cities: [...map.keys()], states: [...new Set(map.values())] };
  }
  return defaultGazetteer;
}

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  single: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
};
const NUM = '(\\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)';
const toNumber = (s: string) => (/^\d+$/.test(s) ? Number(s) : (NUMBER_WORDS[s.toLowerCase()] ?? NaN));

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_RE =
  '(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\\.?';
const monthIndex = (m: string) =>
  MONTHS.findIndex((full) => full.startsWith(m.toLowerCase().replace('.', '').slice(0, 3)));

export const KNOWN_CUISINES = [
  'Chinese',
  'American',
  'Italian',
  'Mexican',
  'Indian',
  'Mediterranean',
  'French',
];

interface Span {
  name: string;
  start: number;
  end: number;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Non-overlapping mentions of the given names (longest first), in text order. */
function findMentions(text: string, names: string[]): Span[] {
  const taken: Span[] = [];
  for (const name of [...names].sort((a, b) => b.length - a.length)) {
    const re = new RegExp(`(?<![A-Za-z])${escapeRe(name)}(?![A-Za-z])`, 'g');
    for (const m of text.matchAll(re)) {
      const span = { name, start: m.index, end: m.index + name.length };
      if (!taken.some((t) => span.start < t.end && t.start < span.end)) taken.push(span);
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

const ORIGIN_CUE =
  /(?:\bfrom|\bdepart(?:s|ing)?(?:\s+from)?|\bstart(?:s|ing)?\s+(?:in|from|at)|\bbeginning\s+(?:in|from|at)|\bleav(?:e|es|ing)(?:\s+from)?|\bsetting\s+off\s+from|\boriginating\s+(?:in|from)|\btaking\s+off\s+from|\bflying\s+out\s+of)\s+$/i;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month, day));
  if (d.getUTCMonth() !== month || d.getUTCDate() !== day) return null;
  return `${year}-${pad(month + 1)}-${pad(day)}`;
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Start and end date of "from March 16th to March 18th, 2022", "the 8th to the 10th of March", "between March 9th and 13th". */
function parseDates(text: string): { start: string | null; end: string | null } {
  const year = Number(/\b(20\d{2})\b/.exec(text)?.[1] ?? NaN);
  if (!Number.isFinite(year)) return { start: null, end: null };
  const re = new RegExp(
    `${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b|(\\d{1,2})(?:st|nd|rd|th)?\\s+of\\s+${MONTH_RE}|\\b(\\d{1,2})(?:st|nd|rd|th)\\b`,
    'gi',
  );
  const tokens: { month: number | null; day: number }[] = [];
  for (const m of text.matchAll(re)) {
    if (m[1] && m[2]) tokens.push({ month: monthIndex(m[1]), day: Number(m[2]) });
    else if (m[3] && m[4]) tokens.push({ month: monthIndex(m[4]), day: Number(m[3]) });
    else if (m[5]) tokens.push({ month: null, day: Number(m[5]) });
  }
  // A bare "13th" takes the month named before it ("March 9th and 13th"), else the one after ("the 8th to the 10th of March").
  tokens.forEach((t, i) => {
    if (t.month !== null) return;
    const before = tokens
      .slice(0, i)
      .reverse()
      .find((x) => x.month !== null);
    const after = tokens.slice(i + 1).find((x) => x.month !== null);
    t.month = before?.month ?? after?.month ?? null;
  });
  const dated = tokens.filter((t): t is { month: number; day: number } => t.month !== null && t.month >= 0);
  if (dated.length === 0) return { start: null, end: null };
  const first = dated[0]!;
  const last = dated[dated.length - 1]!;
  const start = isoDate(year, first.month, first.day);
  let end = isoDate(year, last.month, last.day);
  if (start && end && end < start) end = isoDate(year + 1, last.month, last.day);
  return { start, end: dated.length > 1 ? end : null };
}

function parseDays(text: string): number | null {
  const m = new RegExp(`\\b${NUM}[-\\s]days?\\b`, 'i').exec(text);
  if (m) return toNumber(m[1]!);
  if (/\b(?:a|one)[-\s]week\b|\bweek[-\s]long\b/i.test(text)) return 7;
  const w = new RegExp(`\\b${NUM}[-\\s]weeks?\\b`, 'i').exec(text);
  if (w) return toNumber(w[1]!) * 7;
  return null;
}

function parsePeople(text: string): number {
  const patterns: [RegExp, (m: RegExpExecArray) => number][] = [
    [new RegExp(`\\b(?:group|party|family|team) of ${NUM}\\b`, 'i'), (m) => toNumber(m[1]!)],
    [
      new RegExp(`\\b${NUM}\\s+(?:people|persons|individuals|travell?ers|adults|guests|friends)\\b`, 'i'),
      (m) => toNumber(m[1]!),
    ],
    [new RegExp(`\\b${NUM}[-\\s]person\\b`, 'i'), (m) => toNumber(m[1]!)],
    [/\b(?:a\s+)?single[-\s](?:person|travell?er)\b/i, () => 1],
    [/\b(?:a\s+)?(?:pair|couple)\b/i, () => 2],
    [
      new RegExp(
        `\\bfor\\s+${NUM}(?=\\s*(?:[,.?!]|$|\\s+(?:departing|leaving|starting|beginning|travell?ing|from|to|heading)))`,
        'i',
      ),
      (m) => toNumber(m[1]!),
    ],
    [
      /\b(?:alone|solo|by myself|on my own|single traveller|single traveler|solo traveler|solo traveller)\b/i,
      () => 1,
    ],
  ];
  for (const [re, read] of patterns) {
    const m = re.exec(text);
    if (m) {
      const n = read(m);
      if (Number.isFinite(n) && n >= 1) return n;
    }
  }
  return 1;
}

function parseBudget(text: string): number | null {
  const m =
    /\$\s?(\d[\d,]*(?:\.\d+)?)\s*(k|thousand)?/i.exec(text) ??
    /\b(\d[\d,]*(?:\.\d+)?)\s*(k)?\s*(?:US\s*)?(?:dollars|usd)\b/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]!.replace(/,/g, ''));
  return m[2] ? n * 1000 : n;
}

function parseHouseRules(text: string): HouseRule[] {
  const rules: HouseRule[] = [];
  if (/\bsmok(?:e|ing)\b/i.test(text) && !/\b(?:no|non)[-\s]smoking\b/i.test(text)) rules.push('smoking');
  if (/\bparties\b|\bparty-friendly\b|\bhost(?:ing)?\s+(?:a\s+)?party\b/i.test(text)) rules.push('parties');
  if (
    /\bchildren under\b|\bkids under\b|\bunder (?:the age of )?10\b|\bwith (?:our |young |small )*(?:kids|children)\b/i.test(
      text,
    )
  ) {
    rules.push('children_under_10');
  }
  if (/\bvisitors?\b|\bguests over\b/i.test(text)) rules.push('visitors');
  if (/\bpets?\b|\bpet-friendly\b|\bdogs?\b|\bcats?\b/i.test(text)) rules.push('pets');
  return rules;
}

function parseRoomType(text: string): RoomType | null {
  if (/\b(?:not|non)[-\s]shared\s+rooms?\b|\bnot\s+(?:a\s+)?shared\b/i.test(text)) return 'not_shared_room';
  if (/\bentire\s+(?:rooms?|homes?|apartments?|apt|places?|units?)\b/i.test(text)) return 'entire_room';
  if (/\bprivate\s+rooms?\b/i.test(text)) return 'private_room';
  if (/\bshared\s+rooms?\b/i.test(text)) return 'shared_room';
  return null;
}

function parseCuisines(text: string): string[] {
  return KNOWN_CUISINES.map((c) => ({ c, at: text.search(new RegExp(`\\b${c}\\b`, 'i')) }))
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((x) => x.c);
}

const NEGATION = /\b(?:no|not|never|avoid|without|non|rather not|prefer not)\b|n't\b|\bnon-/i;

/** Modes ruled out, read sentence by sentence ("We do not plan on self-driving", "no flights"). */
function parseAvoid(text: string): IntercityMode[] {
  const avoid = new Set<IntercityMode>();
  for (const sentence of text.split(/(?<=[.!?])\s+/)) {
    if (!NEGATION.test(sentence)) continue;
    if (/\bfl(?:y|ying|ights?)\b|\bplanes?\b|\bair travel\b/i.test(sentence)) avoid.add('flight');
    if (
      /\bself[-\s]?driv(?:e|ing)\b|\bdriv(?:e|ing)\s+(?:ourselves|myself|by ourselves|by myself)\b|\bdrive\b/i.test(
        sentence,
      )
    ) {
      avoid.add('self_driving');
    }
    if (/\btaxis?\b|\bcabs?\b/i.test(sentence)) avoid.add('taxi');
  }
  return [...avoid];
}

/** Parses a TravelPlanner-style English request into a TripRequest (currency USD, language en). */
export function parseTravelQuery(input: string, gazetteer: Gazetteer = benchGazetteer()): TripRequest {
  const text = input.replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim();
  const cities = findMentions(text, gazetteer.cities);
  const states = findMentions(text, gazetteer.states);

  const originSpan =
    cities.find((c) => ORIGIN_CUE.test(text.slice(Math.max(0, c.start - 40), c.start))) ?? cities[0];
  if (!originSpan) throw new Error(`no origin city found in: ${text}`);

  const count = new RegExp(
    `\\b${NUM}\\s+(?:different\\s+|distinct\\s+|separate\\s+|unique\\s+|other\\s+)?cities\\b`,
    'i',
  ).exec(text);
  // Not the origin, and not part of a longer city name ("Kansas" in "Kansas City").
  const stateSpans = states.filter(
    (s) =>
      !overlaps(s, originSpan) && !cities.some((c) => overlaps(c, s) && c.end - c.start > s.end - s.start),
  );
  const otherCities = cities.filter((c) => !overlaps(c, originSpan) && c.name !== originSpan.name);

  let region: { name: string; cityCount: number } | null = null;
  let destinations: { name: string; country: string }[] = [];
  // A state name that is also a city ("Washington") is the state only with "N cities" or "... state".
  const regionCue = stateSpans.find(
    (s) =>
      count !== null || /^\s+state\b/i.test(text.slice(s.end)) || !otherCities.some((c) => overlaps(c, s)),
  );
  if (regionCue) {
    region = { name: regionCue.name, cityCount: count ? toNumber(count[1]!) : 1 };
  } else {
    destinations = otherCities
      .filter((c, i, all) => all.findIndex((x) => x.name === c.name) === i)
      .map((c) => ({ name: c.name, country: 'US' }));
  }

  const { start, end } = parseDates(text);
  let days = parseDays(text);
  if (days === null && start && end) days = daysBetween(start, end) + 1;
  const people = parsePeople(text);
  const budget = parseBudget(text);

  return TripRequest.parse({
    origin: { name: originSpan.name, country: 'US' },
    destinations,
    region,
    startDate: start,
    endDate: end ?? (start && days ? addDays(start, days - 1) : null),
    days,
    travelers: { adults: people, children: 0, childAges: [] },
    budget: budget === null ? null : { amount: budget, currency: 'USD', perPerson: false },
    transport: { avoid: parseAvoid(text), prefer: [] },
    cuisines: parseCuisines(text),
    accommodation: { roomType: parseRoomType(text), houseRules: parseHouseRules(text), amenities: [] },
    language: 'en',
  });
}

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The flat fields of a TripRequest (for comparing with the gold fields). */
export function requestFields(r: TripRequest): QueryFields {
  const single = !r.region && r.destinations.length === 1;
  return {
    origin: r.origin.name,
    destination: single ? r.destinations[0]!.name : null,
    state: r.region?.name ?? null,
    cityCount: r.region?.cityCount ?? Math.max(1, r.destinations.length),
    startDate: r.startDate ?? null,
    endDate: r.endDate ?? null,
    days: r.days ?? null,
    people: partySize(r),
    budget: r.budget?.amount ?? null,
    houseRules: [...r.accommodation.houseRules],
    roomType: r.accommodation.roomType ?? null,
    cuisines: [...r.cuisines],
    avoid: [...r.transport.avoid],
  };
}
