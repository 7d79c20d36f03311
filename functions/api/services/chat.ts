/**
 * The assistant's side of a conversation, shared by REST (POST /v1/conversations/{id}/messages,
 * POST /v1/conversations with an initial message) and the WebSocket chat worker: runs one turn of
 * the turn engine (agents/conversation/turn-engine.ts) for a stored user message, pushes its
 * frames — `stream_chunk` (conversation_id, message_id, chunk, chunk_index, is_final) and
 * `tool_call_status` (conversation_id, tool_call_id, tool_name, status, progress), with the
 * planner's `agent_status` frames in between — to every open connection of the user, stores the
 * assistant message (content, tool calls with arguments and result summaries, tokens, model,
 * latency, prompt ids and versions, the chunk boundaries for `resume`) and the conversation's state.
 *
 * Frames are only ever sent to the conversation owner's connections. A turn never throws for what
 * a user wrote: an unexpected failure is logged and answered with a short apology that is stored
 * like any reply.
 */
import { newId } from '../../../agents/ids.js';
import {
  CONVERSATION_TOOL_NAMES,
  createConversationTools,
  type ConversationSession,
} from '../../../agents/conversation/conversation-tools.js';
import {
  chatContextOf,
  chatStateFrom,
  chunkText,
  languageOfMessage,
  runTurn,
  type ToolRunner,
  type TurnEvent,
  type TurnOutput,
} from '../../../agents/conversation/turn-engine.js';
import type { ContextTurn } from '../../../agents/llm/context-manager.js';
import type { LlmClient } from '../../../agents/llm/port.js';
import { promptMetadata } from '../../../agents/llm/prompt-engine.js';
import { ToolRegistry, type ToolDefinition } from '../../../agents/llm/tools.js';
import { createTravelTools } from '../../../agents/tools/travel-tools.js';
import type { Gazetteer } from '../../../agents/nlu/gazetteer.js';
import { createJiebaSegmenter } from '../../../agents/nlu/segmenter.js';
import type { Segmenter } from '../../../agents/nlu/text.js';
import { planTrip } from '../../../agents/planning/coordinator.js';
import type { RealtimeFrame } from '../../../agents/ports/realtime.js';
import type { JsonObject } from '../../../agents/schemas/common.js';
import { Message, type ToolCall } from '../../../agents/schemas/conversation.js';
import type { TripRequest } from '../../../agents/schemas/trip-request.js';
import { chinesePlaceNames, loadGazetteer } from '../../../knowledge/gazetteer/load.js';
import { searchSharedKnowledge } from '../../../knowledge/rag/shared.js';
import { sharedModelService } from '../../llm/model-service.js';
import { createLlmClientFromEnv } from '../../llm/openai-client.js';
import type { ApiRuntime } from '../runtime.js';
import { inProcessPlanningRun, startPlanningSession } from './planning-session.js';

type Lang = 'zh' | 'en';

let nlu: { gazetteer: Gazetteer; segmenter: Segmenter } | undefined;
/** The gazetteer and segmenter, loaded once per process. */
export function chatNlu(): { gazetteer: Gazetteer; segmenter: Segmenter } {
  nlu ??= { gazetteer: loadGazetteer(), segmenter: createJiebaSegmenter(chinesePlaceNames()) };
  return nlu;
}

let llmClient: LlmClient | null | undefined;
/** The LLM client of the environment (null offline); tests may replace it. */
export function chatLlm(): LlmClient | null {
  if (llmClient === undefined) llmClient = createLlmClientFromEnv();
  return llmClient;
}
export function setChatLlm(client: LlmClient | null | undefined): void {
  llmClient = client;
}

/**
 * The chat's default allow-list: the shared travel tools a traveller's conversation needs and the
 * conversation's own tools. (`edit_plan`, `plan_itinerary` and `verify_plan` stay MCP-only: in a
 * conversation, `apply_plan_edit` and `plan_trip` do that work and keep the undo history.) A
 * conversation's `metadata.allowed_tools` narrows it further.
 */
