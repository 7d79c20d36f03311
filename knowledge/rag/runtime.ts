/**
 * Wires the knowledge base from configuration: the analyser (jieba + the standard analyser), the
 * term bridge (gazetteer + curated names + travel lexicon), the store (embedded by default, Qdrant
 * with `KNOWLEDGE_STORE=qdrant`), the embedder (only with `EMBEDDINGS_BASE_URL`) and the reranker
 * (vLLM `/rerank` only with `RERANK_BASE_URL`, else the lexical scorer).
 *
 * | variable | meaning |
 * | --- | --- |
 * | `KNOWLEDGE_STORE` | `embedded` (default) or `qdrant` |
 * | `KNOWLEDGE_INDEX_PATH` | file the embedded store persists to (default: in memory) |
 * | `QDRANT_URL`, `QDRANT_API_KEY`, `QDRANT_COLLECTION` | the Qdrant server (default collection `knowledge`) |
 * | `EMBEDDINGS_BASE_URL`, `EMBEDDINGS_MODEL`, `EMBEDDINGS_API_KEY`, `EMBEDDINGS_DIMENSIONS` | dense vectors (default model `BAAI/bge-m3`) |
 * | `RERANK_BASE_URL`, `RERANK_MODEL`, `RERANK_API_KEY` | cross-encoder (default model `BAAI/bge-reranker-v2-m3`) |
 */
import { readFileSync } from 'node:fs';
import { TextAnalyzer } from '../../agents/knowledge/analyzer.js';
import { KnowledgeRetriever } from '../../agents/knowledge/retrieval.js';
import { TermBridge, type TermPair } from '../../agents/knowledge/term-bridge.js';
import { createJiebaSegmenter } from '../../agents/nlu/segmenter.js';
import type { Embedder, Reranker, VectorStore } from '../../agents/ports/knowledge-base.js';
import { chinesePlaceNames, loadGazetteerData } from '../gazetteer/load.js';
import { loadDestinations } from '../offline/dataset-loader.js';
import { loadCorpus, type CorpusOptions, type KnowledgeRecord } from '../kb/corpus.js';
import { EmbeddedVectorStore } from './embedded-store.js';
import { ingest, type IngestReport } from './ingest.js';
import { OpenAiEmbedder } from './openai-embedder.js';
import { QdrantVectorStore } from './qdrant-store.js';
import { VllmReranker } from './vllm-reranker.js';

export interface KnowledgeRuntime {
  analyzer: TextAnalyzer;
  bridge: TermBridge;
  store: VectorStore;
  embedder: Embedder | undefined;
  reranker: Reranker | undefined;
  retriever: KnowledgeRetriever;
  /** Loads the corpus (cached). */
  records(): KnowledgeRecord[];
  /** Ingests the corpus into the store (idempotent). */
  ingest(): Promise<IngestReport>;
}

export interface KnowledgeRuntimeOptions extends CorpusOptions {
  env?: Record<string, string | undefined>;
  /** Use this store instead of the configured one. */
  store?: VectorStore | undefined;
  /** Use this embedder instead of the configured one (`null`: none even if configured). */
  embedder?: Embedder | null | undefined;
}

let sharedAnalyzer: TextAnalyzer | undefined;
let sharedPairs: TermPair[] | undefined;

/** Chinese/English pairs of the bridge: gazetteer places, curated names, the travel lexicon. */
export function bridgePairs(options: CorpusOptions = {}): TermPair[] {
  if (sharedPairs && !options.datasetDir) return sharedPairs;
  const pairs: TermPair[] = [];
  const curated = loadDestinations({ dir: options.datasetDir });
  const curatedId = new Map(
    curated.map(({ data }) => [`${data.city.country}:${data.city.name_en.toLowerCase()}`, data.city.id]),
  );
  const places = loadGazetteerData().places as {
    kind?: string;
    zh?: string;
    en?: string;
    country?: string;
    aliases?: string[];
  }[];
  for (const p of places) {
    if (!p.zh || !p.en) continue;
    const zhAliases = (p.aliases ?? []).filter((a) => /\p{Script=Han}/u.test(a));
    const enAliases = (p.aliases ?? []).filter((a) => !/\p{Script=Han}/u.test(a));
    const place =
      p.kind === 'country'
        ? { country: p.country }
        : p.kind === 'city'
          ? {
              country: p.country,
              city: curatedId.get(`${p.country}:${p.en.toLowerCase()}`) ?? `gazetteer:${p.en.toLowerCase()}`,
            }
          : undefined;
    pairs.push({ zh: [p.zh, ...zhAliases].join('|'), en: [p.en, ...enAliases].join('|'), place });
  }
  for (const { data } of curated) {
    const c = data.city;
    pairs.push({
      zh: [c.name_zh, ...c.aliases.filter((a) => /\p{Script=Han}/u.test(a))].join('|'),
      en: [c.name_en, ...c.aliases.filter((a) => !/\p{Script=Han}/u.test(a))].join('|'),
      place: { city: c.id, country: c.country },
    });
    for (const x of [...data.attractions, ...data.restaurants, ...data.hotels]) {
      pairs.push({ zh: nameForms(x.name_zh, 'zh').join('|'), en: nameForms(x.name_en, 'en').join('|') });
    }
  }
  const lexicon = JSON.parse(readFileSync(new URL('../kb/lexicon.json', import.meta.url), 'utf8')) as {
    pairs: [string, string][];
  };
  for (const [zh, en] of lexicon.pairs) pairs.push({ zh, en });
  if (!options.datasetDir) sharedPairs = pairs;
  return pairs;
}

