/**
 * The retrieval service over the knowledge base (pure: every dependency is a port). One search:
 *
 * 1. analyse the query (jieba terms for Chinese, the standard analyser for English) and add the
 *    other language's terms through the {@link TermBridge};
 * 2. build the sparse query (own terms weight 1, bridged terms {@link BRIDGE_WEIGHT}) and, when an
 *    {@link Embedder} is configured, the dense query vector;
 * 3. ask the {@link VectorStore} for candidates (hybrid: both legs fused with RRF; filters by city,
 *    language, category, topic);
 * 4. rerank them (a cross-encoder {@link Reranker} when configured, else the lexical scorer);
 * 5. drop candidates that cover too little of the query (IDF-weighted, bridged terms included) —
 *    when none is left the answer is "nothing in the base" (`noAnswer`);
 * 6. keep one hit per document (the translations of a document count once; the query's language
 *    wins a near tie) and return the best `limit`.
 */
import type {
  ChunkFilter,
  Embedder,
  KnowledgeChunk,
  KnowledgeLanguage,
  Reranker,
  SparseVector,
  VectorStore,
} from '../ports/knowledge-base.js';
import { detectLanguage, foldText, termIndex, type TextAnalyzer } from './analyzer.js';
import {
  analyseQuery,
  candidateTerms,
  coverage,
  lexicalScore,
  type AnalysedQuery,
  type CandidateTerms,
} from './lexical-reranker.js';
import type { TermBridge } from './term-bridge.js';

export { BRIDGE_WEIGHT } from './lexical-reranker.js';

/** Score factor of a candidate about none of the places the query names. */
export const OTHER_PLACE_FACTOR = 0.5;

/** One retrieval hit: the chunk, its score (0..1 for the built-in reranker) and its query coverage. */
export interface KnowledgeHit extends KnowledgeChunk {
  score: number;
  /** Weighted share of the query's concepts the chunk contains, 0..1. */
  coverage: number;
}

export interface KnowledgeQuery {
  query: string;
  city?: string | undefined;
  lang?: KnowledgeLanguage | undefined;
  category?: string | undefined;
  topic?: string | undefined;
  /** Default 5. */
  limit?: number | undefined;
}

export interface KnowledgeAnswer {
  hits: KnowledgeHit[];
  /** True when no chunk covers enough of the query: the base has no answer. */
  noAnswer: boolean;
  /** Language detected in the query. */
  queryLanguage: KnowledgeLanguage;
}

export interface RetrieverOptions {
  store: VectorStore;
  analyzer: TextAnalyzer;
  bridge?: TermBridge | undefined;
  embedder?: Embedder | undefined;
  /** A cross-encoder; the lexical scorer when absent. */
  reranker?: Reranker | undefined;
  /** Candidates fetched before reranking (default 40). */
  candidates?: number | undefined;
  /** Least query coverage a hit needs (default 0.3). */
  minCoverage?: number | undefined;
}

export class KnowledgeRetriever {
  private readonly candidates: number;
  private readonly minCoverage: number;
  /** Analysed chunk terms by content hash (chunks are immutable per hash). */
  private readonly termCache = new Map<string, CandidateTerms>();

  constructor(private readonly options: RetrieverOptions) {
    this.candidates = options.candidates ?? 40;
    this.minCoverage = options.minCoverage ?? 0.3;
  }

  /** Whether dense vectors take part (an embedder is configured). */
  get hybrid(): boolean {
    return this.options.embedder !== undefined;
  }

  private terms(c: KnowledgeChunk): CandidateTerms {
    let t = this.termCache.get(c.contentHash);
    if (!t) {
      if (this.termCache.size > 50_000) this.termCache.clear();
      t = candidateTerms(this.options.analyzer, c.title, c.text);
      this.termCache.set(c.contentHash, t);
    }
    return t;
  }

