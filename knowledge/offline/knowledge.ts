/**
 * The KnowledgeProvider over the knowledge base (knowledge/kb, knowledge/rag): local tips and
 * answers are retrieved from the bilingual documents and carry a {@link KnowledgeCitation} (the
 * document id to cite, its source and last-checked date).
 *
 * - A query naming nothing but the city (what the local guide asks for its tips) returns the
 *   city's curated tips, then its practical guides (getting around, money, safety, etiquette), in
 *   the requested language.
 * - Any other query runs hybrid retrieval (lexical + bilingual term bridge, dense vectors when
 *   configured, reranked) filtered by city and language.
 *
 * Provenance: curated tips, overviews and authored guides are records taken as they are
 * (`verified`); notes generated from the curated records with templates are `estimate`.
 */
import type {
  DestinationProfile,
  KnowledgeProvider,
  KnowledgeSnippet,
} from '../../agents/ports/providers.js';
import type { KnowledgeChunk } from '../../agents/ports/knowledge-base.js';
import type { KnowledgeRecord } from '../kb/corpus.js';
import { EmbeddedVectorStore } from '../rag/embedded-store.js';
import { chunkFields } from '../rag/ingest.js';
import { createKnowledgeRuntime, type KnowledgeRuntime } from '../rag/runtime.js';
import { sharedKnowledge } from '../rag/shared.js';
import { CuratedCatalog } from './curated-catalog.js';
import type { OfflineCatalogOptions } from './hotels.js';
import { estimate, systemClock, verified, type Clock } from './provenance.js';

/** Topics of a city-only query, in the order they are offered. */
const CITY_TOPICS = [
  'tip',
  'getting-around',
  'money',
  'safety',
  'etiquette',
  'passes-cards',
  'airport-transfers',
];
/** EU member states: the entry notes hold one "EU passport" note per destination. */
const EU = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' '),
);
const GENERATED_TOPICS = new Set(['sight', 'restaurant', 'stay']);

export class OfflineKnowledgeProvider implements KnowledgeProvider {
  private readonly catalog: CuratedCatalog;
  private readonly clock: Clock;
  private readonly datasetDir: string | undefined;
  private runtime: Promise<KnowledgeRuntime> | undefined;

  constructor(options: OfflineCatalogOptions = {}) {
    this.catalog = options.catalog ?? new CuratedCatalog({ dir: options.datasetDir });
    this.clock = options.clock ?? systemClock;
    this.datasetDir = options.datasetDir;
  }

  /** The knowledge runtime: the process-wide one, or a private one over another data folder. */
  knowledge(): Promise<KnowledgeRuntime> {
    if (!this.runtime) {
      if (this.datasetDir) {
        const rt = createKnowledgeRuntime({
          env: {},
          datasetDir: this.datasetDir,
          store: new EmbeddedVectorStore(),
          embedder: null,
        });
        this.runtime = rt.ingest().then(() => rt);
      } else this.runtime = sharedKnowledge();
    }
    return this.runtime;
  }

  async search(query: {
    text: string;
    city?: string;
    language?: 'zh' | 'en';
    limit?: number;
  }): Promise<KnowledgeSnippet[]> {
    const limit = query.limit ?? 5;
    let cityId: string | undefined;
    let cityNames: string[] = [];
    if (query.city) {
      const byId = this.catalog.byCityId(query.city);
      const found = byId ? [byId] : this.catalog.find(query.city);
      if (found.length === 0) return [];
      const c = found[0]!.data.city;
      cityId = c.id;
      cityNames = [c.id, c.name_en, c.name_zh, ...c.aliases];
    }
    const rt = await this.knowledge();
    const terms = rt.analyzer.queryTerms(query.text);
    if (cityId && terms.length > 0) {
      const nameTerms = new Set(cityNames.flatMap((n) => rt.analyzer.terms(n)));
      if (terms.every((t) => nameTerms.has(t)))
        return this.cityTips(rt.records(), cityId, query.language, limit);
    }
    if (terms.length === 0) return [];
    const answer = await rt.retriever.search({
      query: query.text,
      city: cityId,
      lang: query.language,
      limit,
    });
    return answer.hits.map((h) => this.snippet(h, h.text));
  }