const GENERIC_EN = new Set(
  'museum museums palace park garden gardens temple shrine tower street market hotel restaurant the of de du la le des national art great old new'.split(
    ' ',
  ),
);
const GENERIC_ZH = /(博物馆|博物院|美术馆|公园|花园|大酒店|酒店|宾馆|餐厅|饭店|寺|神社|大厦|广场|步行街)$/;

/**
 * A name and its short form without generic words (`Louvre Museum` -> `Louvre`, `卢浮宫博物馆` ->
 * `卢浮宫`), so a query naming a place the usual short way still crosses the bridge.
 */
export function nameForms(name: string, lang: 'zh' | 'en'): string[] {
  const out = [name];
  if (lang === 'en') {
    const core = name
      .split(/[\s,()]+/)
      .filter((w) => w && !GENERIC_EN.has(w.toLowerCase()))
      .join(' ');
    if (core && core !== name && core.replace(/[^\p{L}]/gu, '').length >= 4) out.push(core);
    // Romanised names are written with and without their hyphens (`Sensō-ji`, `Sensoji`).
    for (const form of [...out])
      if (/\p{L}-\p{L}/u.test(form)) out.push(form.replace(/(\p{L})-(\p{L})/gu, '$1$2'));
  } else {
    const core = name.replace(/[（(].*[)）]/u, '').replace(GENERIC_ZH, '');
    if (core !== name && [...core].length >= 2) out.push(core);
  }
  return out;
}

/** The analyser with jieba (loads its dictionary once per process, about 0.5 s). */
export function knowledgeAnalyzer(): TextAnalyzer {
  if (sharedAnalyzer) return sharedAnalyzer;
  const names = new Set(chinesePlaceNames());
  for (const { data } of loadDestinations()) {
    for (const x of [...data.attractions, ...data.restaurants, ...data.hotels]) names.add(x.name_zh);
  }
  sharedAnalyzer = new TextAnalyzer(createJiebaSegmenter(names));
  return sharedAnalyzer;
}

/** The embedder configured by the environment, if any. */
export function embedderFromEnv(env: Record<string, string | undefined>): Embedder | undefined {
  if (!env.EMBEDDINGS_BASE_URL) return undefined;
  return new OpenAiEmbedder({
    baseUrl: env.EMBEDDINGS_BASE_URL,
    model: env.EMBEDDINGS_MODEL ?? 'BAAI/bge-m3',
    apiKey: env.EMBEDDINGS_API_KEY,
    dimensions: env.EMBEDDINGS_DIMENSIONS ? Number(env.EMBEDDINGS_DIMENSIONS) : undefined,
  });
}

/** The store configured by the environment. */
export function storeFromEnv(env: Record<string, string | undefined>): VectorStore {
  if ((env.KNOWLEDGE_STORE ?? 'embedded') === 'qdrant') {
    if (!env.QDRANT_URL) throw new Error('KNOWLEDGE_STORE=qdrant needs QDRANT_URL');
    return new QdrantVectorStore({
      url: env.QDRANT_URL,
      apiKey: env.QDRANT_API_KEY,
      collection: env.QDRANT_COLLECTION ?? 'knowledge',
    });
  }
  return new EmbeddedVectorStore({ path: env.KNOWLEDGE_INDEX_PATH });
}

export function createKnowledgeRuntime(options: KnowledgeRuntimeOptions = {}): KnowledgeRuntime {
  const env = options.env ?? process.env;
  const analyzer = knowledgeAnalyzer();
  const bridge = new TermBridge(bridgePairs(options), analyzer);
  const store = options.store ?? storeFromEnv(env);
  const embedder = options.embedder === null ? undefined : (options.embedder ?? embedderFromEnv(env));
  const reranker = env.RERANK_BASE_URL
    ? new VllmReranker({
        baseUrl: env.RERANK_BASE_URL,
        model: env.RERANK_MODEL ?? 'BAAI/bge-reranker-v2-m3',
        apiKey: env.RERANK_API_KEY,
      })
    : undefined;
  const retriever = new KnowledgeRetriever({ store, analyzer, bridge, embedder, reranker });
  let records: KnowledgeRecord[] | undefined;
  const load = () => (records ??= loadCorpus(options));
  return {
    analyzer,
    bridge,
    store,
    embedder,
    reranker,
    retriever,
    records: load,
    ingest: () => ingest(load(), { store, analyzer, embedder }),
  };
}
