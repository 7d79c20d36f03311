/**
 * The chat turn engine: one user message in, one assistant reply out — understand, decide, act
 * through tools, reply — with the conversation's state (the TripRequest slots, the current plan
 * id and version, the language, the versions an undo returns to) carried from turn to turn.
 *
 * Decisions (offline, a deterministic dialogue manager with zh/en rules):
 * - undo ("撤销", "undo") -> the `undo_plan_edit` tool;
 * - an edit of the current plan (agents/conversation/edit-ops.ts) -> `apply_plan_edit`;
 * - a question about the plan or a destination (weather, opening hours, the airport transfer,
 *   tips, cost, a day's programme) -> answered from the plan and the tools (`get_weather`,
 *   `get_local_attractions`, `search_knowledge`);
 * - "where should we go?" -> `recommend_destinations`; "find flights / hotels" -> `search_*`;
 * - anything else about a trip -> slot filling (slot-filling.ts): one missing essential asked at
 *   a time, and when the request is complete, `plan_trip`; an impossible request is explained;
 * - not about travel (or only an attempt to re-instruct the assistant) -> a polite refusal.
 *
 * With an LLM ({@link TurnDeps.llm}), the model gets the chat system prompt from the prompt engine,
 * the context manager's budgeted history and state, and the tools of the conversation's
 * allow-list; it streams the reply and calls tools (at most {@link MAX_TOOL_ROUNDS} rounds). Its
 * final text is fact-checked against what the tools and the plan said; a text that fails is
 * replaced by the offline reply. On a timeout or failure mid-turn the offline manager finishes the
 * turn and says so. Pure: every effect goes through {@link TurnDeps} (tools, emit, plans).
 */
import { newId } from '../ids.js';
import { buildContext, type ContextTurn } from '../llm/context-manager.js';
import { LlmCancelledError } from '../llm/errors.js';
import { checkFacts } from '../llm/fact-check.js';
import { checkNarration, templateNarration } from '../llm/narration.js';
import { digestNumbers, digestPlan, planNames } from '../llm/plan-digest.js';
import type { ChatMessage, LlmClient, LlmUsage, ToolCallRequest, ToolSpec } from '../llm/port.js';
import type { PromptAudience, PromptCallRef, PromptEngine, PromptVars } from '../llm/prompt-engine.js';
import type { ToolResult } from '../llm/tools.js';
import type { Gazetteer } from '../nlu/gazetteer.js';
import { parseTripText } from '../nlu/parser.js';
import type { Segmenter } from '../nlu/text.js';
import { detectLanguage } from '../nlu/text.js';
import { defaultPromptEngine } from '../prompts/catalog.js';
import type { JsonObject } from '../schemas/common.js';
import type { TravelPlan } from '../schemas/travel-plan.js';
import { TripRequest } from '../schemas/trip-request.js';
import { findPlace, isUndo, parseEditOp, type EditOp } from './edit-ops.js';
import { initialSlotState, nextTurn, type SlotFillingState } from './slot-filling.js';

type Lang = 'zh' | 'en';

/** Longest message the engine reads (longer text is cut, and the reply says so). */
export const MAX_MESSAGE_CHARS = 4000;
/** Rounds of tool calls the model may make in one turn. */
export const MAX_TOOL_ROUNDS = 3;

/** What the conversation remembers between turns (stored in `Conversation.context.chat`). */
export interface ChatState {
  slots: SlotFillingState;
  /** The request the current plan was made from. */
  request: TripRequest | null;
  planId: string | null;
  planVersion: number | null;
  /** Versions an undo returns to, newest last. */
  undo: number[];
  language: Lang;
  turns: number;
}

export function initialChatState(language: Lang = 'zh'): ChatState {
  return {
    slots: initialSlotState(language),
    request: null,
    planId: null,
    planVersion: null,
    undo: [],
    language,
    turns: 0,
  };
}

/** The state from a conversation's `context` (a fresh state when absent or unreadable). */
export function chatStateFrom(context: JsonObject | null | undefined, fallback: Lang = 'zh'): ChatState {
  const raw = context?.['chat'] as Partial<ChatState> | undefined;
  if (!raw || typeof raw !== 'object' || !raw.slots) return initialChatState(fallback);
  const request = raw.request ? TripRequest.safeParse(raw.request) : null;
  return {
    ...initialChatState(raw.language ?? fallback),
    ...raw,
    request: request?.success ? request.data : null,
    undo: Array.isArray(raw.undo) ? raw.undo.filter((v) => Number.isInteger(v)) : [],
  } as ChatState;
}

/** The conversation `context` holding the state (JSON-safe; other context keys are kept). */
export function chatContextOf(state: ChatState, context: JsonObject = {}): JsonObject {
  return { ...context, chat: JSON.parse(JSON.stringify(state)) as JsonObject };
}

/** A frame-worthy event of a turn, in order. */
export type TurnEvent =
  | { type: 'chunk'; text: string }
  | {
      type: 'tool';
      toolCallId: string;
      toolName: string;
      status: 'queued' | 'executing' | 'completed' | 'failed';
      progress: number;
    };

/** Runs the conversation's tools: the shared registry plus the conversation's own tools. */
export interface ToolRunner {
  /** Tools this conversation may use (the allow-list); others are refused. */
  readonly allowed: ReadonlySet<string>;
  /** Tool specs for the model (the allowed ones). */
  specs(): ToolSpec[];
  /** Validates and runs one call; never throws for what the caller sent. */
  call(call: Pick<ToolCallRequest, 'id' | 'name' | 'arguments' | 'argumentsError'>): Promise<ToolResult>;
}

