/**
 * What the travel tools run over: the provider bundle and, for the user-scoped tools, the
 * repositories. Everything is injected, so one set of tool definitions serves the MCP server
 * (stdio and HTTP), the chat agent's LLM tool calls and tests alike.
 */
import type { LocalizedText } from '../errors.js';
import type { Gazetteer } from '../nlu/gazetteer.js';
import type { Segmenter } from '../nlu/text.js';
import type { KnowledgeSnippet, Providers } from '../ports/providers.js';
import type { KnowledgeSearchResponse } from '../schemas/knowledge.js';
import type { PlanRepository, UserRepository } from '../ports/repositories.js';
import type { PlanEditor } from './plan-edits.js';

/** Knowledge retrieval as the tools see it (the curated provider today, the knowledge base later). */
export interface KnowledgeSearchPort {
  search(query: {
    text: string;
    city?: string;
    language?: 'zh' | 'en';
    limit?: number;
  }): Promise<KnowledgeSnippet[]>;
}

/** The ports of the travel tools. Only `providers` is required. */
export interface TravelToolPorts {
  providers: Providers;
  /** Injectable clock (today for relative dates, plan timestamps). Default: the system clock. */
  now?: () => Date;
  /** Understanding free text (`plan_itinerary` with `text`); without it only structured requests plan. */
  nlu?: { gazetteer: Gazetteer; segmenter?: Segmenter };
  /** The plan store; `get_plan` / `edit_plan` / stored `verify_plan` need it (and a user). */
  plans?: PlanRepository;
  /** Profiles (the caller's preferences). */
  users?: UserRepository;
  /**
   * The knowledge base's search (agents/knowledge/search.ts over the retriever of knowledge/rag:
   * BM25 with the bilingual term bridge offline, dense vectors and a reranker when configured;
   * `searchSharedKnowledge` in knowledge/rag/shared.ts): what `search_knowledge` runs, with
   * sources. Takes a KnowledgeSearchRequest. Without it the tool falls back to
   * {@link TravelToolPorts.knowledge}.
   */
  knowledgeBase?: (request: {
    query: string;
    city?: string;
    lang?: 'zh' | 'en';
    limit?: number;
  }) => Promise<KnowledgeSearchResponse>;
  /** Knowledge search when no knowledge base is wired; default: `providers.knowledge`. */
  knowledge?: KnowledgeSearchPort;
  /** How `edit_plan` applies an edit; default: {@link defaultPlanEditor} (plan-edits.ts). */
  editor?: PlanEditor;
  /**
   * What to tell a caller when a user-scoped tool cannot run here (no store or no user), e.g.
   * which environment variables the MCP stdio server needs. Appended to the error message.
   */
  unavailableHint?: LocalizedText;
}
