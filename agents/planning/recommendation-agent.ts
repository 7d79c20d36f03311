/**
 * Recommendation agent: ranks destinations by season, budget, travel style and trip length from
 * the knowledge port's destination profiles, in the shape of GET /v1/recommendations/destinations.
 */
import type { DestinationProfile, ExchangeRateProvider, KnowledgeProvider } from '../ports/providers.js';

export interface RecommendationQuery {
  season?: 'spring' | 'summer' | 'autumn' | 'winter' | undefined;
  /** Total budget per person for the trip, excluding long-haul flights, in `currency`. */
  budget?: number | undefined;
  currency?: string | undefined;
  /** romantic, family, culture, food, nature, shopping, adventure, nightlife, ... */
  style?: string | undefined;
  duration?: number | undefined;
  limit?: number | undefined;
  language?: 'zh' | 'en' | undefined;
}

/** One recommendation, in the seed's field names (camelCase here; snake_case on the wire). */
export interface DestinationRecommendation {
  destination: string;
  country: string;
  confidenceScore: number;
  matchReasons: string[];
  estimatedBudget: number;
  currency: string;
  bestSeason: string;
  highlights: string[];
  photos: string[];
  summary: string;
  source: string;
}

const SEASON_ZH = { spring: '春季', summer: '夏季', autumn: '秋季', winter: '冬季' } as const;

/** Style synonyms so "romantic" matches a profile tagged "couple", etc. */
const STYLE_SYNONYMS: Record<string, string[]> = {
  romantic: ['romantic', 'couple'],
  couple: ['romantic', 'couple'],
  family: ['family', 'theme-park', 'kids'],
  culture: ['culture', 'history', 'art', 'museum'],
  history: ['history', 'culture'],
  food: ['food', 'street food', 'gourmet'],
  nature: ['nature', 'outdoors', 'hiking'],
  shopping: ['shopping'],
  nightlife: ['nightlife'],
  adventure: ['adventure', 'nature', 'outdoors'],
  luxury: ['luxury', 'shopping'],
  budget: ['budget', 'food', 'street food'],
};

export async function recommendDestinations(
  knowledge: KnowledgeProvider,
  rates: ExchangeRateProvider,
  q: RecommendationQuery,
): Promise<DestinationRecommendation[]> {
  const lang = q.language ?? 'zh';
  const currency = q.currency ?? 'CNY';
  const days = q.duration ?? 5;
  const profiles = await knowledge.destinations();
  const scored = profiles.map((p: DestinationProfile) => {
    const reasons: string[] = [];
    let score = 0.4;
    if (q.season) {
      if (p.bestSeasons.includes(q.season)) {
        score += 0.25;
        reasons.push(lang === 'zh' ? `${SEASON_ZH[q.season]}是最佳旅行季节` : `${q.season} is a best season`);
      } else score -= 0.15;
    }
    if (q.style) {
      const wanted = STYLE_SYNONYMS[q.style.toLowerCase()] ?? [q.style.toLowerCase()];
      const hits = p.styles.filter((s) => wanted.includes(s.toLowerCase()));
      if (hits.length > 0) {
        score += 0.2;
        reasons.push(lang === 'zh' ? `适合${hits.join('、')}` : `good for ${hits.join(', ')}`);
      } else score -= 0.1;
    }
    const estimated = Math.round(rates.convert(p.dailyCostPerPerson * days, p.currency, currency));
    if (q.budget !== undefined) {
      if (estimated <= q.budget) {
        score += 0.15 * Math.min(1, (q.budget - estimated) / Math.max(1, q.budget) + 0.5);
        reasons.push(lang === 'zh' ? '在预算之内' : 'within budget');
      } else score -= Math.min(0.4, (estimated - q.budget) / Math.max(1, q.budget));
    }
    return {
      destination: lang === 'zh' ? (p.city.nameZh ?? p.city.name) : p.city.nameEn,
      country: p.city.country,
      confidenceScore: Math.max(0, Math.min(1, Math.round(score * 100) / 100)),
      matchReasons: reasons,
      estimatedBudget: estimated,
      currency,
      bestSeason: p.bestSeasons
        .map((s) => (lang === 'zh' ? SEASON_ZH[s] : s))
        .join(lang === 'zh' ? '、' : ', '),
      highlights: p.highlights.slice(0, 5),
      photos: [],
      summary: lang === 'zh' ? p.summary.zh : p.summary.en,
      source: p.provenance.source,
    };
  });
  return scored
    .sort((a, b) => b.confidenceScore - a.confidenceScore || a.estimatedBudget - b.estimatedBudget)
    .slice(0, Math.max(1, Math.min(50, q.limit ?? 10)));
}