export interface TurnDeps {
  gazetteer: Gazetteer;
  segmenter?: Segmenter;
  /** `YYYY-MM-DD`: relative dates are read from it. */
  today: string;
  tools: ToolRunner;
  /** Reads the conversation's current plan. */
  loadPlan(planId: string): Promise<TravelPlan | null>;
  emit(event: TurnEvent): void | Promise<void>;
  engine?: PromptEngine;
  audience?: PromptAudience;
  /** Profile's home city (default origin). */
  homeCity?: string | null;
  /** Language when the message itself has none (profile, else Accept-Language). */
  fallbackLanguage?: Lang;
  /** Earlier turns, oldest first (for the LLM context). */
  history?: readonly ContextTurn[];
  llm?: LlmClient | null;
  /** Deadline of each model call (ms). */
  llmTimeoutMs?: number;
  /**
   * Whether the model service can answer now (agents/llm/model-availability.ts, the GPU service
   * that scales to zero): asked before an LLM turn; when it cannot, the turn runs offline and
   * starts with the service's notice ("warming up") in the reply language.
   */
  modelService?: {
    ensure(): Promise<{ useLlm: boolean; notice?: { zh: string; en: string } | undefined }>;
  } | null;
  /** Prompt budget in estimated tokens (context manager). */
  maxContextTokens?: number;
  signal?: AbortSignal;
}

/** A tool call as recorded on the assistant message. */
export interface TurnToolCall {
  id: string;
  name: string;
  arguments: JsonObject;
  status: 'completed' | 'failed';
  /** A short summary of the result (or the error). */
  result: string;
  durationMs: number;
}

export type TurnIntent =
  'empty' | 'decline' | 'ask' | 'plan' | 'edit' | 'undo' | 'question' | 'recommend' | 'search' | 'llm';

export interface TurnOutput {
  text: string;
  state: ChatState;
  intent: TurnIntent;
  toolCalls: TurnToolCall[];
  prompts: PromptCallRef[];
  /** The model's calls, when an LLM answered. */
  llm: { model: string; usage: LlmUsage | null; latencyMs: number } | null;
  /** Why the LLM's text was not used (timeout, failure, fact check), when it was not. */
  fallback: string | null;
  /** The plan diff of an edit or undo (wire form). */
  diff: JsonObject | null;
}

// ---------------------------------------------------------------- rules

const INJECTION =
  /ignore (?:all |any )?(?:previous|prior|above|earlier|the) (?:instructions|rules|prompts?)|disregard (?:your|the|all) (?:instructions|rules)|system prompt|developer mode|jailbreak|you are now|act as (?!a travel)|reveal (?:your|the) (?:prompt|instructions)|忽略(?:之前|以上|前面|所有|上面)?的?(?:所有)?(?:指令|规则|提示|设定)|系统提示|提示词|你现在是|扮演|越狱|开发者模式/i;
const TRAVEL =
  /旅|游|玩|行程|出发|去|酒店|住|机票|航班|火车|高铁|景点|签证|天气|预算|攻略|度假|机场|trip|travel|visit|vacation|holiday|hotel|flight|train|itinerary|plan|weather|budget|tour|sightsee|destination|go to|getaway|airport/i;
const WEATHER =
  /天气|气温|温度|下雨|下雪|冷不冷|热不热|穿什么|weather|temperature|rain|snow|forecast|how (?:cold|hot|warm)/i;
const HOURS =
  /几点开|几点关|开门|关门|营业时间|开放时间|几点到几点|opening hours|open(?:s|ing)? (?:at|until|on|hours)|close[sd]? (?:at|on)|what time does|hours of/i;
const AIRPORT =
  /机场|火车站|高铁站|到市区|去酒店|怎么过去|接机|from the airport|airport|station|into (?:the )?(?:city|town)|get to (?:the|my|our) hotel|transfer/i;
const TIPS =
  /注意|建议|攻略|贴士|须知|习俗|礼仪|当地|治安|安全|tips?\b|advice|what should (?:i|we) know|customs|etiquette|safe/i;
const COST = /多少钱|花多少|总共|费用|花费|贵不贵|预算够|how much|cost|total|expensive|price/i;
const DAY_PLAN =
  /(?:第\s*[0-9一二两三四五六七八九十]+\s*天|明天|day\s*\d+).*(?:干什么|做什么|去哪|安排|行程|plan|do|doing|schedule)|(?:what(?:'s| is)? (?:on|planned for)) day\s*\d+/i;
const RECOMMEND =
  /推荐|去哪(?:里|儿)?(?:玩|好)|哪里好玩|有什么好地方|建议去哪|recommend|suggest(?:ion)?s? (?:a |some )?(?:destination|place|city)|where should (?:i|we) go|where to go/i;
const SEARCH_FLIGHTS =
  /(?:查|搜|找|看看).{0,8}(?:航班|机票)|(?:search|find|look for|show me) (?:a |the |some )?(?:cheap )?flights?/i;
const SEARCH_HOTELS =
  /(?:查|搜|找|看看).{0,8}(?:酒店|住宿|宾馆)|(?:search|find|look for|show me) (?:a |the |some )?(?:hotels?|stays?|places? to stay)/i;
const GREETING =
  /^(?:你好|您好|嗨|哈喽|hi|hello|hey|早上好|晚上好|good (?:morning|evening|afternoon))[!！。.,， ]*$/i;
const WORDLESS = /^(?:[\s\p{P}\p{S}\p{Extended_Pictographic}]|\u200d|\ufe0f)*$/u;

/** The language of a message: its own (Han -> zh, two Latin words -> en), else `fallback`. */
export function languageOfMessage(text: string, fallback: Lang): Lang {
  if (/\p{Script=Han}/u.test(text)) return detectLanguage(text);
  return (text.match(/[A-Za-z]{2,}/g)?.length ?? 0) >= 2 ? 'en' : fallback;
}

const say = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);
const money = (n: number, c: string) => `${Math.round(n).toLocaleString('en-US')} ${c}`;

// ---------------------------------------------------------------- the turn

class Turn {
  readonly prompts: PromptCallRef[] = [];
  readonly calls: TurnToolCall[] = [];
  readonly parts: string[] = [];
  diff: JsonObject | null = null;
  readonly engine: PromptEngine;

  constructor(
    readonly deps: TurnDeps,
    public state: ChatState,
  ) {
    this.engine = deps.engine ?? defaultPromptEngine();
  }

  get lang(): Lang {
    return this.state.language;
  }

  audience(): PromptAudience {
    return { ...(this.deps.audience ?? {}), lang: this.lang };
  }

  /** Renders a reply template (recorded) and streams it. */
  async say(id: string, vars: PromptVars = {}): Promise<string> {
    const r = this.engine.render(id, vars, this.audience());
    this.prompts.push(r.ref);
    await this.stream(r.text);
    return r.text;
  }

  /** Streams text as chunks (clauses, so a client shows it as it comes). */
  async stream(text: string): Promise<void> {
    if (text === '') return;
    this.parts.push(text);
    for (const piece of chunkText(text)) await this.deps.emit({ type: 'chunk', text: piece });
  }

  /** Runs a tool with its status frames; never throws. */
  async tool(name: string, args: JsonObject): Promise<ToolResult> {
    const id = newId('toolCall');
    await this.deps.emit({ type: 'tool', toolCallId: id, toolName: name, status: 'queued', progress: 0 });
    await this.deps.emit({ type: 'tool', toolCallId: id, toolName: name, status: 'executing', progress: 10 });
    const result = await this.deps.tools.call({ id, name, arguments: args });
    await this.deps.emit({
      type: 'tool',
      toolCallId: id,
      toolName: name,
      status: result.isError ? 'failed' : 'completed',
      progress: 100,
    });
    this.calls.push({
      id,
      name,
      arguments: args,
      status: result.isError ? 'failed' : 'completed',
      result: summaryOf(result),
      durationMs: Math.round(result.durationMs),
    });
    return result;
  }

  text(): string {
    return this.parts.join('');
  }
}

/** Splits text into stream chunks at clause ends (about 24 characters or more each). */
export function chunkText(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of text) {
    cur += ch;
    if (/[，。！？；：\n,.!?;:]/.test(ch) && Array.from(cur).length >= 24) {
      out.push(cur);
      cur = '';
    }
  }
  if (cur !== '') out.push(cur);
  return out;
}

