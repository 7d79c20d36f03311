/**
 * The embedded vector store (the default for `npm start`, the CLI and tests): an in-process
 * inverted index over the BM25 sparse vectors plus brute-force cosine over dense vectors, fused
 * with reciprocal rank fusion — the same scoring the Qdrant adapter asks Qdrant for (sparse dot
 * product with the `idf` modifier, cosine, RRF), so both adapters rank alike.
 *
 * Why not Orama: Orama tokenises and scores text itself (its own BM25 over its own tokenizer),
 * so it would rank differently from Qdrant, which scores the sparse vectors ingestion computes;
 * scoring those same vectors here keeps one behaviour behind the port, and an inverted index over
 * 10-20k chunks is small enough to keep in memory (see test/bench/rag.bench.ts for its latency).
 *
 * Optionally persisted to a JSON file (`path`): written after every change, read at construction,
 * so `npm run knowledge -- ingest` is idempotent across runs.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { bm25Idf } from '../../agents/knowledge/analyzer.js';
import type {
  ChunkFilter,
  ChunkQuery,
  CollectionSpec,
  IndexedChunk,
  KnowledgeChunk,
  ScoredChunk,
  TermStatistics,
  VectorStore,
} from '../../agents/ports/knowledge-base.js';

/** RRF constant shared by both adapters. */
export const RRF_K = 60;

interface Index {
  chunks: IndexedChunk[];
  postings: Map<number, { rows: number[]; weights: number[] }>;
  norms: Float64Array;
  dense: (Float32Array | null)[];
  byField: Record<keyof ChunkFilter, Map<string, Uint8Array>>;
}

export interface EmbeddedStoreOptions {
  /** JSON file to persist to; in memory only when absent. */
  path?: string | undefined;
}

export class EmbeddedVectorStore implements VectorStore {
  private readonly chunks = new Map<string, IndexedChunk>();
  private spec: CollectionSpec = {};
  private index: Index | undefined;

  constructor(private readonly options: EmbeddedStoreOptions = {}) {
    if (options.path && existsSync(options.path)) {
      const saved = JSON.parse(readFileSync(options.path, 'utf8')) as {
        spec: CollectionSpec;
        chunks: IndexedChunk[];
      };
      this.spec = saved.spec ?? {};
      for (const c of saved.chunks) this.chunks.set(c.id, c);
    }
  }

  async ensureCollection(spec: CollectionSpec): Promise<void> {
    // Migration: a different dense size invalidates every stored vector; drop them all.
    if ((spec.denseDimensions ?? null) !== (this.spec.denseDimensions ?? null) && this.chunks.size > 0) {
      this.chunks.clear();
    }
    this.spec = { ...spec };
    this.changed();
  }

  async contentHashes(): Promise<Map<string, string>> {
    return new Map([...this.chunks.values()].map((c) => [c.id, c.contentHash]));
  }

  async upsert(chunks: readonly IndexedChunk[]): Promise<void> {
    for (const c of chunks) {
      if (this.spec.denseDimensions && c.dense && c.dense.length !== this.spec.denseDimensions) {
        throw new Error(
          `chunk ${c.id}: dense vector has ${c.dense.length} dimensions, expected ${this.spec.denseDimensions}`,
        );
      }
      this.chunks.set(c.id, c);
    }
    if (chunks.length > 0) this.changed();
  }

  async delete(chunkIds: readonly string[]): Promise<void> {
    let n = 0;
    for (const id of chunkIds) if (this.chunks.delete(id)) n++;
    if (n > 0) this.changed();
  }

  async count(): Promise<number> {
    return this.chunks.size;
  }

  async statistics(): Promise<TermStatistics> {
    const idx = this.build();
    return {
      total: idx.chunks.length,
      documentFrequency: (i: number) => idx.postings.get(i)?.rows.length ?? 0,
    };
  }

