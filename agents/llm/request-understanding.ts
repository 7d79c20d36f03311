/**
 * Request understanding: text -> TripRequest draft. Without an LLM, the deterministic parser.
 * With one, the model extracts the request as JSON (structured output, validated by zod, one retry,
 * then the parser as fallback — agents/llm/structured.ts) AND the parser reads the text too; the
 * parser then cross-checks the model: where the model's value disagrees with a field the parser
 * extracted with high confidence (origin, destinations, days, party, budget amount), the parser's
 * value is kept and the disagreement recorded. Fields the model left empty but the parser found
 * with high confidence are filled from the parser. Everything else comes from the model, except a
 * trip length or budget the text gives only vaguely (`几天`, `a few days`, `预算有限`): a value the
 * model put there is dropped and the field stays missing, to be asked about rather than invented.
 *
 * The user's text is sent between data markers (see agents/prompts/request-understanding.ts) and
 * capped like the parser caps it; the model is offered no tools, so nothing it says is executed.
 */
import { z } from 'zod';
import type { Gazetteer } from '../nlu/gazetteer.js';
import { eveningKindOf } from '../nlu/evening.js';
import { DEFAULT_MAX_LENGTH, parseTripText } from '../nlu/parser.js';
import type { Segmenter } from '../nlu/text.js';
import type { MissingField, ParseResult, TripRequestDraft } from '../nlu/types.js';
import { PlaceRef, TripRequest } from '../schemas/trip-request.js';
import { defaultPromptEngine } from '../prompts/catalog.js';
import { quoteAsData } from '../prompts/request-understanding.js';
import type { ChatResult, LlmClient, LlmUsage } from './port.js';
import type { PromptAudience, PromptCallRef, PromptEngine } from './prompt-engine.js';
import { generateStructured, type StructuredSource } from './structured.js';

/**
 * What the model must return: the TripRequest fields, with origin optional and no cross-field
 * refinements (a request may lack a destination; the parser and slot filling handle what is
 * missing). Same keys as {@link TripRequest}.
 */
export const LlmTripRequest = z.object({
  ...TripRequest.shape,
  origin: PlaceRef.nullish(),
});
export type LlmTripRequest = z.infer<typeof LlmTripRequest>;

/** Parser confidence from which a field counts as "extracted with high confidence". */
export const HIGH_CONFIDENCE = 0.9;

export type UnderstandingSource = 'parser' | StructuredSource;

export interface Disagreement {
  field: 'origin' | 'destinations' | 'days' | 'travelers' | 'budget';
  llm: unknown;
  parser: unknown;
  /** The value kept: always the parser's. */
  kept: 'parser';
}

