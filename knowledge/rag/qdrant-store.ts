/**
 * The Qdrant adapter of the VectorStore port (`@qdrant/js-client-rest`).
 *
 * Layout: one collection per layout version, named `<alias>-v<LAYOUT>-d<dims>` (dims 0 = sparse
 * only), reached through the alias `<alias>` (default `knowledge`). Named vectors: `sparse`
 * (BM25 weights from ingestion, `modifier: idf` so Qdrant applies the IDF) and, with an embedder,
 * `dense` (cosine). Keyword payload indexes on `city`, `lang`, `category`, `topic`, `doc_id`.
 *
 * Migration: when the wanted layout (e.g. another embedding size) differs from the collection the
 * alias points at, ensureCollection creates the new collection, moves the alias in one atomic
 * alias update and drops the old collection; ingestion then fills it (every content hash is new).
 *
 * Queries use the Query API: sparse only, or `prefetch` [sparse, dense] fused with `rrf` (k 60,
 * the embedded store's constant), with the payload filter on every prefetch and the fused query.
 */
import { createHash } from 'node:crypto';
import { QdrantClient } from '@qdrant/js-client-rest';
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
import { RRF_K } from './embedded-store.js';

/** Bump when the collection layout changes (vectors, indexes). */
export const QDRANT_LAYOUT_VERSION = 1;
const INDEXED_FIELDS = ['city', 'lang', 'category', 'topic', 'doc_id'] as const;

export interface QdrantStoreOptions {
  url: string;
  apiKey?: string | undefined;
  /** Alias the collection is reached through (default `knowledge`). */
  collection?: string | undefined;
  /** How long term statistics are cached, ms (default 60 000). */
  statisticsTtlMs?: number | undefined;
  /** Page size of scrolls (default 256). */
  pageSize?: number | undefined;
}

/** The payload stored with every point (snake_case, as the rest of the wire). */
interface Payload {
  chunk_id: string;
  doc_id: string;
  group_id: string;
  position: number;
  title: string;
  text: string;
  lang: 'zh' | 'en';
  city: string | null;
  country: string | null;
  category: string;
  topic: string;
  source: string;
  source_url: string | null;
  last_checked: string;
  unverified: boolean;
  content_hash: string;
}

