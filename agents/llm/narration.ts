/**
 * Narration: a plan as a concise summary in Chinese or English.
 *
 * Offline (no LLM), a template writes it from the plan digest. With an LLM, the model writes it
 * from the same digest as JSON, and its text is fact-checked (./fact-check.ts): every number must
 * be one of the digest's, every name one of the plan's. A text that fails, or a failing call,
 * gives way to the template, and the result says why. Either way nothing is stated that the plan
 * does not contain.
 */
import { DependencyFailedError } from '../errors.js';
import { NARRATION_SYSTEM, NARRATION_USER } from '../prompts/narration.js';
import type { TravelPlan } from '../schemas/travel-plan.js';
import { LlmCancelledError } from './errors.js';
import { checkFacts } from './fact-check.js';
import { digestNumbers, digestPlan, planNames, type PlanDigest } from './plan-digest.js';
import type { ChatResult, LlmClient } from './port.js';
import { promptRef, renderTemplate, type PromptRef } from './prompt-template.js';

type Lang = 'zh' | 'en';

export interface NarrationOptions {
  /** The chat model; without it the template is used. */
  llm?: LlmClient;
  /** Known place names (e.g. the gazetteer's cities) the text must not mention unless the plan does. */
  lexicon?: Iterable<string>;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Length the model is asked to stay within (characters); texts over 1.5x are rejected. */
  maxChars?: number;
}

export type NarrationFallbackReason = 'llm_failed' | 'empty' | 'too_long' | 'fact_check_failed';

export interface Narration {
  text: string;
  source: 'template' | 'llm';
  lang: Lang;
  /** Set when an LLM was given but its text was not used. */
  fallbackReason?: NarrationFallbackReason;
  /** Details of the fallback (fact-check findings, the upstream error). */
  problems: string[];
  /** Prompt templates used, with versions (empty for the template path). */
  prompts: PromptRef[];
  /** The LLM call, when one completed (model, tokens, latency for the Message). */
  call?: ChatResult;
}

const DEFAULT_MAX_CHARS: Record<Lang, number> = { zh: 300, en: 700 };
const money = (n: number, currency: string) => `${Math.round(n).toLocaleString('en-US')} ${currency}`;

// ---------------------------------------------------------------- template

function templateZh(d: PlanDigest): string {
  const lines: string[] = [];
  const from = d.origin ? `从${d.origin}出发，` : '';
  const to = d.cities.length > 0 ? `前往${d.cities.join('、')}` : '';
  lines.push(
    `${d.title}：${d.startDate}至${d.endDate}，共${d.days}天${d.nights}晚，${d.travelers}人，${from}${to}。`.replace(
      /，。$/,
      '。',
    ),
  );
  for (const day of d.itinerary) {
    const sights =
      day.sights.length > 0
        ? day.sights.join('、') + (day.moreSights > 0 ? `等（另有${day.moreSights}处）` : '')
        : '无景点安排';
    const stay = day.hotel ? `；住${day.hotel}` : '';
    lines.push(`第${day.day}天（${day.date}，${day.city}）：${sights}${stay}。`);
  }
  const c = d.cost;
  const verdict = c.withinBudget
    ? `在预算内，尚余${money(c.difference, d.currency)}`
    : `超出预算${money(c.difference, d.currency)}`;
  lines.push(`预计总花费${money(c.total, d.currency)}，预算${money(c.budget, d.currency)}，${verdict}。`);
  if (d.warnings.count > 0) lines.push(`有${d.warnings.count}条注意事项，请查看行程详情。`);
  return lines.join('\n');
}