export const CHAT_ALLOWED_TOOLS: readonly string[] = [
  'search_flights',
  'search_hotels',
  'get_weather',
  'calculate_budget',
  'get_local_attractions',
  'recommend_destinations',
  'search_knowledge',
  'get_plan',
  ...CONVERSATION_TOOL_NAMES,
];

const sharedRegistries = new WeakMap<ApiRuntime, ToolRegistry>();

/** The shared travel tools (the MCP server's registry definitions) over the runtime's ports. */
function sharedTools(rt: ApiRuntime): ToolDefinition[] {
  return createTravelTools({
    providers: rt.providers,
    now: rt.now,
    nlu: chatNlu(),
    plans: rt.repos.plans,
    users: rt.repos.users,
    knowledgeBase: (q) => searchSharedKnowledge(q),
  });
}

/** Chunks streamed so far per assistant message in this process (resume while a turn runs). */
const inFlight = new Map<
  string,
  { userId: string; conversationId: string; chunks: string[]; done: boolean }
>();

export interface ChatTurnInput {
  userId: string;
  conversationId: string;
  /** The stored user message the turn answers. */
  userMessage: Message;
  /** The caller's language when the message has none (profile, else Accept-Language). */
  fallbackLanguage?: Lang;
  /** The assistant message's id (generated when absent). */
  assistantMessageId?: string;
}

/** Sends frames to the user's connections; the connection list is refreshed at most every second. */
class UserFrames {
  #ids: string[] = [];
  #at = 0;
  constructor(
    private readonly rt: ApiRuntime,
    private readonly userId: string,
  ) {}

  async send(frame: RealtimeFrame): Promise<void> {
    const realtime = this.rt.realtime;
    if (!realtime) return;
    if (Date.now() - this.#at > 1000) {
      try {
        this.#ids = (await this.rt.repos.connections.listByUser(this.userId)).map((c) => c.connectionId);
        this.#at = Date.now();
      } catch (err) {
        this.rt.logger.warn('chat frames: connections not listed', { error: String(err) });
      }
    }
    await Promise.all(this.#ids.map((id) => this.#sendWithRetry(id, frame)));
  }

  /** A transient failure (throttling, a timeout) is retried: a frame is not dropped lightly. */
  async #sendWithRetry(id: string, frame: RealtimeFrame): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (!(await this.rt.realtime!.sendToConnection(id, frame)))
          this.#ids = this.#ids.filter((x) => x !== id);
        return;
      } catch (err) {
        if (attempt >= 4) {
          this.rt.logger.warn('chat frame not sent', { connectionId: id, error: String(err) });
          return;
        }
        await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
  }
}

/** `stream_chunk`, exactly as the seed shows it. */
export function streamChunkFrame(
  conversationId: string,
  messageId: string,
  chunk: string,
  index: number,
  isFinal: boolean,
): RealtimeFrame {
  return {
    type: 'stream_chunk',
    data: {
      conversation_id: conversationId,
      message_id: messageId,
      chunk,
      chunk_index: index,
      is_final: isFinal,
    },
  };
}

function toolRunner(
  rt: ApiRuntime,
  session: ConversationSession,
  allow: string[] | null,
  lang: () => Lang,
): ToolRunner {
  const conversationTools = createConversationTools({
    session,
    plans: rt.repos.plans,
    revisions: rt.repos.planRevisions,
    providers: rt.providers,
    now: rt.now,
    planTrip: (request) => planForConversation(rt, session, request),
    replan: (request) => planTrip(request, { providers: rt.providers, now: rt.now, userId: session.userId }),
  });
  // The shared definitions are registered once per runtime (schema checks are not free); the
  // conversation's own three tools, bound to this conversation, are added for the turn.
  let shared = sharedRegistries.get(rt);
  if (!shared) {
    shared = new ToolRegistry(sharedTools(rt));
    sharedRegistries.set(rt, shared);
  }
  const own = new ToolRegistry(conversationTools);
  const names = [...shared.list(), ...own.list()].map((t) => t.name);
  const allowed = new Set(
    names.filter((n) => CHAT_ALLOWED_TOOLS.includes(n) && (allow === null || allow.includes(n))),
  );
  const base = shared;
  return {
    allowed,
    specs: () => [
      ...base.toolSpecs([...allowed].filter((n) => base.has(n))),
      ...own.toolSpecs([...allowed].filter((n) => own.has(n))),
    ],
    call: (call) =>
      (own.has(call.name) ? own : base).dispatch(call, {
        allow: allowed,
        userId: session.userId,
        lang: lang(),
      }),
  };
}