function summaryOf(r: ToolResult): string {
  const withSummary = r as ToolResult & { summary?: string };
  if (r.isError)
    return JSON.stringify({ error: r.error?.code ?? 'TOOL_FAILED', message: r.error?.message ?? '' });
  if (typeof withSummary.summary === 'string') return withSummary.summary;
  return r.content.length > 500 ? `${r.content.slice(0, 497)}...` : r.content;
}

function dataOf<T>(r: ToolResult): T | null {
  return r.isError ? null : ((r.data ?? null) as T | null);
}

/**
 * Runs one turn. Never throws for any text (an LLM cancellation via `deps.signal` rethrows).
 * The returned state is a new object.
 */
export async function runTurn(previous: ChatState, message: unknown, deps: TurnDeps): Promise<TurnOutput> {
  const raw = typeof message === 'string' ? message : '';
  const cut = Array.from(raw).length > MAX_MESSAGE_CHARS;
  const text = cut ? Array.from(raw).slice(0, MAX_MESSAGE_CHARS).join('') : raw;
  const state: ChatState = structuredClone(previous);
  state.turns += 1;
  state.language = languageOfMessage(
    text,
    previous.turns > 0 ? previous.language : (deps.fallbackLanguage ?? previous.language),
  );
  const turn = new Turn(deps, state);
  let intent: TurnIntent = 'ask';
  let llm: TurnOutput['llm'] = null;
  let fallback: string | null = null;

  if (cut)
    await turn.stream(
      say(
        state.language,
        `（消息太长，我只读了前${MAX_MESSAGE_CHARS}个字。）`,
        `(Your message was long; I read the first ${MAX_MESSAGE_CHARS} characters.) `,
      ),
    );

  let useLlm = deps.llm != null;
  if (useLlm && deps.modelService) {
    const availability = await deps.modelService.ensure().catch(() => ({
      useLlm: false,
      notice: {
        zh: '智能模型暂时不可用，这次使用离线模式为您回答。',
        en: 'The AI model is unavailable right now; this answer uses offline mode.',
      },
    }));
    if (!availability.useLlm) {
      useLlm = false;
      fallback = 'model_service_not_ready';
      if (availability.notice)
        await turn.stream(`${availability.notice[state.language]}${state.language === 'zh' ? '' : ' '}`);
    }
  }

  if (useLlm) {
    const r = await llmTurn(turn, text);
    if (r.ok) {
      llm = r.llm;
      intent = 'llm';
    } else {
      fallback = r.reason;
      llm = r.llm;
      // A model that failed or timed out is said so; a text that failed the fact check is just replaced.
      if (r.streamed || r.reason.startsWith('llm_failed')) await turn.say('chat.llm-fallback');
      intent = await offlineTurn(turn, text, r.streamed);
    }
  } else {
    intent = await offlineTurn(turn, text, false);
  }
  return {
    text: turn.text(),
    state: turn.state,
    intent,
    toolCalls: turn.calls,
    prompts: turn.prompts,
    llm,
    fallback,
    diff: turn.diff,
  };
}

// ---------------------------------------------------------------- offline dialogue manager