function templateEn(d: PlanDigest): string {
  const lines: string[] = [];
  const people = `${d.travelers} ${d.travelers === 1 ? 'traveller' : 'travellers'}`;
  const from = d.origin ? ` from ${d.origin}` : '';
  const to = d.cities.length > 0 ? `, visiting ${d.cities.join(', ')}` : '';
  const nights = `${d.nights} ${d.nights === 1 ? 'night' : 'nights'}`;
  lines.push(
    `${d.title}: ${d.startDate} to ${d.endDate}, ${d.days} ${d.days === 1 ? 'day' : 'days'} and ${nights}, ${people}${from}${to}.`,
  );
  for (const day of d.itinerary) {
    const sights =
      day.sights.length > 0
        ? day.sights.join(', ') + (day.moreSights > 0 ? ` and ${day.moreSights} more` : '')
        : 'no sightseeing scheduled';
    const stay = day.hotel ? `; stay at ${day.hotel}` : '';
    lines.push(`Day ${day.day} (${day.date}, ${day.city}): ${sights}${stay}.`);
  }
  const c = d.cost;
  const verdict = c.withinBudget
    ? `${money(c.difference, d.currency)} left`
    : `over budget by ${money(c.difference, d.currency)}`;
  lines.push(
    `Estimated total cost: ${money(c.total, d.currency)} against a budget of ${money(c.budget, d.currency)} (${verdict}).`,
  );
  if (d.warnings.count > 0) {
    lines.push(
      `${d.warnings.count} ${d.warnings.count === 1 ? 'warning' : 'warnings'}: see the plan for details.`,
    );
  }
  return lines.join('\n');
}

/** The template summary of a plan: built only from the digest. */
export function templateNarration(digest: PlanDigest, lang: Lang): string {
  return lang === 'zh' ? templateZh(digest) : templateEn(digest);
}

// ---------------------------------------------------------------- checking

/** Fact-checks a summary against a plan (exported for the chat layer and tests). */
export function checkNarration(
  text: string,
  plan: TravelPlan,
  lang: Lang,
  lexicon?: Iterable<string>,
): { ok: boolean; problems: string[] } {
  const digest = digestPlan(plan, lang);
  return checkFacts({
    text,
    lang,
    numbers: digestNumbers(digest),
    names: planNames(plan, digest),
    ...(lexicon === undefined ? {} : { lexicon }),
  });
}

function cleanLlmText(content: string): string {
  return content
    .replace(/<think>[\s\S]*?<\/think>/g, '')
    .replace(/^```[a-z]*\s*|\s*```$/g, '')
    .trim();
}

// ---------------------------------------------------------------- entry point

/** A summary of the plan in `lang`; see the module comment. Throws only on cancellation. */
export async function narratePlan(
  plan: TravelPlan,
  lang: Lang,
  options: NarrationOptions = {},
): Promise<Narration> {
  const digest = digestPlan(plan, lang);
  const template = templateNarration(digest, lang);
  const { llm } = options;
  if (!llm) return { text: template, source: 'template', lang, problems: [], prompts: [] };

  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS[lang];
  const system = NARRATION_SYSTEM[lang];
  const user = NARRATION_USER[lang];
  const prompts = [promptRef(system), promptRef(user)];
  const fallback = (reason: NarrationFallbackReason, problems: string[], call?: ChatResult): Narration => ({
    text: template,
    source: 'template',
    lang,
    fallbackReason: reason,
    problems,
    prompts,
    ...(call === undefined ? {} : { call }),
  });

  let call: ChatResult;
  try {
    call = await llm.chat({
      messages: [
        { role: 'system', content: renderTemplate(system, { maxChars }) },
        { role: 'user', content: renderTemplate(user, { digest: JSON.stringify(digest) }) },
      ],
      temperature: 0.3,
      // Generous for CJK, where one character can take more than one token.
      maxTokens: Math.ceil(maxChars * 2),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
  } catch (err) {
    if (err instanceof LlmCancelledError) throw err;
    if (!(err instanceof DependencyFailedError)) throw err;
    return fallback('llm_failed', [err.message]);
  }

  const text = cleanLlmText(call.content);
  if (text === '') return fallback('empty', ['the model returned no text'], call);
  if (text.length > maxChars * 1.5 || call.finishReason === 'length') {
    return fallback('too_long', [`the text is ${text.length} characters (limit ${maxChars})`], call);
  }
  const checked = checkFacts({
    text,
    lang,
    numbers: digestNumbers(digest),
    names: planNames(plan, digest),
    ...(options.lexicon === undefined ? {} : { lexicon: options.lexicon }),
  });
  if (!checked.ok) return fallback('fact_check_failed', checked.problems, call);
  return { text, source: 'llm', lang, problems: [], prompts, call };
}
