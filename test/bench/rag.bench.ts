/**
 * `npm run bench:rag`: the knowledge-base benchmark on the embedded default (lexical BM25 + the
 * bilingual term bridge + the lexical reranker; no dense vectors — no embedding model can run on
 * these machines). Prints:
 *
 * 1. ingestion: chunks and chunks per second into a fresh embedded store, then a second
 *    (idempotent) run;
 * 2. quality over the labelled question set: recall@5, MRR@10, nDCG@10 per query language and
 *    overall, the cross-language subset, no-answer precision and recall, and the misses;
 * 3. retrieval latency p50/p99 (full search: analysis, bridge, store query, rerank) over a store
 *    of at least 10,000 chunks: the real corpus plus copies of it under other city ids (a scale
 *    test: the copies are real text, so every query meets several times more candidates).
 *
 * `--dense` adds the hybrid path against the scripted OpenAI-compatible server (hash embeddings:
 * it measures the plumbing and its cost, not the quality a real model would give).
 */
import { ingest } from '../../knowledge/rag/ingest.js';
import { EmbeddedVectorStore } from '../../knowledge/rag/embedded-store.js';
import { createKnowledgeRuntime } from '../../knowledge/rag/runtime.js';
import { OpenAiEmbedder } from '../../knowledge/rag/openai-embedder.js';
import { KnowledgeRetriever } from '../../agents/knowledge/retrieval.js';
import type { IndexedChunk } from '../../agents/ports/knowledge-base.js';
import { percentile } from './stats.js';
import { evaluate, loadQuestions } from './rag/evaluate.js';
import { startScriptedLlmServer } from '../support/llm-server.js';

const SCALE_TARGET = 10_000;

function fmt(ms: number): string {
  return `${ms.toFixed(2)} ms`;
}

async function main(): Promise<void> {
  const dense = process.argv.includes('--dense');
  const questions = loadQuestions();
  const store = new EmbeddedVectorStore();
  const runtime = createKnowledgeRuntime({ env: {}, store, embedder: null });
  const records = runtime.records();

  // Labels must name existing documents.
  const groups = new Set(records.map((r) => r.groupId));
  const unknown = questions.flatMap((q) => q.relevant).filter((g) => !groups.has(g));
  if (unknown.length > 0)
    throw new Error(`questions name unknown documents: ${[...new Set(unknown)].join(', ')}`);

  console.log('== knowledge base');
  console.log(`documents ${groups.size} (records in zh + en: ${records.length})`);
  const first = await runtime.ingest();
  console.log(
    `ingestion: ${first.chunks} chunks in ${first.elapsedMs} ms = ${first.chunksPerSecond} chunks/s (added ${first.added})`,
  );
  const second = await runtime.ingest();
  console.log(
    `re-ingestion (idempotent): unchanged ${second.unchanged}, added ${second.added}, updated ${second.updated}, ${second.elapsedMs} ms`,
  );

  console.log(
    `\n== quality: ${questions.length} questions (embedded default: lexical + term bridge + lexical rerank)`,
  );
  const e = await evaluate(runtime.retriever, questions);
  const row = (
    name: string,
    s: { questions: number; recallAt5: number; mrrAt10: number; ndcgAt10: number },
  ) =>
    console.log(
      `${name.padEnd(16)} n=${String(s.questions).padStart(3)}  recall@5 ${s.recallAt5.toFixed(3)}  MRR@10 ${s.mrrAt10.toFixed(3)}  nDCG@10 ${s.ndcgAt10.toFixed(3)}`,
    );
  row('zh queries', e.byLanguage.zh);
  row('en queries', e.byLanguage.en);
  row('cross-language', e.crossLanguage);
  row('overall', e.overall);
  console.log(
    `no-answer: precision ${e.noAnswer.precision.toFixed(3)} (abstained on ${e.noAnswer.abstained}), recall ${e.noAnswer.recall.toFixed(3)} of ${e.noAnswer.unanswerable} unanswerable`,
  );
  if (e.misses.length > 0) {
    console.log(`misses (${e.misses.length}):`);
    for (const m of e.misses) console.log(`  ${m.id} ${m.query} -> ${m.top.join(', ') || '(nothing)'}`);
  }

  // Scale: copies of the real chunks under other city ids until the store holds >= 10,000 chunks.
  const base = [...(store as unknown as { chunks: Map<string, IndexedChunk> }).chunks.values()];
  const big = new EmbeddedVectorStore();
  const copies = Math.ceil(SCALE_TARGET / base.length);
  const all: IndexedChunk[] = [];
  for (let k = 0; k < copies; k++) {
    for (const c of base) {
      all.push(
        k === 0
          ? c
          : {
              ...c,
              id: `copy${k}/${c.id}`,
              docId: `copy${k}/${c.docId}`,
              groupId: `copy${k}/${c.groupId}`,
              city: c.city ? `${c.city}-copy${k}` : null,
            },
      );
    }
  }
  await big.upsert(all);
  const bigRetriever = new KnowledgeRetriever({
    store: big,
    analyzer: runtime.analyzer,
    bridge: runtime.bridge,
  });
  // Warm up (builds the inverted index once).
  await bigRetriever.search({ query: 'warm up', limit: 10 });
  const lat: number[] = [];
  const rounds = 3;
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const t0 = performance.now();
      await bigRetriever.search({ query: q.query, lang: q.filter_lang ?? undefined, limit: 10 });
      lat.push(performance.now() - t0);
    }
  }
  lat.sort((a, b) => a - b);
  console.log(
    `\n== latency over ${await big.count()} chunks (${lat.length} searches, full pipeline, one at a time)`,
  );
  console.log(
    `p50 ${fmt(percentile(lat, 50))}  p99 ${fmt(percentile(lat, 99))}  max ${fmt(lat[lat.length - 1]!)}`,
  );
  const small = [...e.latenciesMs].sort((a, b) => a - b);
  console.log(
    `(real corpus, ${first.chunks} chunks: p50 ${fmt(percentile(small, 50))}  p99 ${fmt(percentile(small, 99))})`,
  );

  if (dense) {
    const llm = await startScriptedLlmServer();
    try {
      const embedder = new OpenAiEmbedder({
        baseUrl: llm.url,
        model: 'scripted-hash-embedding',
        dimensions: 256,
      });
      const dStore = new EmbeddedVectorStore();
      const report = await ingest(records, {
        store: dStore,
        analyzer: runtime.analyzer,
        embedder,
        denseDimensions: 256,
      });
      console.log(
        `\n== hybrid (scripted hash embeddings, 256 d): ingestion ${report.chunks} chunks at ${report.chunksPerSecond} chunks/s`,
      );
      const hybrid = new KnowledgeRetriever({
        store: dStore,
        analyzer: runtime.analyzer,
        bridge: runtime.bridge,
        embedder,
      });
      const h = await evaluate(hybrid, questions);
      row('hybrid overall', h.overall);
      const hl = [...h.latenciesMs].sort((a, b) => a - b);
      console.log(
        `hybrid latency (incl. the embeddings HTTP call): p50 ${fmt(percentile(hl, 50))}  p99 ${fmt(percentile(hl, 99))}`,
      );
    } finally {
      await llm.close();
    }
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