export interface UnderstandOptions {
  llm?: LlmClient | null;
  gazetteer: Gazetteer;
  today: string;
  segmenter?: Segmenter;
  /** The user (A/B variant, language, style). */
  user?: PromptAudience;
  engine?: PromptEngine;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface Understanding {
  request: TripRequestDraft;
  missing: MissingField[];
  /** `parser` without an LLM; `llm`/`llm-retry` when the model's answer was used; `fallback` otherwise. */
  source: UnderstandingSource;
  disagreements: Disagreement[];
  /** Parser notes (truncation, assumptions) plus the model's failures when it fell back. */
  notes: string[];
  /** The system prompt used (null without an LLM); all prompts with variants are in `prompts`. */
  promptId: string | null;
  promptVersion: number | null;
  prompts: PromptCallRef[];
  usage: LlmUsage | null;
  /** Completed LLM calls (model, latency, tokens), for the Message. */
  calls: ChatResult[];
  parse: ParseResult;
}

function placeKeys(
  p: { name: string; nameEn?: string | null; nameZh?: string | null } | null | undefined,
): Set<string> {
  const keys = new Set<string>();
  if (!p) return keys;
  for (const n of [p.name, p.nameEn, p.nameZh]) if (n) keys.add(n.trim().toLowerCase().replace(/市$/, ''));
  return keys;
}

function samePlace(
  a: Parameters<typeof placeKeys>[0],
  b: Parameters<typeof placeKeys>[0],
  gazetteer: Gazetteer,
): boolean {
  const ka = placeKeys(a);
  const kb = placeKeys(b);
  for (const k of ka) if (kb.has(k)) return true;
  // Resolve through the gazetteer (e.g. `Xian` vs `西安`).
  const resolve = (keys: Set<string>) =>
    new Set(
      [...keys].flatMap((k) =>
        gazetteer
          .lookup(k)
          .slice(0, 1)
          .map((p) => `${p.en}|${p.country}`),
      ),
    );
  const ra = resolve(ka);
  for (const r of resolve(kb)) if (ra.has(r)) return true;
  return false;
}

function missingOf(r: TripRequestDraft, parse: ParseResult): MissingField[] {
  const missing: MissingField[] = [];
  if (!r.origin) missing.push('origin');
  if ((r.destinations?.length ?? 0) === 0 && !r.region) missing.push('destinations');
  if (!r.startDate) missing.push('dates');
  if (r.days == null) missing.push('days');
  const t = r.travelers;
  if (parse.missing.includes('travelers') && (!t || (t.adults === 1 && t.children === 0)))
    missing.push('travelers');
  if (!r.budget) missing.push('budget');
  return missing;
}

/** Applies the parser's high-confidence fields over the model's value; see the module comment. */
export function crossCheck(
  llmValue: LlmTripRequest,
  parse: ParseResult,
  gazetteer: Gazetteer,
): { request: TripRequestDraft; disagreements: Disagreement[] } {
  const p = parse.request;
  const c = parse.confidence;
  const high = (f: string) => (c[f] ?? 0) >= HIGH_CONFIDENCE;
  const out: TripRequestDraft = { ...(llmValue as TripRequestDraft) };
  if (llmValue.origin == null) delete out.origin;
  const disagreements: Disagreement[] = [];
  const disagree = (field: Disagreement['field'], llm: unknown, parser: unknown) =>
    disagreements.push({ field, llm, parser, kept: 'parser' });

  if (high('origin') && p.origin) {
    if (llmValue.origin && !samePlace(llmValue.origin, p.origin, gazetteer))
      disagree('origin', llmValue.origin, p.origin);
    if (!llmValue.origin || !samePlace(llmValue.origin, p.origin, gazetteer)) out.origin = p.origin;
  }
  const pd = p.destinations ?? [];
  if (high('destinations') && pd.length > 0) {
    const ld = llmValue.destinations;
    const same = ld.length === pd.length && ld.every((d) => pd.some((q) => samePlace(d, q, gazetteer)));
    if (!same) {
      if (ld.length > 0) disagree('destinations', ld, pd);
      out.destinations = pd;
    }
  }
  if (high('days') && p.days != null && llmValue.days !== p.days) {
    if (llmValue.days != null) disagree('days', llmValue.days, p.days);
    out.days = p.days;
    if (p.startDate) out.startDate = p.startDate;
    if (p.endDate) out.endDate = p.endDate;
    else delete out.endDate;
  }
  if (high('travelers') && p.travelers) {
    const lt = llmValue.travelers;
    if (lt.adults !== p.travelers.adults || lt.children !== p.travelers.children) {
      disagree('travelers', lt, p.travelers);
      out.travelers = p.travelers;
    }
  }
  // Vague in the text: whatever the model filled in is a guess.
  if (parse.vague.includes('days') && out.days != null) {
    disagree('days', out.days, null);
    delete out.days;
    delete out.endDate;
  }
  if (parse.vague.includes('budget') && out.budget && !p.budget) {
    disagree('budget', out.budget, null);
    delete out.budget;
  }
  if (high('budget') && p.budget) {
    const lb = llmValue.budget;
    if (!lb || lb.amount !== p.budget.amount || lb.perPerson !== p.budget.perPerson) {
      if (lb) disagree('budget', lb, p.budget);
      out.budget = p.budget;
    }
  }
  // Evening wishes are kinds of outing: a must-visit the model wrote that is only an evening word
  // ("night view", 演出) moves to the evenings, and the parser's evenings fill an empty list.
  const moved = (out.mustVisit ?? []).filter((w) => eveningKindOf(w.trim()) && isEveningWordOnly(w));
  if (moved.length > 0) out.mustVisit = (out.mustVisit ?? []).filter((w) => !moved.includes(w));
  const evenings = [...(out.evenings ?? [])];
  for (const w of moved) {
    const kind = eveningKindOf(w.trim())!;
    if (!evenings.some((e) => e.kind === kind)) evenings.push({ kind });
  }
  for (const e of p.evenings ?? []) if (!evenings.some((x) => x.kind === e.kind)) evenings.push(e);
  if (evenings.length > 0) out.evenings = evenings;
  return { request: out, disagreements };
}

/** Understands one request; see the module comment. Never throws except on cancellation. */
export async function understandRequest(text: string, options: UnderstandOptions): Promise<Understanding> {
  const parse = parseTripText(text, {
    gazetteer: options.gazetteer,
    today: options.today,
    ...(options.segmenter ? { segmenter: options.segmenter } : {}),
  });
  if (!options.llm) {
    return {
      request: parse.request,
      missing: parse.missing,
      source: 'parser',
      disagreements: [],
      notes: parse.notes,
      promptId: null,
      promptVersion: null,
      prompts: [],
      usage: null,
      calls: [],
      parse,
    };
  }

  const engine = options.engine ?? defaultPromptEngine();
  const audience: PromptAudience = {
    ...(options.user ?? {}),
    lang: options.user?.lang ?? parse.request.language ?? 'zh',
  };
  const capped = Array.from(typeof text === 'string' ? text : '')
    .slice(0, DEFAULT_MAX_LENGTH)
    .join('');
  const system = engine.render('request-understanding.system', { today: options.today }, audience);
  const user = engine.render('request-understanding.user', { text: quoteAsData(capped) }, audience);
  const result = await generateStructured(
    options.llm,
    {
      messages: [
        { role: 'system', content: system.text },
        { role: 'user', content: user.text },
      ],
      schema: LlmTripRequest,
      name: 'trip_request',
      description: 'The traveller request as a TripRequest.',
    },
    {
      // The parser's draft; recognised below by `source === 'fallback'`.
      fallback: () => parse.request as LlmTripRequest,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    },
  );
  const prompts: PromptCallRef[] = [
    system.ref,
    user.ref,
    ...result.prompts.map((p) => ({ ...p, variant: 'A' })),
  ];
  const base = {
    promptId: system.ref.id,
    promptVersion: system.ref.version,
    prompts,
    usage: result.usage,
    calls: result.calls,
    parse,
  };
  if (result.source === 'fallback') {
    return {
      ...base,
      request: parse.request,
      missing: parse.missing,
      source: 'fallback',
      disagreements: [],
      notes: [...parse.notes, ...result.problems.map((p) => `LLM: ${p}`)],
    };
  }
  const { request, disagreements } = crossCheck(result.value, parse, options.gazetteer);
  return {
    ...base,
    request,
    missing: missingOf(request, parse),
    source: result.source,
    disagreements,
    notes: parse.notes,
  };
}

/** True for a phrase that is nothing but an evening word (`night view`, `夜景`, `a show`), not a place. */
function isEveningWordOnly(w: string): boolean {
  const rest = w
    .toLowerCase()
    .replace(/\b(?:a|an|the|one|some)\b/g, '')
    .replace(/夜景|夜市|演出|表演|night[- ]?views?|night[- ]markets?|shows?|concerts?|night cruises?/g, '')
    .trim();
  return rest.length === 0;
}
