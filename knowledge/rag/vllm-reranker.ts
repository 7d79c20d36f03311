/**
 * The Reranker adapter for vLLM's `POST {baseUrl}/rerank` (Jina/Cohere-style; BAAI/bge-reranker-v2-m3
 * with `--runner pooling` in AWS): sends the query and the candidates' `title + text`, returns one
 * `relevance_score` per candidate in input order.
 */
import type { RerankCandidate, Reranker } from '../../agents/ports/knowledge-base.js';

export interface VllmRerankerOptions {
  /** Server base URL, with or without `/v1` (vLLM serves `/rerank`, `/v1/rerank` and `/v2/rerank`). */
  baseUrl: string;
  model: string;
  apiKey?: string | undefined;
  timeoutMs?: number | undefined;
}

export class VllmReranker implements Reranker {
  readonly name: string;

  constructor(private readonly options: VllmRerankerOptions) {
    this.name = `vllm:${options.model}`;
  }

  async rerank(query: string, candidates: readonly RerankCandidate[]): Promise<number[]> {
    if (candidates.length === 0) return [];
    const res = await fetch(`${this.options.baseUrl.replace(/\/+$/, '')}/rerank`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: this.options.model,
        query,
        documents: candidates.map((c) => `${c.title}\n${c.text}`),
        top_n: candidates.length,
      }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`rerank request failed: HTTP ${res.status} ${text.slice(0, 200)}`);
    const body = JSON.parse(text) as { results?: { index?: unknown; relevance_score?: unknown }[] };
    if (!Array.isArray(body.results)) throw new Error('rerank response has no results');
    const scores = new Array<number>(candidates.length).fill(Number.NEGATIVE_INFINITY);
    for (const r of body.results) {
      if (
        typeof r.index !== 'number' ||
        r.index < 0 ||
        r.index >= candidates.length ||
        typeof r.relevance_score !== 'number'
      ) {
        throw new Error('rerank response holds a malformed result');
      }
      scores[r.index] = r.relevance_score;
    }
    return scores;
  }
}
