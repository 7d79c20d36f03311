/**
 * The travel tools of a process, built once: the offline (or given) providers, the request parser
 * over the bundled gazetteer, and the repositories when a store is reachable. Every MCP server of
 * the process (one per caller or session) shares this registry.
 */
import type { LocalizedText } from '../../agents/errors.js';
import type { ToolRegistry } from '../../agents/llm/tools.js';
import { createJiebaSegmenter } from '../../agents/nlu/segmenter.js';
import type { Providers } from '../../agents/ports/providers.js';
import type { PlanRepository, UserRepository } from '../../agents/ports/repositories.js';
import { createTravelToolRegistry } from '../../agents/tools/travel-tools.js';
import { chinesePlaceNames, loadGazetteer } from '../../knowledge/gazetteer/load.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';
import { searchSharedKnowledge } from '../../knowledge/rag/shared.js';

export interface TravelToolsRuntime {
  tools: ToolRegistry;
  providers: Providers;
  plans?: PlanRepository | undefined;
  users?: UserRepository | undefined;
  unavailableHint?: LocalizedText | undefined;
}

/** Builds the registry over the providers (default: the embedded offline bundle) and the store, if any. */
export function createTravelToolsRuntime(
  options: {
    providers?: Providers;
    plans?: PlanRepository | undefined;
    users?: UserRepository | undefined;
    now?: () => Date;
    unavailableHint?: LocalizedText | undefined;
  } = {},
): TravelToolsRuntime {
  const providers = options.providers ?? createOfflineProviders();
  const tools = createTravelToolRegistry({
    providers,
    nlu: { gazetteer: loadGazetteer(), segmenter: createJiebaSegmenter(chinesePlaceNames()) },
    // search_knowledge runs the knowledge base's hybrid retrieval (BM25 offline by default).
    knowledgeBase: (q) => searchSharedKnowledge(q),
    ...(options.now ? { now: options.now } : {}),
    ...(options.plans ? { plans: options.plans } : {}),
    ...(options.users ? { users: options.users } : {}),
    ...(options.unavailableHint ? { unavailableHint: options.unavailableHint } : {}),
  });
  return {
    tools,
    providers,
    plans: options.plans,
    users: options.users,
    unavailableHint: options.unavailableHint,
  };
}
