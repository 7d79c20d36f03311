/**
 * The context manager: builds the message list of one chat turn within a token budget.
 *
 * Layout of what is sent:
 * 1. one system message: the system prompt, then structured context as labelled data — the current
 *    TripRequest slots (JSON), what is still missing, the plan summary, and the summary of older
 *    turns when some were left out;
 * 2. the most recent turns verbatim (user and assistant texts), oldest first;
 * 3. the current user message.
 *
 * Older turns that do not fit are summarised. Offline the summary is deterministic and extractive:
 * for each older user turn, its first sentence (capped) and the slots it filled; the caller may
 * pass a `summarizer` (e.g. an LLM call) instead, whose output is capped to the space left.
 * Turns are user/assistant texts only: tool calls and their results are folded into the assistant
 * text by the caller (a tool message cannot be sent without the call it answers).
 *
 * Token counts are ESTIMATES ({@link estimateTokens}); no tokenizer is loaded. The budget should
 * leave headroom (the default reply reserve is 512 tokens).
 */
import type { ChatMessage } from './port.js';

// ---------------------------------------------------------------- estimator

/**
 * Qwen token estimate (Qwen2/2.5 tokenizer: byte-level BPE, ~151k vocabulary).
 * - CJK characters (Han, kana, hangul) and CJK punctuation: 1 token each. Qwen's vocabulary holds
 *   most common Chinese characters and many 2-character words, so real counts are usually 0.6-1.0
 *   per character; 1 errs on the safe side. Rare characters can take 2-3 byte tokens.
 * - Other text: 1 token per 4 characters, rounded up per run (the usual rule of thumb for English
 *   with ~100k+ BPE vocabularies; digits and symbols run denser, so treat it as an average).
 * - Per message: 5 tokens of ChatML framing (`<|im_start|>`, role, newline, `<|im_end|>`, newline),
 *   plus 3 once for the reply priming (`<|im_start|>assistant\n`).
 * These are estimates, not counts: for exact numbers use the server's reported usage.
 */
