/** The working state shared by the parser's extractors. */
import type { Gazetteer } from './gazetteer.js';
import type { Segmenter } from './text.js';
import { mask } from './text.js';
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

/** The global, with-indices twin of `re`, compiled once per process. */
function globalOf(re: RegExp): RegExp {
  const flags = re.flags;
  return cached(compiled, re.source, flags, () => {
    const f = (flags.includes('g') ? flags : `${flags}g`) + (flags.includes('d') ? '' : 'd');
    return new RegExp(re.source, f);
  });
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
  for (const m of found) {
    if (handler(m) !== false) consume(ctx, m.index, m.index + m[0].length);
  }
}

/** A capture group of a match made by {@link eachMatch}, cut from the text as the user wrote it. */
export function rawGroup(ctx: ParseContext, m: RegExpExecArray, group: number): string | undefined {
  const span = m.indices?.[group];
  if (!span) return m[group];
  return ctx.raw.slice(span[0], span[1]);
}
