/**
 * Ingestion: documents -> sentence-aware chunks -> BM25 sparse vectors (+ dense vectors from the
 * embedder, when configured) -> upsert with payload. Idempotent by content hash: a chunk whose
 * hash (payload text + analyser version + embedding model) is already stored is skipped, chunks of
 * removed or shortened documents are deleted.
 */
import { createHash } from 'node:crypto';
import { chunkText } from '../../agents/knowledge/chunker.js';
import type { TextAnalyzer } from '../../agents/knowledge/analyzer.js';
import type {
  Embedder,
  IndexedChunk,
  KnowledgeChunk,
  VectorStore,
} from '../../agents/ports/knowledge-base.js';
import type { KnowledgeRecord } from '../kb/corpus.js';

/** Bump when the analyser or the chunker changes: every chunk is then re-ingested. */
export const ANALYZER_VERSION = 'kb-analyzer-1';

export interface IngestReport {
  documents: number;
  chunks: number;
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /** Wall time of the whole run, ms. */
  elapsedMs: number;
  /** Chunks processed (hashed, and vectorised + upserted when changed) per second. */
  chunksPerSecond: number;
}

export interface IngestOptions {
  store: VectorStore;
  analyzer: TextAnalyzer;
  embedder?: Embedder | undefined;
  /** Dense dimensions (required with an embedder; probed from the first vector otherwise). */
  denseDimensions?: number | undefined;
  /** Upsert / embed batch size (default 128). */
  batchSize?: number | undefined;
  /** Monotonic clock in ms (default performance.now). */
  now?: () => number;
}

/** The chunk a record's text at `position` makes, without its content hash and vector. */
export function chunkFields(
  r: KnowledgeRecord,
  position: number,
  text: string,
): Omit<KnowledgeChunk, 'contentHash' | 'vector'> {
  return {
    id: `${r.id}#${position}`,
    docId: r.id,
    groupId: r.groupId,
    position,
    title: r.title,
    text,
    lang: r.lang,
    city: r.city,
    country: r.country,
    category: r.category,
    topic: r.topic,
    source: r.sourceNote,
    sourceUrl: r.sourceUrl,
    lastChecked: r.lastChecked,
    unverified: r.unverified,
  };
}

/** Chunks of every record, without vectors. */
export function chunkRecords(
  records: readonly KnowledgeRecord[],
  embeddingModel: string | null,
): KnowledgeChunk[] {
  const out: KnowledgeChunk[] = [];
  for (const r of records) {
    chunkText(r.content, r.lang).forEach((text, position) => {
      const base = chunkFields(r, position, text);
      const contentHash = createHash('sha256')
        .update(JSON.stringify([ANALYZER_VERSION, embeddingModel, base]))
        .digest('hex');
      out.push({ ...base, contentHash });
    });
  }
  return out;
}

export async function ingest(
  records: readonly KnowledgeRecord[],
  options: IngestOptions,
): Promise<IngestReport> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const { store, analyzer, embedder } = options;
  const batchSize = options.batchSize ?? 128;
  const chunks = chunkRecords(records, embedder?.model ?? null);

  let dims = options.denseDimensions;
  if (embedder && !dims) dims = (await embedder.embed(['dimension probe'], 'document'))[0]!.length;
  await store.ensureCollection({ denseDimensions: embedder ? dims : undefined });

  const stored = await store.contentHashes();
  const changed = chunks.filter((c) => stored.get(c.id) !== c.contentHash);
  const live = new Set(chunks.map((c) => c.id));
  const stale = [...stored.keys()].filter((id) => !live.has(id));

  let added = 0;
  let updated = 0;
  for (let i = 0; i < changed.length; i += batchSize) {
    const batch = changed.slice(i, i + batchSize);
    const dense = embedder
      ? await embedder.embed(
          batch.map((c) => `${c.title}\n${c.text}`),
          'document',
        )
      : undefined;
    const indexed: IndexedChunk[] = batch.map((c, k) => ({
      ...c,
      sparse: analyzer.documentVector(c.title, c.text).vector,
      ...(dense ? { dense: dense[k] } : {}),
    }));
    await store.upsert(indexed);
    for (const c of batch) {
      if (stored.has(c.id)) updated++;
      else added++;
    }
  }
  for (let i = 0; i < stale.length; i += batchSize) await store.delete(stale.slice(i, i + batchSize));

  const elapsedMs = now() - started;
  return {
    documents: records.length,
    chunks: chunks.length,
    added,
    updated,
    unchanged: chunks.length - changed.length,
    deleted: stale.length,
    elapsedMs: Math.round(elapsedMs * 10) / 10,
    chunksPerSecond: elapsedMs > 0 ? Math.round((chunks.length / elapsedMs) * 1000) : 0,
  };
}