  async query(q: ChunkQuery): Promise<ScoredChunk[]> {
    const idx = this.build();
    const n = idx.chunks.length;
    if (n === 0) return [];
    const allowed = this.allowed(idx, q.filter);
    const per = q.prefetchLimit ?? q.limit;

    // Sparse leg: Σ query weight × idf × chunk weight over the postings of the query terms.
    const scores = new Float64Array(n);
    const touched: number[] = [];
    q.sparse.indices.forEach((term, k) => {
      const p = idx.postings.get(term);
      if (!p) return;
      const w = q.sparse.values[k]! * bm25Idf(n, p.rows.length);
      for (let j = 0; j < p.rows.length; j++) {
        const row = p.rows[j]!;
        if (allowed && !allowed[row]) continue;
        if (scores[row] === 0) touched.push(row);
        scores[row] = scores[row]! + w * p.weights[j]!;
      }
    });
    const sparseHits = topK(
      touched.map((row) => ({ row, score: scores[row]! })),
      per,
      idx,
    );

    if (!q.dense)
      return sparseHits
        .slice(0, q.limit)
        .map((h) => ({ chunk: payload(idx.chunks[h.row]!), score: h.score }));

    // Dense leg: cosine over every allowed chunk with a vector.
    const qv = Float32Array.from(q.dense);
    const qn = Math.hypot(...qv) || 1;
    const denseScored: { row: number; score: number }[] = [];
    for (let row = 0; row < n; row++) {
      const v = idx.dense[row];
      if (!v || (allowed && !allowed[row])) continue;
      let dot = 0;
      for (let i = 0; i < v.length; i++) dot += v[i]! * qv[i]!;
      denseScored.push({ row, score: dot / ((idx.norms[row] || 1) * qn) });
    }
    const denseHits = topK(denseScored, per, idx);
    return rrf([sparseHits, denseHits], q.limit).map((h) => ({
      chunk: payload(idx.chunks[h.row]!),
      score: h.score,
    }));
  }

  private allowed(idx: Index, filter: ChunkFilter | undefined): Uint8Array | undefined {
    if (!filter) return undefined;
    let mask: Uint8Array | undefined;
    for (const key of ['city', 'lang', 'category', 'topic'] as const) {
      const value = filter[key];
      if (value === undefined) continue;
      const m = idx.byField[key].get(value) ?? new Uint8Array(idx.chunks.length);
      if (!mask) mask = Uint8Array.from(m);
      else for (let i = 0; i < mask.length; i++) mask[i] = mask[i]! & m[i]!;
    }
    return mask;
  }

  private changed(): void {
    this.index = undefined;
    if (this.options.path) {
      mkdirSync(dirname(this.options.path), { recursive: true });
      const tmp = `${this.options.path}.tmp`;
      writeFileSync(tmp, JSON.stringify({ spec: this.spec, chunks: [...this.chunks.values()] }));
      renameSync(tmp, this.options.path);
    }
  }

  private build(): Index {
    if (this.index) return this.index;
    const chunks = [...this.chunks.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const postings = new Map<number, { rows: number[]; weights: number[] }>();
    const norms = new Float64Array(chunks.length);
    const dense: (Float32Array | null)[] = [];
    const byField: Index['byField'] = {
      city: new Map(),
      lang: new Map(),
      category: new Map(),
      topic: new Map(),
    };
    chunks.forEach((c, row) => {
      c.sparse.indices.forEach((term, k) => {
        let p = postings.get(term);
        if (!p) postings.set(term, (p = { rows: [], weights: [] }));
        p.rows.push(row);
        p.weights.push(c.sparse.values[k]!);
      });
      const v = c.dense ? Float32Array.from(c.dense) : null;
      dense.push(v);
      norms[row] = v ? Math.hypot(...v) : 0;
      for (const key of ['city', 'lang', 'category', 'topic'] as const) {
        const value = c[key];
        if (value === null) continue;
        let m = byField[key].get(value);
        if (!m) byField[key].set(value, (m = new Uint8Array(chunks.length)));
        m[row] = 1;
      }
    });
    this.index = { chunks, postings, norms, dense, byField };
    return this.index;
  }
}

function topK(
  hits: { row: number; score: number }[],
  k: number,
  idx: Index,
): { row: number; score: number }[] {
  hits.sort((a, b) => b.score - a.score || (idx.chunks[a.row]!.id < idx.chunks[b.row]!.id ? -1 : 1));
  return hits.slice(0, k);
}

/** Reciprocal rank fusion of ranked lists (ties by first appearance). */
export function rrf<T extends { row: number }>(
  lists: T[][],
  limit: number,
): { row: number; score: number }[] {
  const score = new Map<number, number>();
  for (const list of lists) {
    list.forEach((h, rank) => score.set(h.row, (score.get(h.row) ?? 0) + 1 / (RRF_K + rank + 1)));
  }
  return [...score.entries()]
    .map(([row, s]) => ({ row, score: s }))
    .sort((a, b) => b.score - a.score || a.row - b.row)
    .slice(0, limit);
}

function payload(c: IndexedChunk): KnowledgeChunk {
  const { sparse: _s, dense: _d, ...chunk } = c;
  return chunk;
}
