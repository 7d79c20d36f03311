/**
 * Multi-turn slot filling that works offline: each user message is parsed with the deterministic
 * parser and merged into the request draft; the reply is either one short follow-up question (in
 * the user's language) for the most important missing slot, or `ready` with a complete
 * {@link TripRequest}.
 *
 * Order of questions: destination, then trip length (dates/days), then origin (defaulted from the
 * profile's home city when given), then the party, then the budget. A slot asked twice without an
 * answer, or declined ("不限", "no limit", "随便", "skip"), is left to its default.
 *
 * Short answers are read against the pending question: "北京" answers "which city do you leave
 * from?" as the origin; a bare "4" is the number of days, of people or the budget amount,
 * whichever was asked. New values override old ones, so corrections ("改成4天", "make it 4 days")
 * work; list fields (must-visit, cuisines, ...) accumulate.
 *
 * The text is only ever data for the parser: nothing in it is executed, and the replies are the
 * templates of agents/prompts/follow-up.ts, so they stay travel-planning replies whatever it says.
 */
import type { Gazetteer } from '../nlu/gazetteer.js';
import { parseTripText } from '../nlu/parser.js';
import type { Segmenter } from '../nlu/text.js';
import { addDays, detectLanguage } from '../nlu/text.js';
import type { ParseResult, TripRequestDraft } from '../nlu/types.js';
import type { PlaceRef } from '../schemas/trip-request.js';
import { TripRequest } from '../schemas/trip-request.js';
import type { PromptAudience, PromptCallRef, PromptEngine, PromptVars } from '../llm/prompt-engine.js';
import { defaultPromptEngine } from '../prompts/catalog.js';
import { parseChineseNumber } from '../nlu/text.js';

/** Slots asked for, in order of importance. */
export const SLOT_ORDER = ['destinations', 'dates', 'origin', 'travelers', 'budget'] as const;
export type Slot = (typeof SLOT_ORDER)[number];

export interface SlotFillingState {
  draft: TripRequestDraft;
  /** Slots still open (neither filled nor given up). */
  missing: Slot[];
  /** The question last asked, to interpret a short answer. */
  pending: Slot | null;
  /** How many times each slot was asked. */
  asked: Partial<Record<Slot, number>>;
  /** Slots filled (by the user or a default), and slots given up on. */
  filled: Slot[];
  skipped: Slot[];
  /** The conversation's language (that of the last message with words). */
  language: 'zh' | 'en';
  turns: number;
}

export interface SlotFillingOptions {
  gazetteer: Gazetteer;
  /** `YYYY-MM-DD`. */
  today: string;
  segmenter?: Segmenter;
  /** The profile's home city: the origin when the user does not name one. */
  homeCity?: string | null;
  /** Variant assignment and style (user id, preferences). */
  audience?: PromptAudience;
  engine?: PromptEngine;
}

export type SlotFillingReply =
  | { kind: 'question'; slot: Slot; text: string; prompt: PromptCallRef }
  | { kind: 'ready'; request: TripRequest; text: string; prompt: PromptCallRef };

export interface TurnResult {
  state: SlotFillingState;
  reply: SlotFillingReply;
  /** Slots this message filled (for the Message metadata and the context summary). */
  filledNow: Slot[];
  /** Parser notes for the user (e.g. that a very long message was truncated). */
  notes: string[];
}

export function initialSlotState(language: 'zh' | 'en' = 'zh'): SlotFillingState {
  return {
    draft: {},
    missing: [...SLOT_ORDER],
    pending: null,
    asked: {},
    filled: [],
    skipped: [],
    language,
    turns: 0,
  };
}

const DECLINE =
  /^(?:不限|无所谓|随便|都行|都可以|没有|没预算|不确定|跳过|skip|no limit|no budget|none|any|whatever|not sure|don'?t know|doesn'?t matter|no preference)[\s。.!！]*$/i;
