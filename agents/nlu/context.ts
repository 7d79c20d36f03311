/** The working state shared by the parser's extractors. */
import type { Gazetteer } from './gazetteer.js';
import type { Segmenter } from './text.js';
import { mask, maskSpans } from './text.js';
import type { ParsedConstraints, TripRequestDraft } from './types.js';

export interface ParseContext {
  /** The normalised text; spans already understood are masked out (same length, same offsets). */
  text: string;
  /** The normalised text before any masking. */
  readonly original: string;
  /** The text as the user wrote it (capped), same length and offsets as `text`. */
  readonly raw: string;
  readonly lang: 'zh' | 'en';
  /** `YYYY-MM-DD`. */
  readonly today: string;
  readonly gazetteer: Gazetteer;
  readonly segmenter: Segmenter | undefined;
  readonly notes: string[];
  readonly confidence: Record<string, number>;
  readonly constraints: ParsedConstraints;
  /** The request being filled. */
  readonly request: TripRequestDraft;
  /** Fields the text names only vaguely (`几天`, `a few days`): to ask about, never to guess. */
  readonly vague: Set<'days' | 'budget'>;
}

/** Masks a span of the working text so later extractors do not read it again. */
export function consume(ctx: ParseContext, start: number, end: number): void {
  ctx.text = mask(ctx.text, start, end);
}

/** Compiled twins, by flags then source (no key strings are built per call). */
const compiled = new Map<string, Map<string, RegExp>>();
const plain = new Map<string, Map<string, RegExp>>();

function cached(
  cache: Map<string, Map<string, RegExp>>,
  source: string,
  flags: string,
  make: () => RegExp,
): RegExp {
  let byFlags = cache.get(flags);
  if (!byFlags) {
    byFlags = new Map();
    cache.set(flags, byFlags);
  }
  let re = byFlags.get(source);
  if (!re) {
    re = make();
    byFlags.set(source, re);
  }
  re.lastIndex = 0;
  return re;
}

/** Global twins by the pattern object (reading `re.source` builds a new string on every call). */
const twins = new WeakMap<RegExp, RegExp>();

/** The global, with-indices twin of `re`, compiled once per process. */
function globalOf(re: RegExp): RegExp {
  let twin = twins.get(re);
  if (!twin) {
    const flags = re.flags;
    twin = cached(compiled, re.source, flags, () => {
      const f = (flags.includes('g') ? flags : `${flags}g`) + (flags.includes('d') ? '' : 'd');
      return new RegExp(re.source, f);
    });
    twins.set(re, twin);
  }
  twin.lastIndex = 0;
  return twin;
}

const flagTwins = new WeakMap<RegExp, Map<string, RegExp>>();

/** `re` with other flags, compiled once per pattern object and flags (`lastIndex` reset). */
export function withFlags(re: RegExp, flags: string): RegExp {
  let byFlags = flagTwins.get(re);
  if (!byFlags) {
    byFlags = new Map();
    flagTwins.set(re, byFlags);
  }
  let twin = byFlags.get(flags);
  if (!twin) {
    twin = new RegExp(re.source, flags);
    byFlags.set(flags, twin);
  }
  twin.lastIndex = 0;
  return twin;
}

/** `new RegExp(source, flags)`, compiled once per process (`lastIndex` reset on each call). */
export function rx(source: string, flags = ''): RegExp {
  return cached(plain, source, flags, () => new RegExp(source, flags));
}

/** Runs a global regex over the working text, masking each match the handler accepts (returns true). */
export function eachMatch(
  ctx: ParseContext,
  re: RegExp,
  handler: (m: RegExpExecArray) => boolean | void,
): void {
  const g = globalOf(re);
  const found: RegExpExecArray[] = [];
  for (let m = g.exec(ctx.text); m; m = g.exec(ctx.text)) {
    found.push(m);
    if (m[0].length === 0) g.lastIndex++;
  }
  if (found.length === 0) return;
  // The accepted matches are masked together, in one copy of the text (matches do not overlap).
  const spans: number[] = [];
  for (const m of found) {
    if (handler(m) !== false && m[0].length > 0) spans.push(m.index, m.index + m[0].length);
  }
  if (spans.length === 2) consume(ctx, spans[0]!, spans[1]!);
  else if (spans.length > 2) ctx.text = maskSpans(ctx.text, spans);
}

/** A capture group of a match made by {@link eachMatch}, cut from the text as the user wrote it. */
export function rawGroup(ctx: ParseContext, m: RegExpExecArray, group: number): string | undefined {
  const span = m.indices?.[group];
  if (!span) return m[group];
  return ctx.raw.slice(span[0], span[1]);
}