async function offlineTurn(turn: Turn, text: string, afterLlm: boolean): Promise<TurnIntent> {
  const { deps } = turn;
  const t = text.trim();
  if (WORDLESS.test(t)) {
    await turn.say('chat.empty');
    return 'empty';
  }
  const injection = INJECTION.test(t);
  const plan = turn.state.planId ? await deps.loadPlan(turn.state.planId) : null;
  if (plan) {
    turn.state.planVersion = plan.version;
    if (isUndo(t)) return undo(turn);
  }

  const parsed = parseTripText(t, {
    gazetteer: deps.gazetteer,
    today: deps.today,
    ...(deps.segmenter ? { segmenter: deps.segmenter } : {}),
  });

  if (plan) {
    const op = parseEditOp(t, {
      planDays: plan.itinerary.length,
      planPlaces: plan.itinerary.flatMap((d) =>
        d.activities.filter((a) => a.type !== 'transportation').map((a) => a.name),
      ),
      knownPlaces: [],
      values: {
        days: parsed.request.days ?? null,
        startDate: parsed.request.startDate ?? null,
        budget: parsed.request.budget ?? null,
        travelers: parsed.request.travelers ?? null,
        travelersFound: !parsed.missing.includes('travelers'),
        cuisines: parsed.request.cuisines ?? [],
        destinations: (parsed.request.destinations ?? []).map((d) => d.name),
      },
    });
    const newTrip =
      (parsed.request.destinations?.length ?? 0) > 0 &&
      !parsed.request.destinations!.some((d) =>
        plan.destinations.some((p) => samePlace(p.city, d.name) || samePlace(p.name, d.name)),
      ) &&
      op?.op !== 'add_day_trip' &&
      op?.op !== 'replace_hotel';
    if (op && !newTrip && !injection) return edit(turn, op);
    if (!newTrip && !afterLlm) {
      const answered = await answerQuestion(turn, t, plan);
      if (answered) return 'question';
    }
  } else if (!afterLlm && isUndo(t)) {
    await turn.say('chat.nothing-to-undo');
    return 'undo';
  }

  if (RECOMMEND.test(t) && (parsed.request.destinations?.length ?? 0) === 0)
    return recommend(turn, t, parsed.request);
  if (
    !plan &&
    (SEARCH_FLIGHTS.test(t) || SEARCH_HOTELS.test(t)) &&
    (parsed.request.destinations?.length ?? 0) > 0
  ) {
    return search(turn, t, parsed.request);
  }
  if (
    !plan &&
    (WEATHER.test(t) || TIPS.test(t)) &&
    (parsed.request.destinations?.length ?? 0) > 0 &&
    !parsed.request.days
  ) {
    const answered = await answerQuestion(turn, t, null, parsed.request.destinations![0]!.name);
    if (answered) return 'question';
  }

  // Slot filling: the message adds to the request (or answers the question just asked).
  const startOver =
    plan !== null &&
    (parsed.request.destinations?.length ?? 0) > 0 &&
    !parsed.request.destinations!.some((d) => plan.destinations.some((p) => samePlace(p.city, d.name)));
  const slots = startOver ? initialSlotState(turn.lang) : turn.state.slots;
  const r = nextTurn(slots, t, {
    gazetteer: deps.gazetteer,
    today: deps.today,
    ...(deps.segmenter ? { segmenter: deps.segmenter } : {}),
    ...(deps.homeCity ? { homeCity: deps.homeCity } : {}),
    audience: turn.audience(),
    engine: turn.engine,
  });
  // An answer to the question just asked counts as travel talk, "no limit" included.
  const answeredPending =
    slots.pending !== null && (r.filledNow.length > 0 || r.state.skipped.length > slots.skipped.length);
  const travelish = r.filledNow.length > 0 || TRAVEL.test(t) || answeredPending;
  if (GREETING.test(t) && r.filledNow.length === 0) {
    await turn.say('chat.empty');
    return 'empty';
  }
  if (!travelish || (injection && r.filledNow.length === 0)) {
    await turn.say('chat.decline');
    return 'decline';
  }
  if (plan && !startOver && r.filledNow.length === 0) {
    await turn.say('chat.not-understood');
    return 'ask';
  }
  turn.state.slots = r.state;
  turn.state.language = r.state.language;
  if (r.reply.kind === 'question') {
    turn.prompts.push(r.reply.prompt);
    await turn.stream(r.reply.text);
    return 'ask';
  }
  return planTrip(turn, r.reply.request, r.reply.text);
}

function samePlace(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const n = (s: string) => s.trim().toLowerCase().replace(/市$/, '');
  return n(a) === n(b) || n(a).includes(n(b)) || n(b).includes(n(a));
}

interface PlanToolData {
  planId: string | null;
  version: number | null;
  narration?: string;
  failure?: { code: string; message: string; messageZh: string } | null;
}

async function planTrip(turn: Turn, request: TripRequest, readyText: string): Promise<TurnIntent> {
  // The acknowledgement goes out first, so the reply starts at once while the planner works.
  const summary = readyText
    .replace(/^[^：:]*[：:]\s*/, '')
    .replace(/[。.]?\s*(?:马上为您规划行程。|Planning your trip now\.)$/, '');
  await turn.say('chat.planning', { summary: summary || readyText });
  const result = await turn.tool('plan_trip', { request: JSON.parse(JSON.stringify(request)) as JsonObject });
  const data = dataOf<PlanToolData>(result);
  if (!data) {
    await turn.say('chat.tool-failed', { what: say(turn.lang, '生成行程', 'make the plan') });
    return 'plan';
  }
  if (!data.planId || data.failure) {
    const f = data.failure;
    await turn.say('chat.plan-failed', {
      reason: f
        ? turn.lang === 'zh'
          ? f.messageZh
          : f.message
        : say(turn.lang, '没有找到可行的方案。', 'no feasible plan was found.'),
    });
    return 'plan';
  }
  turn.state.request = request;
  turn.state.planId = data.planId;
  turn.state.planVersion = data.version;
  turn.state.undo = [];
  const plan = await turn.deps.loadPlan(data.planId);
  const narration = data.narration ?? (plan ? templateNarration(digestPlan(plan, turn.lang), turn.lang) : '');
  await turn.say('chat.plan-ready', { narration });
  return 'plan';
}

interface EditToolData {
  status: 'applied' | 'rejected';
  version?: number;
  previousVersion?: number;
  summary?: { zh: string; en: string };
  constraint?: { code: string; text: { zh: string; en: string } };
  relaxations?: { text: { zh: string; en: string } }[];
  diff?: JsonObject;
  request?: unknown;
}

async function edit(turn: Turn, op: EditOp): Promise<TurnIntent> {
  const result = await turn.tool('apply_plan_edit', { op: op as unknown as JsonObject });
  const data = dataOf<EditToolData>(result);
  if (!data) {
    await turn.say('chat.tool-failed', { what: say(turn.lang, '修改行程', 'change the plan') });
    return 'edit';
  }
  if (data.status === 'applied') {
    if (data.previousVersion !== undefined) turn.state.undo.push(data.previousVersion);
    turn.state.planVersion = data.version ?? turn.state.planVersion;
    const req = data.request ? TripRequest.safeParse(data.request) : null;
    if (req?.success) turn.state.request = req.data;
    turn.diff = data.diff ?? null;
    await turn.say('chat.edit-applied', {
      summary: data.summary?.[turn.lang] ?? '',
      version: data.version ?? '',
    });
    return 'edit';
  }
  const options = (data.relaxations ?? []).map((r) => r.text[turn.lang]);
  await turn.say('chat.edit-rejected', {
    constraint: data.constraint?.text[turn.lang] ?? '',
    options:
      options.length === 0
        ? ''
        : turn.lang === 'zh'
          ? `可以考虑：${options.join('；或者')}。`
          : `You could ${options.join('; or ')}.`,
  });
  return 'edit';
}