const BARE_NUMBER = /^\s*(\d+(?:\.\d+)?)\s*(?:[个位人天日万千kK块元]*)\s*[。.!！]?\s*$/;

function bareNumber(text: string): number | undefined {
  const t = text.trim();
  const m = BARE_NUMBER.exec(t);
  if (m) {
    let n = Number(m[1]);
    if (/万/.test(t)) n *= 10_000;
    else if (/[千kK]/.test(t)) n *= 1_000;
    return n;
  }
  const z = /^([一两二三四五六七八九十])\s*[个位天日人]?[。]?$/.exec(t);
  // One Chinese numeral: the request parser's reader (agents/nlu/text.ts).
  return z ? parseChineseNumber(z[1]!) : undefined;
}

function placeOf(gazetteer: Gazetteer, name: string, lang: 'zh' | 'en'): PlaceRef {
  const p = gazetteer.lookup(name)[0];
  if (!p) return { name };
  const display = lang === 'zh' && p.zh ? p.zh : p.en;
  return { name: display, nameEn: p.en, nameZh: p.zh, country: p.country };
}

function hasSlot(draft: TripRequestDraft, slot: Slot, state: SlotFillingState): boolean {
  switch (slot) {
    case 'destinations':
      return (draft.destinations?.length ?? 0) > 0 || !!draft.region;
    case 'dates':
      return draft.days != null;
    case 'origin':
      return !!draft.origin;
    case 'travelers':
      return state.filled.includes('travelers');
    case 'budget':
      return !!draft.budget;
  }
}

function union<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] {
  return [...new Set([...(a ?? []), ...(b ?? [])])];
}

/** Merges a parse into the draft: found values override, lists accumulate. Returns the slots filled. */
function merge(state: SlotFillingState, parsed: ParseResult, text: string): Slot[] {
  const d: TripRequestDraft = { ...state.draft };
  const p = parsed.request;
  const c = parsed.confidence;
  const filled: Slot[] = [];
  const pending = state.pending;

  // Places, with the pending question deciding what a bare city name is.
  let origin = p.origin;
  let destinations = p.destinations ?? [];
  if (pending === 'origin' && !origin && destinations.length === 1 && (c['destinations'] ?? 0) < 0.9) {
    origin = destinations[0];
    destinations = [];
  }
  if (origin) {
    d.origin = origin;
    filled.push('origin');
  }
  if (destinations.length > 0 || p.region) {
    d.destinations = destinations;
    if (p.region) d.region = p.region;
    else delete d.region;
    filled.push('destinations');
  }

  // Dates and length.
  const number = bareNumber(text);
  let days = p.days ?? undefined;
  if (
    days === undefined &&
    number !== undefined &&
    pending === 'dates' &&
    Number.isInteger(number) &&
    number >= 1 &&
    number <= 60
  )
    days = number;
  const start = p.startDate ?? undefined;
  if (start) {
    d.startDate = start;
    delete d.startMonth;
    delete d.startMonthPart;
    if (p.endDate) d.endDate = p.endDate;
    else delete d.endDate;
  } else if (p.startMonth) {
    // `4月`, `暑假`: a month is kept as a month; no day is made up.
    d.startMonth = p.startMonth;
    if (p.startMonthPart) d.startMonthPart = p.startMonthPart;
    else delete d.startMonthPart;
    delete d.startDate;
    delete d.endDate;
  }
  if (days !== undefined) d.days = days;
  if (d.startDate && d.days != null && (days !== undefined || start) && !(start && p.endDate))
    d.endDate = addDays(d.startDate, d.days - 1);
  if (days !== undefined || (start && p.days != null)) filled.push('dates');

  // Party.
  if (!parsed.missing.includes('travelers')) {
    d.travelers = p.travelers!;
    filled.push('travelers');
  } else if (
    pending === 'travelers' &&
    number !== undefined &&
    Number.isInteger(number) &&
    number >= 1 &&
    number <= 50
  ) {
    d.travelers = { adults: number, children: 0, childAges: [] };
    filled.push('travelers');
  }

  // Budget.
  // `预算有限`: a level, not an amount; the amount is still asked for.
  if (p.budgetLevel) d.budgetLevel = p.budgetLevel;
  if (p.budget) {
    d.budget = p.budget;
    filled.push('budget');
  } else if (pending === 'budget' && number !== undefined && number > 0) {
    d.budget = { amount: number, currency: state.language === 'en' ? 'USD' : 'CNY', perPerson: false };
    filled.push('budget');
  }

  // Preferences: lists accumulate, single values override when found.
  d.mustVisit = union(d.mustVisit, p.mustVisit);
  d.mustAvoid = union(d.mustAvoid, p.mustAvoid);
  d.cuisines = union(d.cuisines, p.cuisines);
  d.dietaryRestrictions = union(d.dietaryRestrictions, p.dietaryRestrictions);
  d.interests = union(d.interests, p.interests);
  d.transport = {
    avoid: union(d.transport?.avoid, p.transport?.avoid),
    prefer: union(d.transport?.prefer, p.transport?.prefer).filter(
      (m) => !(p.transport?.avoid ?? []).includes(m),
    ),
  };
  const acc = p.accommodation;
  d.accommodation = {
    ...(d.accommodation ?? {}),
    houseRules: union(d.accommodation?.houseRules, acc?.houseRules),
    amenities: union(d.accommodation?.amenities, acc?.amenities),
    ...(acc?.roomType ? { roomType: acc.roomType } : {}),
    ...(acc?.stars ? { stars: acc.stars } : {}),
    ...(acc?.tier ? { tier: acc.tier } : {}),
  };
  if ((c['pace'] ?? 0) > 0 && p.pace) d.pace = p.pace;
  if (p.travelStyle) d.travelStyle = p.travelStyle;
  state.draft = d;
  return [...new Set(filled)];
}

