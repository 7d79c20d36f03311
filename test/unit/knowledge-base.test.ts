import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TextAnalyzer } from '../../agents/knowledge/analyzer.js';
import { bm25Vector, detectLanguage } from '../../agents/knowledge/analyzer.js';
import { chunkText, splitSentences } from '../../agents/knowledge/chunker.js';
import { KnowledgeRetriever } from '../../agents/knowledge/retrieval.js';
import { searchKnowledge } from '../../agents/knowledge/search.js';
import { ValidationError } from '../../agents/errors.js';
import type { IndexedChunk } from '../../agents/ports/knowledge-base.js';
import { loadCorpus, type KnowledgeRecord } from '../../knowledge/kb/corpus.js';
import { EmbeddedVectorStore } from '../../knowledge/rag/embedded-store.js';
import { chunkRecords, ingest } from '../../knowledge/rag/ingest.js';
import {
  createKnowledgeRuntime,
  knowledgeAnalyzer,
  type KnowledgeRuntime,
} from '../../knowledge/rag/runtime.js';

describe('chunker', () => {
  it('splits Chinese and English sentences without cutting abbreviations', () => {
    expect(splitSentences('第一句。第二句！第三句？')).toEqual(['第一句。', '第二句！', '第三句？']);
    expect(splitSentences('Take the No. 5 bus. It runs e.g. at night. Done')).toEqual([
      'Take the No. 5 bus.',
      'It runs e.g. at night.',
      'Done',
    ]);
  });

  it('packs whole sentences up to the size and never splits one', () => {
    const s = 'Alpha beta gamma delta. '.repeat(10).trim();
    const chunks = chunkText(s, 'en', 60);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(60);
      expect(c.endsWith('.')).toBe(true);
    }
    expect(chunks.join(' ')).toBe(s);
  });
});

describe('analyzer', () => {
  const analyzer = knowledgeAnalyzer();

  it('cuts Chinese with jieba and adds n-grams of long words', () => {
    const terms = analyzer.terms('卢浮宫博物馆的开放时间');
    expect(terms).toContain('卢浮宫');
    expect(terms).not.toContain('的');
  });

  it('folds, drops stop words and stems English', () => {
    expect(analyzer.terms('The Musées of Paris')).toEqual(['musee', 'paris']);
    expect(analyzer.queryTerms('How long does it take to visit museums')).toEqual([
      'take',
      'visit',
      'museum',
    ]);
  });

  it('builds sorted, unique BM25 vectors that saturate with term frequency', () => {
    const v = bm25Vector(['a', 'b', 'a', 'a']);
    expect([...v.indices].sort((x, y) => x - y)).toEqual(v.indices);
    expect(new Set(v.indices).size).toBe(2);
    const [w1, w3] = [bm25Vector(['x']).values[0]!, bm25Vector(['x', 'x', 'x']).values[0]!];
    expect(w3).toBeGreaterThan(w1);
    expect(w3).toBeLessThan(3 * w1);
  });

  it('detects the query language', () => {
    expect(detectLanguage('卢浮宫 opening hours')).toBe('zh');
    expect(detectLanguage('Louvre opening hours')).toBe('en');
  });
});