/** Deterministic point id (a UUID from the chunk id: Qdrant ids are integers or UUIDs). */
export function pointId(chunkId: string): string {
  const h = createHash('sha1').update(chunkId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function toPayload(c: KnowledgeChunk): Payload {
  return {
    chunk_id: c.id,
    doc_id: c.docId,
    group_id: c.groupId,
    position: c.position,
    title: c.title,
    text: c.text,
    lang: c.lang,
    city: c.city,
    country: c.country,
    category: c.category,
    topic: c.topic,
    source: c.source,
    source_url: c.sourceUrl,
    last_checked: c.lastChecked,
    unverified: c.unverified,
    content_hash: c.contentHash,
  };
}

function fromPayload(p: Payload): KnowledgeChunk {
  return {
    id: p.chunk_id,
    docId: p.doc_id,
    groupId: p.group_id,
    position: p.position,
    title: p.title,
    text: p.text,
    lang: p.lang,
    city: p.city,
    country: p.country,
    category: p.category,
    topic: p.topic,
    source: p.source,
    sourceUrl: p.source_url,
    lastChecked: p.last_checked,
    unverified: p.unverified,
    contentHash: p.content_hash,
  };
}

function toFilter(f: ChunkFilter | undefined) {
  const must = (['city', 'lang', 'category', 'topic'] as const)
    .filter((k) => f?.[k] !== undefined)
    .map((k) => ({ key: k, match: { value: f![k]! } }));
  return must.length > 0 ? { must } : undefined;
}

export class QdrantVectorStore implements VectorStore {
  readonly client: QdrantClient;
  private readonly alias: string;
  private stats: { at: number; value: TermStatistics } | undefined;

  constructor(private readonly options: QdrantStoreOptions) {
    this.client = new QdrantClient({ url: options.url, apiKey: options.apiKey, checkCompatibility: false });
    this.alias = options.collection ?? 'knowledge';
  }

  /** The collection name for a layout. */
  collectionFor(spec: CollectionSpec): string {
    return `${this.alias}-v${QDRANT_LAYOUT_VERSION}-d${spec.denseDimensions ?? 0}`;
  }

  async ensureCollection(spec: CollectionSpec): Promise<void> {
    const wanted = this.collectionFor(spec);
    const aliases = await this.client.getAliases();
    const current = aliases.aliases.find((a) => a.alias_name === this.alias)?.collection_name;
    if (current !== wanted) {
      const { exists } = await this.client.collectionExists(wanted);
      if (!exists) {
        await this.client.createCollection(wanted, {
          ...(spec.denseDimensions
            ? { vectors: { dense: { size: spec.denseDimensions, distance: 'Cosine' } } }
            : { vectors: {} }),
          sparse_vectors: { sparse: { modifier: 'idf' } },
        });
      }
      await this.client.updateCollectionAliases({
        actions: [
          ...(current ? [{ delete_alias: { alias_name: this.alias } }] : []),
          { create_alias: { collection_name: wanted, alias_name: this.alias } },
        ],
      });
      if (current) await this.client.deleteCollection(current);
    }
    const info = await this.client.getCollection(wanted);
    for (const field of INDEXED_FIELDS) {
      if (info.payload_schema?.[field]) continue;
      await this.client.createPayloadIndex(wanted, {
        field_name: field,
        field_schema: 'keyword',
        wait: true,
      });
    }
    this.stats = undefined;
  }

  private async *scrollAll(
    withVector: boolean,
  ): AsyncGenerator<{ payload: Payload; sparse?: { indices: number[] } }> {
    let offset: string | number | undefined | null = undefined;
    do {
      const page = await this.client.scroll(this.alias, {
        limit: this.options.pageSize ?? 256,
        with_payload: withVector ? ['chunk_id'] : ['chunk_id', 'content_hash'],
        with_vector: withVector ? ['sparse'] : false,
        ...(offset !== undefined && offset !== null ? { offset } : {}),
      });
      for (const p of page.points) {
        const vec = (p.vector as Record<string, unknown> | undefined)?.sparse as
          { indices: number[] } | undefined;
        yield { payload: p.payload as unknown as Payload, ...(vec ? { sparse: vec } : {}) };
      }
      offset = page.next_page_offset as string | number | null | undefined;
    } while (offset !== undefined && offset !== null);
  }

  async contentHashes(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for await (const p of this.scrollAll(false)) out.set(p.payload.chunk_id, p.payload.content_hash);
    return out;
  }

  async upsert(chunks: readonly IndexedChunk[]): Promise<void> {
    if (chunks.length === 0) return;
    await this.client.upsert(this.alias, {
      wait: true,
      points: chunks.map((c) => ({
        id: pointId(c.id),
        vector: {
          sparse: { indices: c.sparse.indices, values: c.sparse.values },
          ...(c.dense ? { dense: c.dense } : {}),
        },
        payload: toPayload(c) as unknown as Record<string, unknown>,
      })),
    });
    this.stats = undefined;
  }

  async delete(chunkIds: readonly string[]): Promise<void> {
    if (chunkIds.length === 0) return;
    await this.client.delete(this.alias, { wait: true, points: chunkIds.map(pointId) });
    this.stats = undefined;
  }

  async count(): Promise<number> {
    return (await this.client.count(this.alias, { exact: true })).count;
  }

  async statistics(): Promise<TermStatistics> {
    const ttl = this.options.statisticsTtlMs ?? 60_000;
    if (this.stats && Date.now() - this.stats.at < ttl) return this.stats.value;
    const df = new Map<number, number>();
    let total = 0;
    for await (const p of this.scrollAll(true)) {
      total++;
      for (const i of p.sparse?.indices ?? []) df.set(i, (df.get(i) ?? 0) + 1);
    }
    const value: TermStatistics = { total, documentFrequency: (i) => df.get(i) ?? 0 };
    this.stats = { at: Date.now(), value };
    return value;
  }

  async query(q: ChunkQuery): Promise<ScoredChunk[]> {
    const filter = toFilter(q.filter);
    const sparse = { indices: q.sparse.indices, values: q.sparse.values };
    const per = q.prefetchLimit ?? q.limit;
    const res = q.dense
      ? await this.client.query(this.alias, {
          prefetch: [
            { query: sparse, using: 'sparse', limit: per, ...(filter ? { filter } : {}) },
            { query: q.dense, using: 'dense', limit: per, ...(filter ? { filter } : {}) },
          ],
          query: { rrf: { k: RRF_K } },
          ...(filter ? { filter } : {}),
          limit: q.limit,
          with_payload: true,
        })
      : await this.client.query(this.alias, {
          query: sparse,
          using: 'sparse',
          ...(filter ? { filter } : {}),
          limit: q.limit,
          with_payload: true,
        });
    return res.points.map((p) => ({ chunk: fromPayload(p.payload as unknown as Payload), score: p.score }));
  }
}

/** IDF as Qdrant applies it (exported for the test double, which must score the same way). */
export const qdrantIdf = bm25Idf;