/** Plans through a planning session (agent_status frames), waits for it, returns the stored plan. */
async function planForConversation(rt: ApiRuntime, session: ConversationSession, request: TripRequest) {
  const started = await startPlanningSession(rt, {
    userId: session.userId,
    conversationId: session.conversationId,
    taskType: 'comprehensive_planning',
    request,
  });
  await inProcessPlanningRun(started.id);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const s = await rt.repos.sessions.get(session.userId, started.id);
    if (s && (s.status === 'completed' || s.status === 'failed' || s.status === 'cancelled')) {
      const planId = typeof s.sharedContext['plan_id'] === 'string' ? s.sharedContext['plan_id'] : null;
      const plan = planId ? await rt.repos.plans.get(session.userId, planId) : null;
      const f = s.sharedContext['failure'] as
        { code?: string; message?: string; message_zh?: string } | undefined;
      return {
        plan,
        failure: plan
          ? null
          : {
              code: (f?.code ?? 'NO_ROUTE') as 'NO_ROUTE',
              message: f?.message ?? 'No plan could be made.',
              messageZh: f?.message_zh ?? '无法生成行程。',
            },
      };
    }
    if (Date.now() > deadline)
      return {
        plan: null,
        failure: { code: 'NO_ROUTE' as const, message: 'Planning took too long.', messageZh: '规划超时。' },
      };
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function historyOf(
  rt: ApiRuntime,
  userId: string,
  conversationId: string,
  exclude: string,
): Promise<ContextTurn[]> {
  const page = await rt.repos.conversations.listMessages({
    userId,
    conversationId,
    limit: 12,
    order: 'desc',
  });
  return page.items
    .filter((m) => m.id !== exclude && (m.role === 'user' || m.role === 'assistant'))
    .reverse()
    .map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content }));
}

/** The assistant message of a finished turn. */
function assistantMessage(
  id: string,
  conversationId: string,
  out: TurnOutput,
  chunks: string[],
  replyTo: string,
  latencyMs: number,
  at: string,
): Message {
  const toolCalls: ToolCall[] = out.toolCalls.map((c) => ({
    id: c.id,
    toolName: c.name,
    arguments: c.arguments,
    result: c.result.length > 2000 ? `${c.result.slice(0, 1997)}...` : c.result,
    executionTime: c.durationMs / 1000,
    status: c.status,
  }));
  const metadata: JsonObject = {
    ...promptMetadata(out.prompts),
    intent: out.intent,
    reply_to: replyTo,
    latency_ms: latencyMs,
    language: out.state.language,
    chunk_lengths: chunks.map((c) => c.length),
    plan_id: out.state.planId,
    plan_version: out.state.planVersion,
    ...(out.diff ? { plan_diff: out.diff } : {}),
    ...(out.fallback ? { llm_fallback: out.fallback } : {}),
    ...(out.llm ? { llm_latency_ms: out.llm.latencyMs } : {}),
  };
  return Message.parse({
    id,
    conversationId,
    role: 'assistant',
    content: out.text,
    metadata,
    modelName: out.llm?.model ?? 'offline-dialogue-manager',
    promptTokens: out.llm?.usage?.promptTokens ?? null,
    completionTokens: out.llm?.usage?.completionTokens ?? null,
    toolCalls,
    timestamp: at,
  });
}

/**
 * Runs one turn for a stored user message: frames to the user's connections, the assistant
 * message and the conversation state stored. Returns the stored assistant message.
 */