async function undo(turn: Turn): Promise<TurnIntent> {
  const target = turn.state.undo[turn.state.undo.length - 1];
  if (target === undefined) {
    await turn.say('chat.nothing-to-undo');
    return 'undo';
  }
  const result = await turn.tool('undo_plan_edit', { version: target });
  const data = dataOf<{ version: number; restoredVersion: number; diff?: JsonObject; request?: unknown }>(
    result,
  );
  if (!data) {
    await turn.say('chat.tool-failed', { what: say(turn.lang, '撤销修改', 'undo the change') });
    return 'undo';
  }
  turn.state.undo.pop();
  turn.state.planVersion = data.version;
  const req = data.request ? TripRequest.safeParse(data.request) : null;
  if (req?.success) turn.state.request = req.data;
  turn.diff = data.diff ?? null;
  await turn.say('chat.undo', { version: data.version, restored: data.restoredVersion });
  return 'undo';
}

const SKY = {
  zh: { sunny: '晴', cloudy: '多云', rainy: '有雨', snowy: '有雪', foggy: '有雾', stormy: '雷雨' },
  en: { sunny: 'sunny', cloudy: 'cloudy', rainy: 'rain', snowy: 'snow', foggy: 'fog', stormy: 'storms' },
} as const;

function firstCity(plan: TravelPlan): string {
  return [...plan.destinations].sort((a, b) => a.visitOrder - b.visitOrder)[0]?.city ?? plan.title;
}

/** Answers a question about the plan or a destination; false when the text asks none. */
async function answerQuestion(
  turn: Turn,
  t: string,
  plan: TravelPlan | null,
  cityName?: string,
): Promise<boolean> {
  const lang = turn.lang;
  const city = cityName ?? (plan ? firstCity(plan) : undefined);
  if (!city) return false;

  if (WEATHER.test(t)) {
    const days = plan?.itinerary.filter((d) => d.weatherForecast) ?? [];
    if (days.length > 0) {
      const lines = days.map((d) => {
        const w = d.weatherForecast!;
        return say(
          lang,
          `第${d.dayNumber}天（${d.date}）${SKY.zh[w.condition]}，${w.temperatureLow}~${w.temperatureHigh}°C，降水概率${w.precipitationChance}%`,
          `day ${d.dayNumber} (${d.date}): ${SKY.en[w.condition]}, ${w.temperatureLow}-${w.temperatureHigh}°C, ${w.precipitationChance}% chance of rain`,
        );
      });
      const estimate = days.some((d) => d.weatherProvenance?.kind === 'estimate');
      await turn.stream(
        say(lang, `${city}这几天的天气：${lines.join('；')}。`, `Weather in ${city}: ${lines.join('; ')}.`) +
          (estimate
            ? say(
                lang,
                '（气候常年值估算，出发前再看一下实时预报。）',
                ' (Climate normals, an estimate — check a live forecast before you go.)',
              )
            : ''),
      );
      return true;
    }
    const r = await turn.tool('get_weather', {
      city,
      date: plan?.startDate ?? turn.deps.today,
      days: plan?.itinerary.length ?? 3,
    });
    await turn.stream(
      r.isError
        ? say(lang, `暂时查不到${city}的天气。`, `I couldn't get the weather for ${city} just now.`)
        : summaryOf(r),
    );
    return true;
  }

  if (HOURS.test(t) && plan) {
    const acts = plan.itinerary.flatMap((d) => d.activities.filter((a) => a.type !== 'transportation'));
    const name = findPlace(
      t,
      acts.map((a) => a.name),
    );
    const r = await turn.tool('get_local_attractions', { city, limit: 50 });
    const list = dataOf<{
      attractions: {
        name: string;
        nameZh?: string | null;
        nameEn?: string | null;
        hours: [number, number][][] | null;
      }[];
    }>(r);
    const hit =
      list?.attractions.find((a) => [a.name, a.nameZh, a.nameEn].includes(name ?? '\u0000')) ??
      (list
        ? list.attractions.find((a) => findPlace(t, [a.name, a.nameZh ?? '', a.nameEn ?? ''].filter(Boolean)))
        : undefined);
    if (!hit) {
      await turn.stream(
        r.isError
          ? say(lang, '暂时查不到开放时间，请稍后再试。', "I couldn't look up opening hours just now.")
          : say(
              lang,
              '没找到你说的地方，能告诉我具体名字吗？',
              "I couldn't find that place — which one do you mean?",
            ),
      );
      return true;
    }
    const label = lang === 'zh' ? (hit.nameZh ?? hit.name) : (hit.nameEn ?? hit.name);
    await turn.stream(
      hit.hours
        ? say(
            lang,
            `${label}的开放时间：${formatHours(hit.hours, lang)}（资料为常规时间，节假日可能调整）。`,
            `${label} is open ${formatHours(hit.hours, lang)} (usual hours; holidays may differ).`,
          )
        : say(
            lang,
            `${label}没有公布固定的开放时间，行程里按白天开放估算。`,
            `${label} has no published hours; the plan assumes daytime opening.`,
          ),
    );
    return true;
  }

  if (AIRPORT.test(t) && plan) {
    const day1 = plan.itinerary[0];
    const acts = day1
      ? [...day1.activities].sort((a, b) => Date.parse(a.startTime ?? '') - Date.parse(b.startTime ?? ''))
      : [];
    const arrivalIdx = acts.findIndex((a) => a.type === 'transportation');
    const next = arrivalIdx >= 0 ? acts[arrivalIdx + 1] : undefined;
    const parts: string[] = [];
    if (next?.travelLeg) {
      const leg = next.travelLeg;
      const mode = {
        walk: ['步行', 'walk'],
        transit: ['公交/地铁', 'public transport'],
        taxi: ['打车', 'taxi'],
      }[leg.mode as 'walk'] ?? [leg.mode, leg.mode];
      parts.push(
        say(
          lang,
          `按行程，到达后${mode[0]}约${leg.durationMinutes}分钟到第一站「${next.name}」，约${money(leg.cost, plan.currency)}（估算）。`,
          `In the plan you ${mode[1] === 'walk' ? 'walk' : `take ${mode[1]}`} about ${leg.durationMinutes} minutes to the first stop, "${next.name}", about ${money(leg.cost, plan.currency)} (estimate).`,
        ),
      );
    }
    const k = await turn.tool('search_knowledge', {
      query: say(lang, '机场 交通 市区', 'airport transfer to the city'),
      city,
      language: lang,
      limit: 3,
    });
    const snippets = dataOf<{ results: { title: string; text: string }[] }>(k)?.results ?? [];
    const hit = snippets.find((s) => /机场|airport|metro|地铁|maglev|磁悬浮|express|train/i.test(s.text));
    if (hit) parts.push(hit.text.length > 220 ? `${hit.text.slice(0, 217)}…` : hit.text);
    if (parts.length === 0)
      parts.push(
        say(
          lang,
          `暂时没有${city}机场交通的资料。`,
          `I have no notes on getting from the airport in ${city}.`,
        ),
      );
    await turn.stream(parts.join(lang === 'zh' ? '' : ' '));
    return true;
  }

  if (DAY_PLAN.test(t) && plan) {
    const m = /第\s*([0-9一二两三四五六七八九十]+)\s*天|day\s*(\d+)/i.exec(t);
    const { parseSmallNumber } = await import('../nlu/text.js');
    const n = m ? parseSmallNumber(m[1] ?? m[2] ?? '') : undefined;
    const day = plan.itinerary.find((d) => d.dayNumber === n);
    if (day) {
      const items = [...day.activities]
        .sort((a, b) => Date.parse(a.startTime ?? '') - Date.parse(b.startTime ?? ''))
        .map((a) => `${(a.startTime ?? '').slice(11, 16)} ${a.name}`);
      await turn.stream(
        say(
          lang,
          `第${day.dayNumber}天（${day.date}）：${items.join('，')}。`,
          `Day ${day.dayNumber} (${day.date}): ${items.join(', ')}.`,
        ),
      );
      return true;
    }
  }

  if (COST.test(t) && plan && !TIPS.test(t)) {
    const d = digestPlan(plan, lang);
    const c = d.cost;
    await turn.stream(
      say(
        lang,
        `目前预计总花费${money(c.total, d.currency)}（机票${money(c.byCategory.flights, d.currency)}、住宿${money(c.byCategory.accommodation, d.currency)}、餐饮${money(c.byCategory.food, d.currency)}、门票${money(c.byCategory.activities, d.currency)}、交通${money(c.byCategory.transportation, d.currency)}），预算${money(c.budget, d.currency)}，${c.withinBudget ? `还剩${money(c.difference, d.currency)}` : `超出${money(c.difference, d.currency)}`}。`,
        `The plan costs about ${money(c.total, d.currency)} (flights ${money(c.byCategory.flights, d.currency)}, stays ${money(c.byCategory.accommodation, d.currency)}, food ${money(c.byCategory.food, d.currency)}, tickets ${money(c.byCategory.activities, d.currency)}, transport ${money(c.byCategory.transportation, d.currency)}) against a budget of ${money(c.budget, d.currency)}: ${c.withinBudget ? `${money(c.difference, d.currency)} left` : `${money(c.difference, d.currency)} over`}.`,
      ),
    );
    return true;
  }

  if (TIPS.test(t)) {
    const k = await turn.tool('search_knowledge', { query: t.slice(0, 200), city, language: lang, limit: 3 });
    const results = dataOf<{ results: { title: string; text: string }[] }>(k)?.results ?? [];
    const tips = [...(plan?.tips ?? []).slice(0, 2), ...results.map((r) => r.text)].slice(0, 3);
    await turn.stream(
      tips.length > 0
        ? say(lang, `去${city}的几点建议：`, `A few tips for ${city}: `) +
            tips.map((x) => (x.length > 200 ? `${x.slice(0, 197)}…` : x)).join(lang === 'zh' ? ' ' : ' ')
        : say(lang, `暂时没有${city}的当地贴士。`, `I have no local tips for ${city} yet.`),
    );
    return true;
  }
  return false;
}

