/**
 * One knowledge runtime per process, shared by the local guide's KnowledgeProvider, the REST
 * route and the tools. Built from the environment on first use; with the embedded store the
 * corpus is ingested in memory then (about 1-2 s, once), with Qdrant only when
 * `KNOWLEDGE_INGEST_ON_START=true` (the docker compose path; in AWS the ingestion Lambda or
 * `npm run knowledge -- ingest` keeps the collection up to date; ingestion is idempotent).
 */
import { searchKnowledge } from '../../agents/knowledge/search.js';
import type { KnowledgeSearchResponse } from '../../agents/schemas/knowledge.js';
import { createKnowledgeRuntime, type KnowledgeRuntime } from './runtime.js';

let shared: Promise<KnowledgeRuntime> | undefined;

export function sharedKnowledge(
  env: Record<string, string | undefined> = process.env,
): Promise<KnowledgeRuntime> {
  if (!shared) {
    const building = (async () => {
      const runtime = createKnowledgeRuntime({ env });
      if ((env.KNOWLEDGE_STORE ?? 'embedded') === 'embedded' || env.KNOWLEDGE_INGEST_ON_START === 'true') {
        await runtime.ingest();
      }
      return runtime;
    })();
    shared = building;
    building.catch(() => {
      if (shared === building) shared = undefined;
    });
  }
  return shared;
}

/** Drops the shared runtime (tests). */
export function resetSharedKnowledge(): void {
  shared = undefined;
}

/**
 * Searches the process-wide knowledge base (validated input, bilingual errors, cited passages):
 * what the REST route, the MCP `search_knowledge` tool and the chat's tool call run.
 */
export async function searchSharedKnowledge(
  input: unknown,
  env: Record<string, string | undefined> = process.env,
): Promise<KnowledgeSearchResponse> {
  return searchKnowledge((await sharedKnowledge(env)).retriever, input);
}