describe('corpus', () => {
  const records = loadCorpus();

  it('holds at least 600 documents, each in Chinese and English, with provenance', () => {
    const groups = new Map<string, KnowledgeRecord[]>();
    for (const r of records) groups.set(r.groupId, [...(groups.get(r.groupId) ?? []), r]);
    expect(groups.size).toBeGreaterThanOrEqual(600);
    for (const [id, versions] of groups) {
      expect(versions.map((v) => v.lang).sort(), id).toEqual(['en', 'zh']);
      for (const v of versions) {
        expect(v.sourceNote.length).toBeGreaterThan(10);
        expect(v.lastChecked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(v.seed.id).toBe(v.id);
        expect(v.lang === 'zh' ? /\p{Script=Han}/u.test(v.content) : /[a-z]{3}/.test(v.content)).toBe(true);
      }
    }
  });

  it('covers guides, entry, events and sight notes for every curated city', () => {
    const topics = new Set(records.map((r) => `${r.city ?? r.country}:${r.topic}`));
    for (const city of [
      'paris',
      'tokyo',
      'kyoto',
      'new-york',
      'singapore',
      'bangkok',
      'beijing',
      'shanghai',
      'hangzhou',
      'guangzhou',
      'chengdu',
      'xian',
    ]) {
      for (const t of [
        'neighbourhoods',
        'getting-around',
        'airport-transfers',
        'passes-cards',
        'money',
        'safety',
        'etiquette',
        'sight',
      ]) {
        expect(topics.has(`${city}:${t}`), `${city}:${t}`).toBe(true);
      }
    }
    const entry = records.filter((r) => r.topic === 'entry');
    expect(entry.length).toBeGreaterThanOrEqual(40);
    for (const e of entry) {
      expect(e.unverified).toBe(true);
      expect(e.content).toMatch(/official|官方/);
    }
  });
});

function chunk(
  id: string,
  over: Partial<IndexedChunk> & { text: string },
  analyzer: TextAnalyzer,
): IndexedChunk {
  const title = over.title ?? id;
  return {
    id: `${id}#0`,
    docId: id,
    groupId: id.replace(/\.(zh|en)$/, ''),
    position: 0,
    title,
    lang: 'en',
    city: null,
    country: null,
    category: 'guide',
    topic: 'test',
    source: 'test',
    sourceUrl: null,
    lastChecked: '2026-01-01',
    unverified: true,
    contentHash: id,
    sparse: analyzer.documentVector(title, over.text).vector,
    ...over,
  };
}

describe('embedded store', () => {
  const analyzer = knowledgeAnalyzer();

  it('ranks by BM25, filters by payload and fuses a dense leg with RRF', async () => {
    const store = new EmbeddedVectorStore();
    await store.ensureCollection({ denseDimensions: 2 });
    await store.upsert([
      chunk('a.en', { text: 'metro tickets and metro passes', city: 'paris', dense: [1, 0] }, analyzer),
      chunk('b.en', { text: 'metro map', city: 'tokyo', dense: [0, 1] }, analyzer),
      chunk('c.en', { text: 'museum hours', city: 'paris', dense: [0.9, 0.1] }, analyzer),
    ]);
    const sparse = { indices: analyzer.documentVector('', 'metro').vector.indices, values: [1] };
    const lexical = await store.query({ sparse, limit: 10 });
    expect(lexical.map((h) => h.chunk.docId)).toEqual(['a.en', 'b.en']);
    const paris = await store.query({ sparse, limit: 10, filter: { city: 'paris' } });
    expect(paris.map((h) => h.chunk.docId)).toEqual(['a.en']);
    const hybrid = await store.query({ sparse, dense: [0, 1], limit: 10 });
    // b is first in the dense leg and second in the sparse one: it wins the fusion.
    expect(hybrid[0]!.chunk.docId).toBe('b.en');
    expect(hybrid.map((h) => h.chunk.docId).sort()).toEqual(['a.en', 'b.en', 'c.en']);
    await store.delete(['b.en#0']);
    expect(await store.count()).toBe(2);
    await expect(store.upsert([chunk('d.en', { text: 'x', dense: [1, 2, 3] }, analyzer)])).rejects.toThrow(
      /dimensions/,
    );
  });

  it('persists to a file and reloads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-'));
    try {
      const path = join(dir, 'index.json');
      const store = new EmbeddedVectorStore({ path });
      await store.upsert([chunk('a.en', { text: 'ferry pier' }, analyzer)]);
      const again = new EmbeddedVectorStore({ path });
      expect(await again.contentHashes()).toEqual(new Map([['a.en#0', 'a.en']]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ingestion and retrieval over the corpus', () => {
  let runtime: KnowledgeRuntime;
  beforeAll(async () => {
    runtime = createKnowledgeRuntime({ env: {}, store: new EmbeddedVectorStore(), embedder: null });
    await runtime.ingest();
  });
  afterAll(() => undefined);

  it('is idempotent by content hash and applies changes and removals', async () => {
    const records = runtime.records();
    const store = new EmbeddedVectorStore();
    const first = await ingest(records, { store, analyzer: runtime.analyzer });
    expect(first.added).toBe(first.chunks);
    const again = await ingest(records, { store, analyzer: runtime.analyzer });
    expect(again).toMatchObject({ added: 0, updated: 0, deleted: 0, unchanged: first.chunks });
    const changed = records
      .slice(1)
      .map((r, i) => (i === 0 ? { ...r, content: `${r.content} Extra sentence.` } : r));
    const third = await ingest(changed, { store, analyzer: runtime.analyzer });
    expect(third.updated + third.added).toBeGreaterThanOrEqual(1);
    expect(third.deleted).toBe(chunkRecords([records[0]!], null).length);
  });

  it('answers a Chinese question from English documents through the bridge', async () => {
    const a = await runtime.retriever.search({ query: '卢浮宫周几闭馆', lang: 'en', limit: 3 });
    expect(a.hits[0]!.docId).toBe('paris.sight.paris-louvre.en');
    expect(a.hits[0]!.text).toMatch(/Tuesday/);
  });

  it('answers in the query language and keeps one version of each document', async () => {
    const a = await runtime.retriever.search({
      query: 'How do I get from Narita airport to Tokyo?',
      limit: 5,
    });
    expect(a.hits[0]!.docId).toBe('tokyo.guide.airport-transfers.en');
    expect(new Set(a.hits.map((h) => h.groupId)).size).toBe(a.hits.length);
    const zh = await runtime.retriever.search({ query: '成田机场怎么去东京市区', limit: 5 });
    expect(zh.hits[0]!.docId).toBe('tokyo.guide.airport-transfers.zh');
  });

  it('says there is no answer for places and topics outside the base', async () => {
    expect((await runtime.retriever.search({ query: 'Sydney Opera House tickets' })).noAnswer).toBe(true);
    expect((await runtime.retriever.search({ query: '雷克雅未克极光团' })).noAnswer).toBe(true);
  });

  it('filters by city', async () => {
    const a = await runtime.retriever.search({ query: 'metro', city: 'shanghai', limit: 5 });
    expect(a.hits.length).toBeGreaterThan(0);
    for (const h of a.hits) expect(h.city).toBe('shanghai');
  });

  it('searchKnowledge validates input with a bilingual error and returns citable passages', async () => {
    await expect(searchKnowledge(runtime.retriever, { query: '' })).rejects.toBeInstanceOf(ValidationError);
    const err = await searchKnowledge(runtime.retriever, { query: 'x', limit: 99 }).catch((e: unknown) => e);
    expect((err as ValidationError).localizedMessage('zh')).toMatch(/知识库/);
    const res = await searchKnowledge(runtime.retriever, { query: 'Forbidden City reservation', lang: 'en' });
    expect(res.results[0]).toMatchObject({
      docId: 'beijing.sight.beijing-forbidden-city.en',
      lang: 'en',
      unverified: true,
    });
  });

  it('a retriever with another minimum coverage abstains more or less often', async () => {
    const strict = new KnowledgeRetriever({
      store: runtime.store,
      analyzer: runtime.analyzer,
      bridge: runtime.bridge,
      minCoverage: 0.99,
    });
    expect((await strict.search({ query: 'Paris metro tickets weekend late night' })).noAnswer).toBe(true);
    expect(
      (await runtime.retriever.search({ query: 'Paris metro tickets weekend late night' })).noAnswer,
    ).toBe(false);
  });
});

describe('local guide knowledge provider', () => {
  it('gives a city-only query the city tips first, in the asked language, each citing its document', async () => {
    const { OfflineKnowledgeProvider } = await import('../../knowledge/offline/knowledge.js');
    const p = new OfflineKnowledgeProvider({ clock: () => new Date('2026-12-01T00:00:00Z') });
    const tips = await p.search({ text: 'Paris', city: 'paris', language: 'zh', limit: 3 });
    expect(tips.map((t) => t.id)).toEqual(['paris.tip.0.zh', 'paris.tip.1.zh', 'paris.tip.2.zh']);
    for (const t of tips) {
      expect(t.language).toBe('zh');
      expect(t.citation).toMatchObject({ docId: t.id, chunkId: `${t.id}#0` });
      expect(t.provenance.reference).toBe(t.id);
    }
    const answer = await p.search({
      text: 'How do I get from Orly airport to the city?',
      city: 'Paris',
      language: 'en',
    });
    expect(answer[0]!.id).toBe('paris.guide.airport-transfers.en');
    const sight = await p.search({ text: 'Louvre closing day', city: 'paris', language: 'en', limit: 1 });
    expect(sight[0]!.provenance.kind).toBe('estimate');
  });
});