/** Weekly hours (0 = Sunday) as `Mon-Sun 09:00-17:00`, grouping equal days. */
export function formatHours(hours: [number, number][][], lang: Lang): string {
  const names =
    lang === 'zh'
      ? ['周日', '周一', '周二', '周三', '周四', '周五', '周六']
      : ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const hm = (m: number) =>
    `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const text = (d: [number, number][] | undefined) =>
    !d || d.length === 0 ? say(lang, '闭馆', 'closed') : d.map(([o, c]) => `${hm(o)}-${hm(c)}`).join(', ');
  const order = [1, 2, 3, 4, 5, 6, 0];
  const groups: { from: number; to: number; t: string }[] = [];
  for (const day of order) {
    const t = text(hours[day]);
    const last = groups[groups.length - 1];
    if (last && last.t === t) last.to = day;
    else groups.push({ from: day, to: day, t });
  }
  return groups
    .map((g) => `${g.from === g.to ? names[g.from] : `${names[g.from]}-${names[g.to]}`} ${g.t}`)
    .join(lang === 'zh' ? '；' : '; ');
}

async function recommend(turn: Turn, t: string, draft: Partial<TripRequest>): Promise<TurnIntent> {
  const args: JsonObject = { limit: 3 };
  if (draft.days) args['duration'] = draft.days;
  if (draft.budget) {
    args['budget'] = draft.budget.perPerson
      ? draft.budget.amount
      : Math.round(
          draft.budget.amount /
            Math.max(1, (draft.travelers?.adults ?? 1) + (draft.travelers?.children ?? 0)),
        );
    args['currency'] = draft.budget.currency;
  }
  const season = /春|spring/i.test(t)
    ? 'spring'
    : /夏|summer/i.test(t)
      ? 'summer'
      : /秋|autumn|fall/i.test(t)
        ? 'autumn'
        : /冬|winter/i.test(t)
          ? 'winter'
          : null;
  if (season) args['season'] = season;
  const r = await turn.tool('recommend_destinations', args);
  const list =
    dataOf<{
      recommendations: {
        destination: string;
        matchReasons: string[];
        estimatedBudget: number;
        currency: string;
      }[];
    }>(r)?.recommendations ?? [];
  if (list.length === 0) {
    await turn.stream(
      r.isError
        ? say(turn.lang, '暂时拿不到推荐，请稍后再试。', "I couldn't get recommendations just now.")
        : say(
            turn.lang,
            '没有找到合适的推荐，能说说喜欢什么样的地方吗？',
            'Nothing fits yet — what kind of place do you like?',
          ),
    );
    return 'recommend';
  }
  const lines = list.map(
    (x) =>
      `${x.destination}${x.matchReasons[0] ? say(turn.lang, `（${x.matchReasons[0]}）`, ` (${x.matchReasons[0]})`) : ''}`,
  );
  await turn.stream(
    say(
      turn.lang,
      `可以考虑：${lines.join('、')}。看中哪个告诉我，再说说几个人、玩几天，我来排行程。`,
      `You could try ${lines.join(', ')}. Pick one and tell me how many people and days, and I'll plan it.`,
    ),
  );
  return 'recommend';
}