  async entryNote(query: {
    destinationCountry: string;
    passportCountry: string;
    language: 'zh' | 'en';
  }): Promise<KnowledgeSnippet | null> {
    const dest = query.destinationCountry.toUpperCase();
    const passport = query.passportCountry.toUpperCase();
    if (dest === passport) return null;
    const rt = await this.knowledge();
    const records = rt.records().filter((r) => r.topic === 'entry' && r.lang === query.language);
    // The notes are written per passport group: one country, or the EU as a whole.
    const groups = [passport.toLowerCase(), ...(EU.has(passport) ? ['eu'] : [])];
    for (const g of groups) {
      const r = records.find((x) => x.groupId === `entry.${dest.toLowerCase()}.${g}`);
      if (!r) continue;
      return this.snippet({ ...chunkFields(r, 0, r.content), contentHash: '' }, r.content, r.tags);
    }
    return null;
  }

  private cityTips(
    records: KnowledgeRecord[],
    city: string,
    language: 'zh' | 'en' | undefined,
    limit: number,
  ): KnowledgeSnippet[] {
    const picked = records
      .filter((r) => r.city === city && CITY_TOPICS.includes(r.topic) && (!language || r.lang === language))
      .sort(
        (a, b) =>
          CITY_TOPICS.indexOf(a.topic) - CITY_TOPICS.indexOf(b.topic) ||
          a.id.localeCompare(b.id, 'en', { numeric: true }),
      );
    return picked
      .slice(0, limit)
      .map((r) => this.snippet({ ...chunkFields(r, 0, r.content), contentHash: '' }, r.content, r.tags));
  }

  private snippet(c: KnowledgeChunk, text: string, tags: string[] = [c.topic]): KnowledgeSnippet {
    const note = `knowledge base document ${c.docId} (${c.source}; last checked ${c.lastChecked})`;
    return {
      id: c.docId,
      title: c.title,
      text,
      city: c.city ?? undefined,
      tags: [...tags],
      language: c.lang,
      provenance: GENERATED_TOPICS.has(c.topic)
        ? estimate(
            this.clock,
            `knowledge:${c.groupId}`,
            c.docId,
            `${note}; generated from the curated record with templates`,
          )
        : verified(this.clock, `knowledge:${c.groupId}`, c.docId, note),
      citation: {
        docId: c.docId,
        chunkId: c.id,
        source: c.source,
        lastChecked: c.lastChecked,
        unverified: c.unverified,
      },
    };
  }

  async destinations(): Promise<DestinationProfile[]> {
    return this.catalog.entries.map((entry) => {
      const { city, profile } = entry.data;
      return {
        city: this.catalog.cityInfo(entry, this.clock),
        bestSeasons: [...profile.best_seasons],
        styles: [...profile.styles],
        dailyCostPerPerson: profile.daily_cost_per_person,
        currency: city.currency,
        highlights: [...profile.highlights],
        highlightsZh: [...entry.data.attractions]
          .sort((a, b) => (b.popularity ?? 0) - (a.popularity ?? 0))
          .slice(0, 5)
          .map((a) => a.name_zh),
        sightTags: countTags(entry.data.attractions),
        sightCount: entry.data.attractions.length,
        summary: { zh: profile.summary_zh, en: profile.summary_en },
        provenance: estimate(
          this.clock,
          entry.source,
          `${city.id}:profile`,
          `Curated destination profile (last checked ${city.last_checked}); the daily cost per person is a typical figure, not live prices.`,
        ),
      };
    });
  }
}

/** Sights per tag or category, lower-case (each sight counted once per word). */
function countTags(attractions: { tags?: string[] | undefined; category: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of attractions) {
    for (const t of new Set([...(a.tags ?? []), a.category].map((x) => x.toLowerCase())))
      out[t] = (out[t] ?? 0) + 1;
  }
  return out;
}
