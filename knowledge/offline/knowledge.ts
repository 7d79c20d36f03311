/**
 * Offline local knowledge: an in-memory BM25 index over the curated tips (Chinese and English) and
 * city summaries of knowledge/destinations. English text is split into words (light plural
 * stemming, a few stop words dropped); Chinese text into character bigrams (single characters for
 * one-character runs), so no segmenter is needed. Each snippet keeps its language; tips are taken as
 * they are from the data set (verified provenance).
 */
import type {
  DestinationProfile,
  KnowledgeProvider,
  KnowledgeSnippet,
} from '../../agents/ports/providers.js';
import { CuratedCatalog } from './curated-catalog.js';
import type { OfflineCatalogOptions } from './hotels.js';
import { estimate, systemClock, verified, type Clock } from './provenance.js';

const STOP_WORDS = new Set(
  'a an and are as at be by can do does for from how i in is it me my of on or should the to what when where which with you your'.split(
    ' ',
  ),
);

/** Index terms of a text: English words and Chinese character bigrams. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const normalized = text.normalize('NFKC').toLowerCase();
  for (const run of normalized.match(/\p{Script=Han}+|[\p{L}\p{N}]+/gu) ?? []) {
    if (/\p{Script=Han}/u.test(run)) {
      if (run.length === 1) out.push(run);
      for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    } else {
      if (STOP_WORDS.has(run)) continue;
      out.push(run.length > 3 && run.endsWith('s') && !run.endsWith('ss') ? run.slice(0, -1) : run);
    }
  }
  return out;
}

interface IndexedDoc {
  snippet: Omit<KnowledgeSnippet, 'provenance'>;
  provenance: (clock: Clock) => KnowledgeSnippet['provenance'];
  tf: Map<string, number>;
  length: number;
}

const K1 = 1.2;
const B = 0.75;

export class OfflineKnowledgeProvider implements KnowledgeProvider {
  private readonly catalog: CuratedCatalog;
  private readonly clock: Clock;
  private docs: IndexedDoc[] | undefined;
  private df = new Map<string, number>();
  private avgLength = 1;

  constructor(options: OfflineCatalogOptions = {}) {
    this.catalog = options.catalog ?? new CuratedCatalog({ dir: options.datasetDir });
    this.clock = options.clock ?? systemClock;
  }

  private index(): IndexedDoc[] {
    if (this.docs) return this.docs;
    const docs: IndexedDoc[] = [];
    const add = (
      snippet: Omit<KnowledgeSnippet, 'provenance'>,
      provenance: IndexedDoc['provenance'],
      extra: string,
    ) => {
      const tokens = tokenize(`${snippet.title} ${snippet.text} ${snippet.tags.join(' ')} ${extra}`);
      const tf = new Map<string, number>();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      docs.push({ snippet, provenance, tf, length: tokens.length });
    };
    for (const entry of this.catalog.entries) {
      const { city, profile, tips } = entry.data;
      const names = `${city.name_en} ${city.name_zh} ${city.aliases.join(' ')}`;
      tips.forEach((tip, i) => {
        const prov = (clock: Clock) =>
          verified(
            clock,
            entry.source,
            `${city.id}:tip:${i}`,
            `curated tip (${tip.source}, last checked ${tip.last_checked})`,
          );
        const tagText = tip.tags.length > 0 ? tip.tags.join(' / ') : null;
        add(
          {
            id: `${city.id}:tip:${i}:zh`,
            title: `${city.name_zh}贴士${tagText ? ` · ${tagText}` : ''}`,
            text: tip.zh,
            city: city.id,
            tags: [...tip.tags],
            language: 'zh',
          },
          prov,
          names,
        );
        add(
          {
            id: `${city.id}:tip:${i}:en`,
            title: `${city.name_en} tip${tagText ? ` · ${tagText}` : ''}`,
            text: tip.en,
            city: city.id,
            tags: [...tip.tags],
            language: 'en',
          },
          prov,
          names,
        );
      });
      const summaryProv = (clock: Clock) =>
        verified(
          clock,
          entry.source,
          `${city.id}:summary`,
          `curated city summary (${city.source}, last checked ${city.last_checked})`,
        );
      add(
        {
          id: `${city.id}:summary:zh`,
          title: `${city.name_zh}概览`,
          text: profile.summary_zh,
          city: city.id,
          tags: [...profile.styles],
          language: 'zh',
        },
        summaryProv,
        `${names} ${profile.highlights.join(' ')}`,
      );
      add(
        {
          id: `${city.id}:summary:en`,
          title: `${city.name_en} overview`,
          text: profile.summary_en,
          city: city.id,
          tags: [...profile.styles],
          language: 'en',
        },
        summaryProv,
        `${names} ${profile.highlights.join(' ')}`,
      );
    }
    this.df = new Map();
    for (const d of docs) for (const t of d.tf.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    this.avgLength = docs.length > 0 ? docs.reduce((s, d) => s + d.length, 0) / docs.length : 1;
    this.docs = docs;
    return docs;
  }

  async search(query: {
    text: string;
    city?: string;
    language?: 'zh' | 'en';
    limit?: number;
  }): Promise<KnowledgeSnippet[]> {
    const docs = this.index();
    let cityIds: Set<string> | undefined;
    if (query.city) {
      const byId = this.catalog.byCityId(query.city);
      const found = byId ? [byId] : this.catalog.find(query.city);
      if (found.length === 0) return [];
      cityIds = new Set(found.map((e) => e.data.city.id));
    }
    const terms = [...new Set(tokenize(query.text))];
    if (terms.length === 0) return [];
    const n = docs.length;
    const scored: { doc: IndexedDoc; score: number }[] = [];
    for (const doc of docs) {
      if (cityIds && !cityIds.has(doc.snippet.city ?? '')) continue;
      if (query.language && doc.snippet.language !== query.language) continue;
      let score = 0;
      for (const t of terms) {
        const tf = doc.tf.get(t);
        if (!tf) continue;
        const df = this.df.get(t) ?? 0;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * doc.length) / this.avgLength));
      }
      if (score > 0) scored.push({ doc, score });
    }
    scored.sort((a, b) => b.score - a.score || a.doc.snippet.id.localeCompare(b.doc.snippet.id));
    return scored.slice(0, query.limit ?? 5).map(({ doc }) => ({
      ...doc.snippet,
      tags: [...doc.snippet.tags],
      provenance: doc.provenance(this.clock),
    }));
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