export async function runChatTurn(rt: ApiRuntime, input: ChatTurnInput): Promise<Message> {
  const started = performance.now();
  const { userId, conversationId } = input;
  const messageId = input.assistantMessageId ?? newId('message');
  const frames = new UserFrames(rt, userId);
  const record = { userId, conversationId, chunks: [] as string[], done: false };
  inFlight.set(messageId, record);
  let index = 0;
  let sending: Promise<void> = Promise.resolve();
  // Frames go out in order, without making the engine wait for each postToConnection.
  const push = (frame: RealtimeFrame) => {
    sending = sending.then(() => frames.send(frame));
  };
  // Each chunk is also persisted (TTL'd), so a resume on another connection or Lambda instance can
  // send what it missed; the writes run beside the frames, not in front of them.
  let persisting: Promise<void> = Promise.resolve();
  const persist = (i: number, chunk: string) => {
    persisting = persisting
      .then(() => rt.repos.replyChunks.put(userId, conversationId, messageId, i, chunk))
      .catch((err) => rt.logger.warn('reply chunk not persisted', { messageId, error: String(err) }));
  };
  const emit = (e: TurnEvent) => {
    if (e.type === 'chunk') {
      record.chunks.push(e.text);
      persist(index, e.text);
      push(streamChunkFrame(conversationId, messageId, e.text, index++, false));
    } else {
      push({
        type: 'tool_call_status',
        data: {
          conversation_id: conversationId,
          tool_call_id: e.toolCallId,
          tool_name: e.toolName,
          status: e.status,
          progress: e.progress,
        },
      });
    }
  };
  try {
    const conversation = await rt.repos.conversations.get(userId, conversationId);
    if (!conversation) throw new Error('conversation vanished');
    const fallback: Lang = input.fallbackLanguage ?? 'zh';
    const state = chatStateFrom(conversation.context, fallback);
    if (!state.planId && conversation.travelPlanId) state.planId = conversation.travelPlanId;
    const session: ConversationSession = {
      userId,
      conversationId,
      planId: state.planId,
      request: state.request,
    };
    const allow = Array.isArray(conversation.metadata['allowed_tools'])
      ? (conversation.metadata['allowed_tools'] as unknown[]).filter(
          (x): x is string => typeof x === 'string',
        )
      : null;
    const turnLanguage = languageOfMessage(
      input.userMessage.content,
      state.turns > 0 ? state.language : fallback,
    );
    const { gazetteer, segmenter } = chatNlu();
    const llm = chatLlm();
    const out = await runTurn(state, input.userMessage.content, {
      gazetteer,
      segmenter,
      today: rt.now().toISOString().slice(0, 10),
      tools: toolRunner(rt, session, allow, () => turnLanguage),
      loadPlan: (id) => rt.repos.plans.get(userId, id),
      emit,
      fallbackLanguage: fallback,
      audience: { userId },
      history: llm ? await historyOf(rt, userId, conversationId, input.userMessage.id) : [],
      llm,
      // A GPU service scaled to zero is woken here; this turn then runs offline with a notice.
      modelService: llm ? sharedModelService() : null,
      llmTimeoutMs: Number(process.env['CHAT_LLM_TIMEOUT_MS'] ?? 20_000),
    });
    out.state.planId = session.planId ?? out.state.planId;
    if (session.request) out.state.request = session.request;
    const stored = await rt.repos.conversations.appendMessage(
      userId,
      assistantMessage(
        messageId,
        conversationId,
        out,
        record.chunks,
        input.userMessage.id,
        Math.round(performance.now() - started),
        rt.now().toISOString(),
      ),
    );
    await rt.repos.conversations.update(userId, conversationId, {
      context: chatContextOf(out.state, conversation.context),
      ...(out.state.planId ? { travelPlanId: out.state.planId } : {}),
    });
    return stored;
  } catch (err) {
    rt.logger.error('chat turn failed', { conversationId, error: String((err as Error)?.stack ?? err) });
    const text =
      '抱歉，这次回复出了点问题，请再说一次。 Sorry, something went wrong with this reply; please say it again.';
    for (const c of chunkText(text)) emit({ type: 'chunk', text: c });
    const stored = await rt.repos.conversations
      .appendMessage(
        userId,
        Message.parse({
          id: messageId,
          conversationId,
          role: 'assistant',
          content: record.chunks.join(''),
          metadata: {
            intent: 'error',
            reply_to: input.userMessage.id,
            chunk_lengths: record.chunks.map((c) => c.length),
          },
          modelName: 'offline-dialogue-manager',
          timestamp: rt.now().toISOString(),
        }),
      )
      .catch(() => null);
    if (!stored) throw err;
    return stored;
  } finally {
    // The final frame goes after the message is stored: a client that sees it can always resume.
    push(streamChunkFrame(conversationId, messageId, '', index, true));
    await Promise.all([sending, persisting]);
    record.done = true;
    setTimeout(() => inFlight.delete(messageId), 60_000).unref?.();
  }
}