async function search(turn: Turn, t: string, draft: Partial<TripRequest>): Promise<TurnIntent> {
  const dest = draft.destinations?.[0]?.name;
  const date = draft.startDate ?? turn.deps.today;
  const nights = Math.max(1, (draft.days ?? 2) - 1);
  const out = new Date(Date.parse(`${date}T00:00:00Z`) + nights * 86_400_000).toISOString().slice(0, 10);
  let r: ToolResult;
  if (SEARCH_FLIGHTS.test(t) && (draft.origin || turn.deps.homeCity)) {
    r = await turn.tool('search_flights', {
      departure: draft.origin?.name ?? turn.deps.homeCity!,
      arrival: dest!,
      departure_date: date,
      passengers: Math.min(9, (draft.travelers?.adults ?? 1) + (draft.travelers?.children ?? 0)),
    });
  } else if (SEARCH_FLIGHTS.test(t)) {
    turn.state.slots = { ...turn.state.slots, pending: 'origin' };
    await turn.say('follow-up.origin');
    return 'ask';
  } else {
    r = await turn.tool('search_hotels', {
      destination: dest!,
      check_in: date,
      check_out: out,
      guests: Math.min(20, (draft.travelers?.adults ?? 1) + (draft.travelers?.children ?? 0)),
    });
  }
  await turn.stream(
    r.isError
      ? say(
          turn.lang,
          `没能完成搜索：${r.error?.message ?? ''}`,
          `The search did not work: ${r.error?.message ?? ''}`,
        )
      : summaryOf(r),
  );
  return 'search';
}

// ---------------------------------------------------------------- LLM path

type LlmTurnResult =
  | { ok: true; llm: NonNullable<TurnOutput['llm']> }
  | { ok: false; reason: string; streamed: boolean; llm: TurnOutput['llm'] };

async function llmTurn(turn: Turn, text: string): Promise<LlmTurnResult> {
  const { deps } = turn;
  const llm = deps.llm!;
  const plan = turn.state.planId ? await deps.loadPlan(turn.state.planId) : null;
  const system = turn.engine.render('chat.system', { today: deps.today }, turn.audience());
  turn.prompts.push(system.ref);
  const context = await buildContext({
    system: system.text,
    slots: turn.state.slots.draft,
    missing: turn.state.slots.missing,
    planSummary: plan ? templateNarration(digestPlan(plan, turn.lang), turn.lang) : null,
    history: deps.history ?? [],
    current: text,
    maxTokens: deps.maxContextTokens ?? 6000,
    lang: turn.lang,
  });
  const messages: ChatMessage[] = [...context.messages];
  const tools = deps.tools.specs();
  const started = performance.now();
  let usage = null as LlmUsage | null;
  let model = llm.model;
  let streamed = false;
  const facts: string[] = [];
  let sent = '';
  let failed: string[] | null = null;
  let current = plan;
  // Places the user named in this message may be named back (the slots hold only earlier turns').
  const said = parseTripText(text, {
    gazetteer: deps.gazetteer,
    today: deps.today,
    ...(deps.segmenter ? { segmenter: deps.segmenter } : {}),
  }).request;
  const userNames = [said.origin, ...(said.destinations ?? [])]
    .filter((p): p is NonNullable<typeof p> => !!p)
    .flatMap((p) => [p.name, p.nameEn ?? '', p.nameZh ?? '']);
  // Token streaming with the fact check in front: the model's text is cut into sentences as the
  // tokens arrive; each sentence is checked (numbers and names against the plan and what the
  // tools returned so far) BEFORE it is sent. A sentence that fails stops the model's reply there:
  // what was sent stays (it passed), the offline manager finishes the turn and says so.
  const send = async (sentence: string): Promise<boolean> => {
    if (sentence.trim() === '') return true;
    const check = factCheck(sentence, turn.lang, current, facts, turn.state, userNames);
    if (!check.ok) {
      failed = check.problems;
      return false;
    }
    streamed = true;
    sent += sentence;
    await turn.stream(sentence);
    return true;
  };
  try {
    rounds: for (let round = 0; round <= MAX_TOOL_ROUNDS; round++) {
      let content = '';
      let calls: ToolCallRequest[] = [];
      const gate = new SentenceGate();
      for await (const ev of llm.stream({
        messages,
        ...(round < MAX_TOOL_ROUNDS && tools.length > 0 ? { tools } : {}),
        temperature: 0.3,
        maxTokens: 800,
        ...(deps.llmTimeoutMs ? { timeoutMs: deps.llmTimeoutMs } : {}),
        ...(deps.signal ? { signal: deps.signal } : {}),
      })) {
        if (ev.type === 'delta') {
          content += ev.content;
          for (const sentence of gate.push(ev.content)) if (!(await send(sentence))) break rounds;
        } else if (ev.type === 'done') {
          calls = ev.toolCalls;
          model = ev.model;
          if (ev.usage)
            usage = {
              promptTokens: (usage?.promptTokens ?? 0) + ev.usage.promptTokens,
              completionTokens: (usage?.completionTokens ?? 0) + ev.usage.completionTokens,
            };
        }
      }
      if (calls.length === 0) {
        for (const sentence of gate.end()) if (!(await send(sentence))) break rounds;
        break;
      }
      messages.push({ role: 'assistant', content: content || null, toolCalls: calls });
      for (const call of calls) {
        const id = call.id || newId('toolCall');
        await deps.emit({ type: 'tool', toolCallId: id, toolName: call.name, status: 'queued', progress: 0 });
        await deps.emit({
          type: 'tool',
          toolCallId: id,
          toolName: call.name,
          status: 'executing',
          progress: 10,
        });
        const result = await deps.tools.call({ ...call, id });
        await deps.emit({
          type: 'tool',
          toolCallId: id,
          toolName: call.name,
          status: result.isError ? 'failed' : 'completed',
          progress: 100,
        });
        turn.calls.push({
          id,
          name: call.name,
          arguments: (call.arguments && typeof call.arguments === 'object'
            ? call.arguments
            : {}) as JsonObject,
          status: result.isError ? 'failed' : 'completed',
          result: summaryOf(result),
          durationMs: Math.round(result.durationMs),
        });
        if (!result.isError) {
          facts.push(result.content);
          absorbToolState(turn, call.name, result);
        }
        // Tool results are data for the model, never instructions (the system prompt says so).
        messages.push({ role: 'tool', toolCallId: result.toolCallId, content: result.content });
      }
      // A tool may have made or changed the plan: later sentences are checked against it.
      current = turn.state.planId ? await deps.loadPlan(turn.state.planId) : null;
    }
  } catch (err) {
    if (err instanceof LlmCancelledError) throw err;
    return {
      ok: false,
      reason: `llm_failed: ${(err as Error)?.name ?? 'error'}`,
      streamed,
      llm: { model, usage, latencyMs: Math.round(performance.now() - started) },
    };
  }
  const latencyMs = Math.round(performance.now() - started);
  if (failed)
    return {
      ok: false,
      reason: `fact_check_failed: ${(failed as string[]).slice(0, 3).join('; ')}`,
      streamed,
      llm: { model, usage, latencyMs },
    };
  if (sent.trim() === '') return { ok: false, reason: 'empty', streamed, llm: { model, usage, latencyMs } };
  return { ok: true, llm: { model, usage, latencyMs } };
}

