/**
 * The Embedder adapter for OpenAI-compatible `POST {baseUrl}/embeddings` (vLLM serving
 * BAAI/bge-m3 in AWS, `--runner pooling`). Sends batches, asks for float vectors, returns them in
 * input order (by `index`), and fails with a clear error on an HTTP error or a malformed answer.
 */
import type { Embedder } from '../../agents/ports/knowledge-base.js';

export interface OpenAiEmbedderOptions {
  /** Base URL ending in `/v1`, e.g. `http://vllm:8000/v1`. */
  baseUrl: string;
  model: string;
  apiKey?: string | undefined;
  /** Requested dimensions (only for models that support it). */
  dimensions?: number | undefined;
  /** Texts per request (default 64). */
  batchSize?: number | undefined;
  /** Per-request timeout, ms (default 30 000). */
  timeoutMs?: number | undefined;
  /** Prefix for query texts (instruction-tuned models); bge-m3 needs none. */
  queryPrefix?: string | undefined;
}

export class EmbeddingError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'EmbeddingError';
  }
}

export class OpenAiEmbedder implements Embedder {
  readonly model: string;

  constructor(private readonly options: OpenAiEmbedderOptions) {
    this.model = options.model;
  }

  async embed(texts: readonly string[], kind: 'query' | 'document'): Promise<number[][]> {
    const out: number[][] = [];
    const size = this.options.batchSize ?? 64;
    for (let i = 0; i < texts.length; i += size) {
      const batch = texts
        .slice(i, i + size)
        .map((t) => (kind === 'query' ? `${this.options.queryPrefix ?? ''}${t}` : t));
      out.push(...(await this.request(batch)));
    }
    return out;
  }

  private async request(input: string[]): Promise<number[][]> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/embeddings`;
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: this.model,
        input,
        encoding_format: 'float',
        ...(this.options.dimensions ? { dimensions: this.options.dimensions } : {}),
      }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
    });
    const text = await res.text();
    if (!res.ok)
      throw new EmbeddingError(
        `embeddings request failed: HTTP ${res.status} ${text.slice(0, 200)}`,
        res.status,
      );
    let body: { data?: { index?: number; embedding?: unknown }[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new EmbeddingError('embeddings response is not JSON');
    }
    const data = body.data;
    if (!Array.isArray(data) || data.length !== input.length) {
      throw new EmbeddingError(
        `embeddings response has ${Array.isArray(data) ? data.length : 'no'} vectors for ${input.length} inputs`,
      );
    }
    const vectors: number[][] = new Array<number[]>(input.length);
    data.forEach((d, k) => {
      const v = d.embedding;
      if (
        !Array.isArray(v) ||
        v.length === 0 ||
        !v.every((x) => typeof x === 'number' && Number.isFinite(x))
      ) {
        throw new EmbeddingError('embeddings response holds a vector that is not an array of finite numbers');
      }
      vectors[typeof d.index === 'number' ? d.index : k] = v as number[];
    });
    const dims = vectors[0]!.length;
    if (vectors.some((v) => !v || v.length !== dims))
      throw new EmbeddingError('embeddings response vectors differ in length');
    return vectors;
  }
}
