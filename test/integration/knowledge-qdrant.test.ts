import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeRetriever } from '../../agents/knowledge/retrieval.js';
import type { KnowledgeRecord } from '../../knowledge/kb/corpus.js';
import { EmbeddedVectorStore } from '../../knowledge/rag/embedded-store.js';
import { ingest } from '../../knowledge/rag/ingest.js';
import { OpenAiEmbedder } from '../../knowledge/rag/openai-embedder.js';
import { QdrantVectorStore } from '../../knowledge/rag/qdrant-store.js';
import { createKnowledgeRuntime, type KnowledgeRuntime } from '../../knowledge/rag/runtime.js';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../support/llm-server.js';
import { startQdrantDouble, type QdrantDouble } from '../support/qdrant-double.js';

const API_KEY = 'test-key';
let qdrant: QdrantDouble;
let llm: ScriptedLlmServer;
let runtime: KnowledgeRuntime;
let records: KnowledgeRecord[];

beforeAll(async () => {
  qdrant = await startQdrantDouble({ apiKey: API_KEY });
  llm = await startScriptedLlmServer();
  runtime = createKnowledgeRuntime({ env: {}, store: new EmbeddedVectorStore(), embedder: null });
  // Two cities' documents plus the entry notes: enough to rank, small enough to be quick.
  records = runtime.records().filter((r) => r.city === 'paris' || r.city === 'kyoto' || r.topic === 'entry');
});

afterAll(async () => {
  await qdrant?.close();
  await llm?.close();
});

function store(collection = 'knowledge'): QdrantVectorStore {
  return new QdrantVectorStore({ url: qdrant.url, apiKey: API_KEY, collection, pageSize: 64 });
}

