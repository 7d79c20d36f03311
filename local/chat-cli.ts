/**
 * `npm run chat`: a terminal conversation with the travel agent, in Chinese or English, in-process
 * and offline (the same turn engine, tools and plan edits the WebSocket API runs; plans are kept
 * in memory for the session). Type a trip ("两个人从北京去上海玩4天，预算2万"), answer the
 * questions, then edit ("换一个便宜点的酒店", "make day 2 more relaxed", "撤销"). Ctrl-D quits.
 * With LLM_BASE_URL set, the model answers (with the offline manager as fallback).
 */
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

import { createInterface } from 'node:readline/promises';
import { createConversationTools, type PlanRevision } from '../agents/conversation/conversation-tools.js';
import { initialChatState, runTurn, type ToolRunner } from '../agents/conversation/turn-engine.js';
import { ConflictError } from '../agents/errors.js';
import { ToolRegistry } from '../agents/llm/tools.js';
import { createJiebaSegmenter } from '../agents/nlu/segmenter.js';
import { planTrip } from '../agents/planning/coordinator.js';
import type { TravelPlan } from '../agents/schemas/travel-plan.js';
import { createTravelTools } from '../agents/tools/travel-tools.js';
import { createLlmClientFromEnv } from '../functions/llm/openai-client.js';
import { chinesePlaceNames, loadGazetteer } from '../knowledge/gazetteer/load.js';
import { createOfflineProviders } from '../knowledge/offline/providers.js';
import { searchSharedKnowledge } from '../knowledge/rag/shared.js';

const providers = createOfflineProviders();
const now = () => new Date();
const gazetteer = loadGazetteer();
const segmenter = createJiebaSegmenter(chinesePlaceNames());
const plans = new Map<string, TravelPlan>();
const revisions = new Map<string, PlanRevision>();
const session = {
  userId: 'user_local',
  conversationId: 'conv_local',
  planId: null as string | null,
  request: null,
};
const store = {
  get: async (_u: string, id: string) => plans.get(id) ?? null,
  save: async (_u: string, plan: TravelPlan, expected: number) => {
    const cur = plans.get(plan.id);
    if (!cur || cur.version !== expected) throw new ConflictError('Version conflict');
    const next = { ...plan, version: expected + 1 };
    plans.set(plan.id, next);
    return next;
  },
};
const registry = new ToolRegistry([
  ...createTravelTools({
    providers,
    now,
    knowledgeBase: (q) => searchSharedKnowledge(q),
  }),
  ...createConversationTools({
    session,
    plans: store,
    revisions: {
      put: async (_u, id, v, r) => void revisions.set(`${id}@${v}`, r),
      get: async (_u, id, v) => revisions.get(`${id}@${v}`) ?? null,
    },
    providers,
    now,
    planTrip: async (request) => {
      const out = await planTrip(request, { providers, now });
      if (out.plan) plans.set(out.plan.id, out.plan);
      return { plan: out.plan, failure: out.failure };
    },
    replan: (request) => planTrip(request, { providers, now }),
  }),
]);
const allowed = new Set(registry.list().map((t) => t.name));
const tools: ToolRunner = {
  allowed,
  specs: () => registry.toolSpecs([...allowed]),
  call: (c) => registry.dispatch(c, { allow: allowed }),
};
const llm = createLlmClientFromEnv();

const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
const interactive = process.stdin.isTTY === true;
process.stdout.write('旅行助手 / Travel agent — 说说你的行程 / tell me about your trip (Ctrl-D to quit)\n');
let state = initialChatState('zh');
const prompt = () => {
  if (interactive) process.stdout.write('\n> ');
};
prompt();
// Every line is a turn, also when stdin is a pipe or a file (lines that arrive while a turn runs
// are queued by the iterator, not lost); piped lines are echoed so the transcript reads as a dialogue.
for await (const line of rl) {
  if (!interactive) process.stdout.write(`\n> ${line}\n`);
  if (line.trim() === '') {
    prompt();
    continue;
  }
  const out = await runTurn(state, line, {
    gazetteer,
    segmenter,
    today: now().toISOString().slice(0, 10),
    tools,
    loadPlan: async (id) => plans.get(id) ?? null,
    emit: (e) => {
      if (e.type === 'chunk') process.stdout.write(e.text);
      else if (e.status === 'executing') process.stdout.write(`\n  [${e.toolName}…]\n`);
    },
    llm,
  });
  state = out.state;
  process.stdout.write('\n');
  prompt();
}
rl.close();