function languageOfText(text: string, previous: 'zh' | 'en'): 'zh' | 'en' {
  if (/\p{Script=Han}/u.test(text)) return detectLanguage(text);
  // Two Latin words or more: English; a lone word ("Beijing") or a number keeps the language.
  return (text.match(/[A-Za-z]{2,}/g)?.length ?? 0) >= 2 ? 'en' : previous;
}

function destinationLabel(draft: TripRequestDraft, lang: 'zh' | 'en'): string {
  const d = draft.destinations?.[0];
  if (d) return lang === 'zh' ? (d.nameZh ?? d.name) : (d.nameEn ?? d.name);
  if (draft.region) return draft.region.name;
  return lang === 'zh' ? '那里' : 'there';
}

function summaryOf(r: TripRequest, lang: 'zh' | 'en'): string {
  const name = (p: PlaceRef) => (lang === 'zh' ? (p.nameZh ?? p.name) : (p.nameEn ?? p.name));
  const dest =
    r.destinations.length > 0
      ? r.destinations.map(name).join(lang === 'zh' ? '、' : ', ')
      : (r.region?.name ?? '');
  const people = r.travelers.adults + r.travelers.children;
  const budget = r.budget
    ? lang === 'zh'
      ? `，预算${r.budget.amount}${r.budget.currency}${r.budget.perPerson ? '/人' : ''}`
      : `, budget ${r.budget.amount} ${r.budget.currency}${r.budget.perPerson ? ' per person' : ''}`
    : '';
  const start = r.startDate ? (lang === 'zh' ? `，${r.startDate}出发` : `, leaving ${r.startDate}`) : '';
  return lang === 'zh'
    ? `从${name(r.origin)}到${dest}，${r.days ?? '?'}天，${people}人${start}${budget}`
    : `${name(r.origin)} to ${dest}, ${r.days ?? '?'} days, ${people} ${people === 1 ? 'person' : 'people'}${start}${budget}`;
}

