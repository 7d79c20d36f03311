/**
 * Knowledge-base (RAG) ports: the chunk store, the embedder and the reranker that the retrieval
 * service ({@link ../knowledge/retrieval.ts}) composes. Adapters live outside `agents/`:
 * knowledge/rag/embedded-store.ts (in-process, the default), knowledge/rag/qdrant-store.ts
 * (Qdrant through @qdrant/js-client-rest), knowledge/rag/openai-embedder.ts (`/v1/embeddings`) and
 * knowledge/rag/vllm-reranker.ts (`/rerank`).
 *
 * Sparse vectors are BM25 term weights keyed by a 32-bit hash of the term (see
 * agents/knowledge/analyzer.ts); the store applies the inverse document frequency at query time
 * (Qdrant's `modifier: idf`), so a chunk's vector never changes when other chunks are added.
 */

/** Languages documents are written in. */
export type KnowledgeLanguage = 'zh' | 'en';

/** A sparse vector: parallel arrays of unique term indices (uint32) and weights. */
export interface SparseVector {
  indices: number[];
  values: number[];
}

/** One retrievable piece of a document, with the payload every store keeps beside its vectors. */
export interface KnowledgeChunk {
  /** Stable chunk id: `<docId>#<position>`. */
  id: string;
  /** The document (one language version) the chunk comes from, e.g. `paris.guide.transport.en`. */
  docId: string;
  /** The language-independent document id both translations share, e.g. `paris.guide.transport`. */
  groupId: string;
  /** 0-based position of the chunk in its document. */
  position: number;
  title: string;
  text: string;
  lang: KnowledgeLanguage;
  /** Curated city id (`paris`), or null for documents about a country or no place. */
  city: string | null;
  /** ISO 3166-1 alpha-2 country of the document, when it has one. */
  country: string | null;
  /** Seed KnowledgeCategory (`destination`, `activity`, `hotel`, `restaurant`, `guide`). */
  category: string;
  /** Finer topic, e.g. `getting-around`, `entry`, `event`, `sight`. */
  topic: string;
  /** Where the facts come from, in words (e.g. "editorial: compiled from public knowledge; not verified live"). */
  source: string;
  sourceUrl: string | null;
  /** `YYYY-MM-DD` the facts were last checked. */
  lastChecked: string;
  /** True when the facts are editorial and not verified against the official source. */
  unverified: boolean;
  /** SHA-256 of everything above that ingestion derives vectors and payload from. */
  contentHash: string;
}

/** A chunk with its vectors, as ingestion upserts it. */
export interface IndexedChunk extends KnowledgeChunk {
  sparse: SparseVector;
  /** Dense embedding, when an embedder is configured. */
  dense?: number[] | undefined;
}

/** Payload filters; every set field must match. */
export interface ChunkFilter {
  city?: string | undefined;
  lang?: KnowledgeLanguage | undefined;
  category?: string | undefined;
  topic?: string | undefined;
}

/** A hybrid query: the sparse leg always, the dense leg when a query vector is given; fused with RRF. */
export interface ChunkQuery {
  sparse: SparseVector;
  dense?: number[] | undefined;
  filter?: ChunkFilter | undefined;
  /** How many fused hits to return. */
  limit: number;
  /** How many hits each leg contributes before fusion (default: `limit`). */
  prefetchLimit?: number | undefined;
}

/** A hit: the chunk and its score (the sparse score, or the RRF score when both legs ran). */
export interface ScoredChunk {
  chunk: KnowledgeChunk;
  score: number;
}

/** Corpus statistics the retrieval service reads (for the no-answer test and rerank weights). */
export interface TermStatistics {
  /** Chunks in the store. */
  readonly total: number;
  /** Chunks containing the term index (0 when none). */
  documentFrequency(index: number): number;
}

/** The collection layout a store is asked to provide. */
export interface CollectionSpec {
  /** Dimensions of the dense vector; absent when no embedder is configured (sparse only). */
  denseDimensions?: number | undefined;
}

/**
 * Where chunks and their vectors live. Implementations must rank a sparse query by
 * `Σ query weight × idf(term) × chunk weight` with `idf = ln(1 + (N - df + 0.5) / (df + 0.5))`,
 * rank a dense query by cosine similarity, and fuse both legs with reciprocal rank fusion
 * (`Σ 1 / (k + rank)`, k = 2 as in Qdrant) so every adapter returns the same order.
 */
export interface VectorStore {
  /** Creates the collection (or migrates it to `spec`) with payload indexes on city, lang, category, topic. */
  ensureCollection(spec: CollectionSpec): Promise<void>;
  /** Content hash of every stored chunk, by chunk id (for idempotent ingestion). */
  contentHashes(): Promise<Map<string, string>>;
  upsert(chunks: readonly IndexedChunk[]): Promise<void>;
  delete(chunkIds: readonly string[]): Promise<void>;
  query(query: ChunkQuery): Promise<ScoredChunk[]>;
  /** Term statistics of the stored sparse vectors. */
  statistics(): Promise<TermStatistics>;
  count(): Promise<number>;
}

/** Turns text into dense vectors (OpenAI-compatible `/v1/embeddings`, e.g. BAAI/bge-m3 on vLLM). */
export interface Embedder {
  /** Model name, stored beside the vectors. */
  readonly model: string;
  /** One vector per text, in order. `kind` lets instruction-tuned models prefix queries. */
  embed(texts: readonly string[], kind: 'query' | 'document'): Promise<number[][]>;
}

/** A candidate handed to a reranker. */
export interface RerankCandidate {
  title: string;
  text: string;
  /** First-stage score (sparse or fused). */
  score: number;
}

/** Scores (query, candidate) pairs; higher is more relevant. */
export interface Reranker {
  readonly name: string;
  /** One score per candidate, in order. */
  rerank(query: string, candidates: readonly RerankCandidate[]): Promise<number[]>;
}