  async search(q: KnowledgeQuery): Promise<KnowledgeAnswer> {
    const { store, analyzer, bridge, embedder, reranker } = this.options;
    const queryLanguage = detectLanguage(q.query);
    const limit = q.limit ?? 5;
    const stats = await store.statistics();
    const aq = analyseQuery(q.query, analyzer, bridge, stats);
    if (aq.sparse.length === 0) return { hits: [], noAnswer: true, queryLanguage };

    const sparse = sparseQuery(aq.sparse);
    const dense = embedder ? (await embedder.embed([q.query], 'query'))[0] : undefined;
    const filter: ChunkFilter = {};
    if (q.city) filter.city = q.city;
    if (q.lang) filter.lang = q.lang;
    if (q.category) filter.category = q.category;
    if (q.topic) filter.topic = q.topic;
    const found = await store.query({
      sparse,
      dense,
      filter,
      limit: this.candidates,
      prefetchLimit: this.candidates,
    });
    if (found.length === 0) return { hits: [], noAnswer: true, queryLanguage };

    const max = Math.max(0, ...found.map((f) => f.score));
    const scores = reranker
      ? await reranker.rerank(
          q.query,
          found.map((f) => ({ title: f.chunk.title, text: f.chunk.text, score: f.score })),
        )
      : found.map((f) => lexicalScore(aq, this.terms(f.chunk), f.score, max));
    const hits: (KnowledgeHit & { aboutPlace: boolean })[] = found.map((f, i) => {
      const terms = this.terms(f.chunk);
      const aboutPlace = aq.places.length === 0 || aq.places.some((p) => isAbout(f.chunk, p, terms.all));
      // The query's own language wins a near tie between translations of one document.
      const sameLanguage = f.chunk.lang === queryLanguage ? 0.01 : 0;
      const score = ((scores[i] ?? 0) + sameLanguage) * (aboutPlace ? 1 : OTHER_PLACE_FACTOR);
      return { ...f.chunk, score, coverage: coverage(aq, terms.all), aboutPlace };
    });
    // A query naming places is answered only by chunks about one of them.
    const kept = hits.filter((h) => h.coverage >= this.minCoverage && h.aboutPlace);
    kept.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    // One hit per document: the translations of a document count once. Without a language filter
    // the version in the query's language is shown when it was retrieved, at the group's best score.
    const byGroup = new Map<string, KnowledgeHit[]>();
    for (const { aboutPlace: _a, ...h } of kept)
      byGroup.set(h.groupId, [...(byGroup.get(h.groupId) ?? []), h]);
    const out: KnowledgeHit[] = [];
    for (const versions of byGroup.values()) {
      const best = versions[0]!;
      const shown = q.lang ? best : (versions.find((v) => v.lang === queryLanguage) ?? best);
      out.push({
        ...shown,
        score: round4(best.score),
        coverage: round4(Math.max(best.coverage, shown.coverage)),
      });
      if (out.length >= limit) break;
    }
    return { hits: out, noAnswer: out.length === 0, queryLanguage };
  }
}

/** Whether a chunk is about a place: same city, a country-wide document of its country, or it names it. */
function isAbout(c: KnowledgeChunk, p: AnalysedQuery['places'][number], terms: ReadonlySet<string>): boolean {
  if (p.city && c.city === p.city) return true;
  if (p.country && c.country === p.country && (c.city === null || !p.city)) return true;
  return (
    p.terms.some((t) => terms.has(t)) || p.terms.some((t) => t.length >= 4 && foldText(c.text).includes(t))
  );
}
/** Sparse query vector from weighted terms (the highest weight wins for a repeated index). */
export function sparseQuery(terms: readonly { term: string; weight: number }[]): SparseVector {
  const m = new Map<number, number>();
  for (const t of terms) {
    const i = termIndex(t.term);
    m.set(i, Math.max(m.get(i) ?? 0, t.weight));
  }
  const entries = [...m.entries()].sort((a, b) => a[0] - b[0]);
  return { indices: entries.map(([i]) => i), values: entries.map(([, v]) => v) };
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
