/**
 * `searchKnowledge`: the one entry point the REST route, the MCP tool `search_knowledge` and the
 * chat agent's tool call. Validates the input (bilingual errors), runs the retriever and returns
 * passages with the document ids to cite.
 */
import { ValidationError } from '../errors.js';
import { KnowledgeSearchRequest, type KnowledgeSearchResponse } from '../schemas/knowledge.js';
import type { KnowledgeRetriever } from './retrieval.js';

/**
 * Searches the knowledge base.
 * @throws ValidationError (bilingual message, field details) on bad input.
 */
export async function searchKnowledge(
  retriever: KnowledgeRetriever,
  input: unknown,
): Promise<KnowledgeSearchResponse> {
  const parsed = KnowledgeSearchRequest.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError('Invalid knowledge search', {
      text: {
        zh: '知识库搜索参数无效：query 必填（1-500 字），limit 为 1-20，lang 为 zh 或 en，city 为城市 id（如 paris）',
        en: 'Invalid knowledge search: query is required (1-500 characters), limit is 1-20, lang is zh or en, city is a city id (e.g. paris)',
      },
      details: parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'query', message: i.message })),
    });
  }
  const req = parsed.data;
  const answer = await retriever.search({
    query: req.query,
    city: req.city ?? undefined,
    lang: req.lang ?? undefined,
    category: req.category ?? undefined,
    limit: req.limit,
  });
  return {
    query: req.query,
    noAnswer: answer.noAnswer,
    results: answer.hits.map((h) => ({
      docId: h.docId,
      chunkId: h.id,
      title: h.title,
      text: h.text,
      score: h.score,
      lang: h.lang,
      city: h.city,
      category: h.category,
      topic: h.topic,
      source: h.source,
      sourceUrl: h.sourceUrl,
      lastChecked: h.lastChecked,
      unverified: h.unverified,
    })),
  };
}