/**
 * Frames a reconnecting client missed of an assistant message (chunks after `lastChunkIndex`,
 * then the final frame), from the stored message or, while the turn still runs in this process,
 * from its chunks so far, or, while it runs on another instance, from the chunks it persisted
 * (functions/data/reply-chunk-repository.ts) — the rest follows as it is produced. Null when the message is not the
 * user's (or does not exist, or has produced nothing yet).
 */
export async function resumeFrames(
  rt: ApiRuntime,
  userId: string,
  conversationId: string,
  messageId: string,
  lastChunkIndex: number,
): Promise<RealtimeFrame[] | null> {
  const stored = await rt.repos.conversations.getMessage(userId, conversationId, messageId);
  if (stored && stored.role === 'assistant') {
    const lengths = Array.isArray(stored.metadata['chunk_lengths'])
      ? (stored.metadata['chunk_lengths'] as number[])
      : [stored.content.length];
    const chunks: string[] = [];
    let at = 0;
    for (const n of lengths) {
      chunks.push(stored.content.slice(at, at + n));
      at += n;
    }
    const frames = chunks
      .map((c, i) => ({ c, i }))
      .filter(({ i }) => i > lastChunkIndex)
      .map(({ c, i }) => streamChunkFrame(conversationId, messageId, c, i, false));
    frames.push(streamChunkFrame(conversationId, messageId, '', chunks.length, true));
    return frames;
  }
  const live = inFlight.get(messageId);
  if (live && live.userId === userId && live.conversationId === conversationId) {
    return live.chunks
      .map((c, i) => ({ c, i }))
      .filter(({ i }) => i > lastChunkIndex)
      .map(({ c, i }) => streamChunkFrame(conversationId, messageId, c, i, false));
  }
  // Running on another instance (the chat worker Lambda): the chunks it persisted so far; the rest
  // reaches this connection as the worker pushes to all of the user's connections.
  const persisted = await rt.repos.replyChunks.list(userId, conversationId, messageId);
  if (persisted.length > 0) {
    return persisted
      .map((c, i) => ({ c, i }))
      .filter(({ i }) => i > lastChunkIndex)
      .map(({ c, i }) => streamChunkFrame(conversationId, messageId, c, i, false));
  }
  return null;
}

/** Names of the conversation tools (always registered; the allow-list may still exclude them). */
export const CHAT_CONVERSATION_TOOLS = CONVERSATION_TOOL_NAMES;

/** The reply language when a message has none: the profile's, else Accept-Language (`fallback`). */
export async function profileLanguage(rt: ApiRuntime, userId: string, fallback: Lang): Promise<Lang> {
  try {
    const user = await rt.repos.users.getById(userId);
    const pref = user?.preferences?.language;
    if (pref) return pref === 'zh-cn' ? 'zh' : 'en';
  } catch (err) {
    rt.logger.warn('profile language not read', { error: String(err) });
  }
  return fallback;
}