/**
 * Cuts streamed model text into sentences as it arrives (at 。！？；!? and newlines, and at a period
 * followed by a space), holding back `<think>…</think>` reasoning and anything not yet complete.
 */
export class SentenceGate {
  #buf = '';

  /** Adds a delta; returns the sentences it completed. */
  push(delta: string): string[] {
    this.#buf += delta;
    return this.#take(false);
  }

  /** The rest at the end of the stream. */
  end(): string[] {
    return this.#take(true);
  }

  #take(final: boolean): string[] {
    this.#buf = this.#buf.replace(/<think>[\s\S]*?<\/think>/g, '');
    let open = this.#buf.indexOf('<think>');
    if (final && open >= 0) {
      this.#buf = this.#buf.slice(0, open);
      open = -1;
    }
    // Text up to an unfinished reasoning block, or a "<" that may start one, is all that may go.
    let limit = open >= 0 ? open : this.#buf.length;
    if (!final) {
      const lt = this.#buf.lastIndexOf('<');
      if (lt >= 0 && lt < limit && '<think>'.startsWith(this.#buf.slice(lt, lt + 7))) limit = lt;
    }
    const head = this.#buf.slice(0, limit);
    const out: string[] = [];
    let from = 0;
    const re = /[。！？；!?\n]+|\.(?=\s)/g;
    for (let m = re.exec(head); m; m = re.exec(head)) {
      const to = m.index + m[0].length;
      out.push(head.slice(from, to));
      from = to;
    }
    let rest = head.slice(from);
    if (final) {
      if (rest !== '') out.push(rest);
      rest = '';
    }
    this.#buf = rest + this.#buf.slice(limit);
    // The reply's first sentence loses its leading blank space (the model's "\n\n" after thinking).
    const sentences: string[] = [];
    for (let x of out) {
      if (!this.#started) x = x.replace(/^\s+/, '');
      if (x === '') continue;
      if (x.trim() !== '') this.#started = true;
      sentences.push(x);
    }
    return sentences;
  }

  #started = false;
}

function absorbToolState(turn: Turn, name: string, result: ToolResult): void {
  const data = (result.data ?? {}) as Record<string, unknown>;
  if (name === 'plan_trip' && typeof data['planId'] === 'string') {
    turn.state.planId = data['planId'];
    turn.state.planVersion = (data['version'] as number) ?? 1;
    turn.state.undo = [];
  }
  if (name === 'apply_plan_edit' && data['status'] === 'applied') {
    if (typeof data['previousVersion'] === 'number') turn.state.undo.push(data['previousVersion']);
    turn.state.planVersion = (data['version'] as number) ?? turn.state.planVersion;
    turn.diff = (data['diff'] as JsonObject) ?? null;
  }
  if (name === 'undo_plan_edit' && typeof data['version'] === 'number') {
    turn.state.undo.pop();
    turn.state.planVersion = data['version'];
    turn.diff = (data['diff'] as JsonObject) ?? null;
  }
}

/** Numbers and names the reply may state: the plan's, the tools' results', the user's request. */
function factCheck(
  text: string,
  lang: Lang,
  plan: TravelPlan | null,
  facts: string[],
  state: ChatState,
  userNames: readonly string[] = [],
) {
  const numbers: number[] = [];
  const names: string[] = [...userNames];
  if (plan) {
    const digest = digestPlan(plan, lang);
    numbers.push(...digestNumbers(digest));
    names.push(...planNames(plan, digest));
    if (checkNarration(text, plan, lang).ok) return { ok: true, problems: [] };
  }
  for (const f of facts) {
    for (const m of f.matchAll(/-?\d+(?:\.\d+)?/g)) numbers.push(Number(m[0]));
    for (const m of f.matchAll(
      /"(?:name|name_zh|name_en|destination|title|airline|flight_number)":"([^"]{1,80})"/g,
    ))
      names.push(m[1]!);
  }
  const d = state.slots.draft;
  if (d.days) numbers.push(d.days);
  if (d.budget) numbers.push(d.budget.amount);
  if (d.travelers) numbers.push(d.travelers.adults, d.travelers.children);
  for (const p of [d.origin, ...(d.destinations ?? [])])
    if (p) names.push(p.name, p.nameEn ?? '', p.nameZh ?? '');
  numbers.push(...Array.from({ length: 10 }, (_, i) => i));
  return checkFacts({ text, lang, numbers, names: names.filter(Boolean) });
}