describe('Qdrant adapter against the contract-checking double', () => {
  it('the double rejects requests the OpenAPI document does not allow', async () => {
    const before = qdrant.problems.length;
    const bad = await fetch(`${qdrant.url}/collections/x/points/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'api-key': API_KEY },
      body: JSON.stringify({ query: { nearest: 'not a vector' }, limit: -1 }),
    });
    expect(bad.status).toBe(400);
    const unknown = await fetch(`${qdrant.url}/collections/x/pointz`, { headers: { 'api-key': API_KEY } });
    expect(unknown.status).toBe(404);
    expect(qdrant.problems.length).toBe(before + 2);
    qdrant.problems.length = 0;
  });

  it('ingests sparse-only, creates payload indexes, is idempotent and ranks like the embedded store', async () => {
    const q = store('sparse');
    const first = await ingest(records, { store: q, analyzer: runtime.analyzer, batchSize: 100 });
    expect(first.added).toBe(first.chunks);
    expect(qdrant.problems).toEqual([]);
    const created = qdrant.requests.find((r) => r.operation === 'PUT /collections/{collection_name}');
    expect(created?.body).toMatchObject({ sparse_vectors: { sparse: { modifier: 'idf' } } });
    const indexed = qdrant.requests
      .filter((r) => r.operation === 'PUT /collections/{collection_name}/index')
      .map((r) => (r.body as { field_name: string }).field_name);
    expect(indexed.sort()).toEqual(['category', 'city', 'doc_id', 'lang', 'topic']);
    expect(qdrant.aliases.get('sparse')).toBe('sparse-v1-d0');

    const upserts = () =>
      qdrant.requests.filter((r) => r.operation === 'PUT /collections/{collection_name}/points').length;
    const n = upserts();
    const again = await ingest(records, { store: q, analyzer: runtime.analyzer, batchSize: 100 });
    expect(again).toMatchObject({ added: 0, updated: 0, deleted: 0, unchanged: first.chunks });
    expect(upserts()).toBe(n);
    expect(await q.count()).toBe(first.chunks);

    const embedded = new EmbeddedVectorStore();
    await ingest(records, { store: embedded, analyzer: runtime.analyzer });
    const viaQdrant = new KnowledgeRetriever({
      store: q,
      analyzer: runtime.analyzer,
      bridge: runtime.bridge,
    });
    const viaEmbedded = new KnowledgeRetriever({
      store: embedded,
      analyzer: runtime.analyzer,
      bridge: runtime.bridge,
    });
    for (const query of [
      '卢浮宫周几闭馆',
      'Kyoto bus one-day pass',
      'Do US citizens need a visa for Japan?',
    ]) {
      const a = await viaQdrant.search({ query, limit: 5 });
      const b = await viaEmbedded.search({ query, limit: 5 });
      expect(a.hits.map((h) => h.docId)).toEqual(b.hits.map((h) => h.docId));
      expect(a.hits.length).toBeGreaterThan(0);
    }
    const filtered = await viaQdrant.search({ query: 'tickets', city: 'kyoto', lang: 'en', limit: 5 });
    expect(filtered.hits.length).toBeGreaterThan(0);
    for (const h of filtered.hits) expect(h).toMatchObject({ city: 'kyoto', lang: 'en' });
    const query = qdrant.requests
      .filter((r) => r.operation === 'POST /collections/{collection_name}/points/query')
      .at(-1);
    expect(query?.body).toMatchObject({
      using: 'sparse',
      filter: {
        must: [
          { key: 'city', match: { value: 'kyoto' } },
          { key: 'lang', match: { value: 'en' } },
        ],
      },
    });
    expect(qdrant.problems).toEqual([]);
  });

  it('hybrid: dense vectors from /v1/embeddings, prefetch + RRF, and migration when the size changes', async () => {
    const subset = records.filter((r) => r.city === 'paris');
    const embedder = new OpenAiEmbedder({ baseUrl: llm.url, model: 'bge-m3-test', dimensions: 64 });
    const q = store('hybrid');
    const report = await ingest(subset, {
      store: q,
      analyzer: runtime.analyzer,
      embedder,
      denseDimensions: 64,
      batchSize: 50,
    });
    expect(report.added).toBe(report.chunks);
    expect(qdrant.aliases.get('hybrid')).toBe('hybrid-v1-d64');
    const retriever = new KnowledgeRetriever({
      store: q,
      analyzer: runtime.analyzer,
      bridge: runtime.bridge,
      embedder,
    });
    const a = await retriever.search({ query: 'Louvre opening hours', limit: 3 });
    expect(a.hits[0]!.groupId).toBe('paris.sight.paris-louvre');
    const last = qdrant.requests
      .filter((r) => r.operation === 'POST /collections/{collection_name}/points/query')
      .at(-1)!;
    expect(last.body).toMatchObject({
      prefetch: [{ using: 'sparse' }, { using: 'dense' }],
      query: { rrf: { k: 60 } },
      with_payload: true,
    });
    expect((last.body as { prefetch: { query: number[] }[] }).prefetch[1]!.query.length).toBe(64);

    // Same ranking through the embedded store with the same vectors.
    const embedded = new EmbeddedVectorStore();
    await ingest(subset, { store: embedded, analyzer: runtime.analyzer, embedder, denseDimensions: 64 });
    const b = await new KnowledgeRetriever({
      store: embedded,
      analyzer: runtime.analyzer,
      bridge: runtime.bridge,
      embedder,
    }).search({ query: 'Louvre opening hours', limit: 3 });
    expect(a.hits.map((h) => h.docId)).toEqual(b.hits.map((h) => h.docId));

    // Migration: another embedding size moves the alias to a new collection and drops the old one.
    const bigger = new OpenAiEmbedder({ baseUrl: llm.url, model: 'bge-m3-test', dimensions: 32 });
    const migrated = await ingest(subset, {
      store: q,
      analyzer: runtime.analyzer,
      embedder: bigger,
      denseDimensions: 32,
    });
    expect(migrated.added).toBe(migrated.chunks);
    expect(qdrant.aliases.get('hybrid')).toBe('hybrid-v1-d32');
    expect(qdrant.collections.has('hybrid-v1-d64')).toBe(false);
    expect(qdrant.problems).toEqual([]);
    expect(llm.problems).toEqual([]);
  });

  it('the embedder reports HTTP errors and malformed answers clearly', async () => {
    llm.enqueue({
      endpoint: 'embeddings',
      reply: { status: 503, body: { error: { message: 'overloaded' } } },
    });
    const embedder = new OpenAiEmbedder({ baseUrl: llm.url, model: 'm' });
    await expect(embedder.embed(['x'], 'query')).rejects.toThrow(/HTTP 503/);
    llm.enqueue({
      endpoint: 'embeddings',
      reply: { status: 200, body: { data: [{ index: 0, embedding: 'nope' }] } },
    });
    await expect(embedder.embed(['x'], 'query')).rejects.toThrow(/finite numbers/);
  });
});