const QUESTION_ID: Record<Slot, string> = {
  destinations: 'follow-up.destination',
  dates: 'follow-up.dates',
  origin: 'follow-up.origin',
  travelers: 'follow-up.travelers',
  budget: 'follow-up.budget',
};

/**
 * Takes one user message. Never throws on any text; the returned state is a new object (the
 * given one is not modified).
 */
export function nextTurn(previous: SlotFillingState, userText: string, opts: SlotFillingOptions): TurnResult {
  const engine = opts.engine ?? defaultPromptEngine();
  const state: SlotFillingState = {
    ...previous,
    draft: structuredClone(previous.draft),
    missing: [...previous.missing],
    asked: { ...previous.asked },
    filled: [...previous.filled],
    skipped: [...previous.skipped],
    turns: previous.turns + 1,
  };
  const text = typeof userText === 'string' ? userText : '';
  state.language = languageOfText(text, previous.language);
  const parsed = parseTripText(text, {
    gazetteer: opts.gazetteer,
    today: opts.today,
    ...(opts.segmenter ? { segmenter: opts.segmenter } : {}),
  });
  const filledNow = merge(state, parsed, text);
  for (const s of filledNow) if (!state.filled.includes(s)) state.filled.push(s);

  // A declined or twice-unanswered question is given up (the slot keeps its default).
  const pending = previous.pending;
  if (pending && !filledNow.includes(pending)) {
    if (DECLINE.test(text.trim()) || (state.asked[pending] ?? 0) >= 2) state.skipped.push(pending);
  }
  // The origin defaults to the profile's home city.
  if (!state.draft.origin && opts.homeCity && (state.draft.destinations?.length || state.draft.region)) {
    state.draft.origin = placeOf(opts.gazetteer, opts.homeCity, state.language);
    if (!state.filled.includes('origin')) state.filled.push('origin');
  }
  state.missing = SLOT_ORDER.filter((s) => !hasSlot(state.draft, s, state) && !state.skipped.includes(s));

  const notes = parsed.notes.filter((n) => /truncated|过长/i.test(n));
  const audience: PromptAudience = { ...(opts.audience ?? {}), lang: state.language };
  const prefix = notes.length > 0 ? `${notes.join(' ')} ` : '';

  const next = state.missing[0];
  if (next !== undefined) {
    state.pending = next;
    state.asked[next] = (state.asked[next] ?? 0) + 1;
    // When is known (a day, a month, a holiday) and only the length is missing or vague: ask for the length.
    const whenKnown = !!(state.draft.startDate || state.draft.startMonth);
    const id = next === 'dates' && whenKnown ? 'follow-up.days' : QUESTION_ID[next];
    const vars: PromptVars =
      id === 'follow-up.dates' || id === 'follow-up.days'
        ? { destination: destinationLabel(state.draft, state.language) }
        : {};
    const q = engine.render(id, vars, audience);
    return {
      state,
      reply: { kind: 'question', slot: next, text: prefix + q.text, prompt: q.ref },
      filledNow,
      notes,
    };
  }

  state.pending = null;
  const candidate = TripRequest.safeParse({ ...state.draft, language: state.language });
  if (!candidate.success) {
    // Only dates can clash here (an end before the start): ask for them again.
    delete state.draft.startDate;
    delete state.draft.endDate;
    delete state.draft.days;
    state.missing = ['dates'];
    state.pending = 'dates';
    state.asked.dates = (state.asked.dates ?? 0) + 1;
    const q = engine.render(
      'follow-up.dates',
      { destination: destinationLabel(state.draft, state.language) },
      audience,
    );
    return {
      state,
      reply: { kind: 'question', slot: 'dates', text: prefix + q.text, prompt: q.ref },
      filledNow,
      notes,
    };
  }
  const done = engine.render(
    'follow-up.ready',
    { summary: summaryOf(candidate.data, state.language) },
    audience,
  );
  return {
    state,
    reply: { kind: 'ready', request: candidate.data, text: prefix + done.text, prompt: done.ref },
    filledNow,
    notes,
  };
}