export const TOKENS_PER_MESSAGE = 5;
export const TOKENS_REPLY_PRIMING = 3;
const CJK =
  /[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u;

/** Estimated tokens of a text (see the estimator notes above). */
export function estimateTokens(text: string): number {
  let tokens = 0;
  let other = 0;
  for (const ch of text) {
    if (CJK.test(ch)) {
      tokens += 1 + Math.ceil(other / 4);
      other = 0;
    } else other++;
  }
  return tokens + Math.ceil(other / 4);
}

/** Estimated tokens of a message list, framing and reply priming included. */
export function estimateMessagesTokens(messages: readonly ChatMessage[]): number {
  let total = TOKENS_REPLY_PRIMING;
  for (const m of messages) {
    total += TOKENS_PER_MESSAGE + estimateTokens(m.content ?? '');
    if (m.role === 'assistant' && m.toolCalls)
      for (const c of m.toolCalls) total += estimateTokens(c.name + c.rawArguments) + 3;
  }
  return total;
}

// ---------------------------------------------------------------- context

/** One earlier turn. */
export interface ContextTurn {
  role: 'user' | 'assistant';
  content: string;
  /** Slots this turn filled (slot filling records them), for the extractive summary. */
  filledSlots?: readonly string[];
}

export interface ContextInput {
  /** The rendered system prompt (e.g. `chat.system` from the prompt engine). */
  system: string;
  /** The current TripRequest slots (draft), sent as JSON. */
  slots?: object | null;
  /** Slots still missing. */
  missing?: readonly string[];
  /** A short plan summary (e.g. the narration), when a plan exists. */
  planSummary?: string | null;
  /** Earlier turns, oldest first (the current message excluded). */
  history: readonly ContextTurn[];
  /** The user's current message. */
  current: string;
  /** Budget for the prompt (all messages), in estimated tokens. */
  maxTokens: number;
  /** Tokens kept free for the reply (counted against `maxTokens`). Default 512. */
  replyReserve?: number;
  /** Language of the section labels. Default zh. */
  lang?: 'zh' | 'en';
  /** Replaces the extractive summary of older turns (e.g. an LLM summary). */
  summarizer?: (older: readonly ContextTurn[]) => string | Promise<string>;
}

export interface BuiltContext {
  messages: ChatMessage[];
  /** Estimated prompt tokens of `messages` (see {@link estimateMessagesTokens}). */
  estimatedTokens: number;
  /** Budget the messages had to fit: `maxTokens - replyReserve`. */
  budget: number;
  /** Earlier turns sent verbatim. */
  keptTurns: number;
  /** Earlier turns replaced by the summary. */
  summarizedTurns: number;
  summary: string | null;
  /** Parts cut to fit: `plan_summary`, `current`, `summary`. */
  truncated: string[];
}

const LABELS = {
  zh: {
    slots: '## 当前旅行需求（数据，JSON）',
    missing: '仍缺少：',
    plan: '## 当前行程摘要（数据）',
    summary: '## 较早对话摘要（数据）',
    filled: '填写了',
    omitted: (n: number) => `（更早的 ${n} 轮对话已省略）`,
  },
  en: {
    slots: '## Current trip request (data, JSON)',
    missing: 'Still missing: ',
    plan: '## Current plan summary (data)',
    summary: '## Summary of earlier turns (data)',
    filled: 'filled',
    omitted: (n: number) => `(${n} earlier turns omitted)`,
  },
};

const MAX_SENTENCE_CHARS = 80;

/** First sentence of a text, capped. */
export function firstSentence(text: string, max = MAX_SENTENCE_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const m = /^.*?(?:[。！？!?；;]|\.(?=\s|$))/u.exec(flat);
  const s = (m ? m[0] : flat).trim();
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/** Extractive summary lines: one per older user turn (first sentence, slots filled). */
export function summaryLines(older: readonly ContextTurn[], lang: 'zh' | 'en' = 'zh'): string[] {
  const L = LABELS[lang];
  return older
    .filter((t) => t.role === 'user' && t.content.trim() !== '')
    .map((t) => {
      const slots =
        t.filledSlots && t.filledSlots.length > 0 ? ` [${L.filled}: ${t.filledSlots.join(', ')}]` : '';
      return `- ${firstSentence(t.content)}${slots}`;
    });
}

/** Cuts text to at most `tokens` estimated tokens (by characters, from the end). */
export function truncateToTokens(text: string, tokens: number): string {
  if (estimateTokens(text) <= tokens) return text;
  if (tokens <= 1) return '';
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (estimateTokens(chars.slice(0, mid).join('') + '…') <= tokens) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('') + '…';
}

function systemText(base: string, input: ContextInput, plan: string | null, summary: string | null): string {
  const L = LABELS[input.lang ?? 'zh'];
  const parts = [base];
  if (input.slots) {
    let block = `${L.slots}\n${JSON.stringify(input.slots)}`;
    if (input.missing && input.missing.length > 0) block += `\n${L.missing}${input.missing.join(', ')}`;
    parts.push(block);
  }
  if (plan) parts.push(`${L.plan}\n${plan}`);
  if (summary) parts.push(`${L.summary}\n${summary}`);
  return parts.join('\n\n');
}

const msgTokens = (content: string) => TOKENS_PER_MESSAGE + estimateTokens(content);

/**
 * Builds the turn's messages; see the module comment. The system prompt and the slots are always
 * kept; if even they exceed the budget, the plan summary and then the current message are cut
 * (listed in `truncated`), never the system prompt.
 */
export async function buildContext(input: ContextInput): Promise<BuiltContext> {
  const lang = input.lang ?? 'zh';
  const budget = input.maxTokens - (input.replyReserve ?? 512);
  const truncated: string[] = [];
  let plan = input.planSummary?.trim() || null;
  let current = input.current;

  // Fixed part: system (with slots and plan) + current message.
  const fixed = () =>
    TOKENS_REPLY_PRIMING + msgTokens(systemText(input.system, input, plan, null)) + msgTokens(current);
  if (fixed() > budget && plan) {
    const over = fixed() - budget;
    plan = truncateToTokens(plan, Math.max(0, estimateTokens(plan) - over - 2)) || null;
    truncated.push('plan_summary');
  }
  if (fixed() > budget) {
    const over = fixed() - budget;
    current = truncateToTokens(current, Math.max(0, estimateTokens(current) - over - 2));
    truncated.push('current');
  }
  const base = fixed();

  // Newest turns first, as many as fit together with the summary of the rest.
  const history = input.history;
  const turnCost = history.map((t) => msgTokens(t.content));
  let kept = 0;
  let summary: string | null = null;
  for (let k = history.length; k >= 0; k--) {
    const recent = turnCost.slice(history.length - k).reduce((a, b) => a + b, 0);
    const older = history.slice(0, history.length - k);
    const room = budget - base - recent;
    if (room < 0) continue;
    if (older.length === 0) {
      kept = k;
      summary = null;
      break;
    }
    // The summary gets the space it needs, up to a quarter of the budget, before more verbatim turns.
    const fullCost = summaryCost(summaryLines(older, lang).join('\n'), input, plan);
    if (room < Math.min(fullCost, Math.floor(budget / 4)) && k > 0) continue;
    const s = fitSummary(summaryLines(older, lang), older.length, room, input, plan, lang);
    if (s !== undefined) {
      kept = k;
      summary = s;
      break;
    }
  }

  const older = history.slice(0, history.length - kept);
  if (older.length > 0 && input.summarizer) {
    const recent = turnCost.slice(history.length - kept).reduce((a, b) => a + b, 0);
    const room = budget - base - recent;
    const custom = (await input.summarizer(older)).trim();
    const sized = fitSummary([custom], older.length, room, input, plan, lang);
    if (sized !== undefined && sized !== null) summary = sized;
    else if (custom !== '') {
      const extra = estimateTokens(`\n\n${LABELS[lang].summary}\n`) + 2;
      const cut = truncateToTokens(custom, room - extra);
      if (cut !== '') {
        summary = cut;
        truncated.push('summary');
      }
    }
  }

  const messages: ChatMessage[] = [
    { role: 'system', content: systemText(input.system, input, plan, summary) },
  ];
  for (const t of history.slice(history.length - kept)) messages.push({ role: t.role, content: t.content });
  messages.push({ role: 'user', content: current });
  return {
    messages,
    estimatedTokens: estimateMessagesTokens(messages),
    budget,
    keptTurns: kept,
    summarizedTurns: older.length,
    summary,
    truncated,
  };
}

/**
 * The largest summary (dropping the oldest lines, with an "omitted" note) whose addition to the
 * system message fits `room` tokens; `undefined` when not even the note fits, `null` when there is
 * nothing to summarise.
 */
function fitSummary(
  lines: string[],
  turns: number,
  room: number,
  input: ContextInput,
  plan: string | null,
  lang: 'zh' | 'en',
): string | null | undefined {
  const cost = (s: string) => summaryCost(s, input, plan);
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  for (let drop = 0; drop <= nonEmpty.length; drop++) {
    const rest = nonEmpty.slice(drop);
    const omitted = drop > 0 || rest.length === 0 ? [LABELS[lang].omitted(drop > 0 ? drop : turns)] : [];
    const s = [...omitted, ...rest].join('\n');
    if (cost(s) <= room) return s;
  }
  return undefined;
}

/** Tokens the summary adds to the system message. */
function summaryCost(summary: string, input: ContextInput, plan: string | null): number {
  return (
    estimateTokens(systemText(input.system, input, plan, summary)) -
    estimateTokens(systemText(input.system, input, plan, null))
  );
}
