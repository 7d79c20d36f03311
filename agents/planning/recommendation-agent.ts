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

/**
 * Sight tags and categories that show a style in a city's own data (a city with many sunset,
 * night-view and river-cruise sights is romantic in fact, not only in its profile).
 */
const STYLE_EVIDENCE: Record<string, RegExp> = {
  romantic: /romantic|sunset|night[- ]?view|night-illumination|cruise|rooftop|skyline|viewpoint|tower view/,
  family: /family|kids|children|theme[- ]park|zoo|aquarium|amusement|panda/,
  culture: /museum|art|history|heritage|temple|palace|culture/,
  history: /history|heritage|ancient|palace|temple|unesco/,
  food: /food|market|snack|street food/,
  nature: /nature|park|garden|mountain|lake|hiking|beach/,
  shopping: /shopping|market|mall|department/,
  nightlife: /nightlife|night|bar|show/,
  adventure: /hiking|adventure|mountain|outdoor/,
};

/** Style words in Chinese, for reasons in a Chinese answer (and Chinese style queries). */
const STYLE_ZH: Record<string, string> = {
  romantic: '浪漫',
  couple: '情侣出行',
  family: '亲子家庭',
  'theme-park': '主题乐园',
  kids: '带孩子',
  culture: '文化',
  history: '历史',
  art: '艺术',
  museum: '博物馆',
  food: '美食',
  'street food': '街头小吃',
  gourmet: '美食',
  nature: '自然风光',
  outdoors: '户外',
  hiking: '徒步',
  shopping: '购物',
  nightlife: '夜生活',
  adventure: '探险',
  luxury: '奢华',
  budget: '经济实惠',
  architecture: '建筑',
  tea: '茶文化',
  relaxation: '休闲',
};

/** A style as asked ("romantic", "浪漫") -> the English key of the tables above. */
function styleKey(style: string): string {
  const s = style.trim().toLowerCase();
  const zh = Object.entries(STYLE_ZH).find(([, v]) => v === style.trim() || style.includes(v));
  return zh && !/[a-z]/.test(s) ? zh[0] : s;
}

/**
 * How strongly a profile shows a style, 0..1: where the style stands in the profile's own list (the
 * lists put a city's defining styles first) and the share of the city's sights whose tags show it.
 */
export function styleStrength(p: DestinationProfile, style: string): { hits: string[]; strength: number } {
  const key = styleKey(style);
  const wanted = STYLE_SYNONYMS[key] ?? [key];
  const styles = p.styles.map((x) => x.toLowerCase());
  const hits = p.styles.filter((x) => wanted.includes(x.toLowerCase()));
  const first = styles.findIndex((x) => wanted.includes(x));
  const prominence = first < 0 ? 0 : 1 - first / Math.max(1, styles.length);
  const evidence = STYLE_EVIDENCE[key];
  let share = 0;
  if (evidence && p.sightTags && p.sightCount) {
    const tagged = Object.entries(p.sightTags).filter(([t]) => evidence.test(t));
    // A sight with two matching tags counts twice here: capped so one rich city cannot run away.
    share = Math.min(1, tagged.reduce((n, [, c]) => n + c, 0) / p.sightCount);
  }
  return { hits, strength: hits.length > 0 ? 0.6 * prominence + 0.4 * share : 0.3 * share };
}

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
        reasons.push(
          lang === 'zh' ? `${SEASON_ZH[q.season]}是最佳旅行季节` : `${q.season} is one of its best seasons`,
        );
      } else score -= 0.15;
    }
    if (q.style) {
      const { hits, strength } = styleStrength(p, q.style);
      if (hits.length > 0) {
        score += 0.12 + 0.16 * strength;
        const words = [
          ...new Set(hits.map((h) => (lang === 'zh' ? (STYLE_ZH[h.toLowerCase()] ?? null) : h))),
        ];
        const shown = words.filter((w): w is string => !!w);
        reasons.push(
          lang === 'zh'
            ? shown.length > 0
              ? `适合${shown.join('、')}之旅`
              : '符合所选的旅行风格'
            : `good for ${shown.join(', ')}`,
        );
      } else score -= 0.1 - 0.1 * strength;
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
      // One language per answer: Chinese highlights are the city's best-known sights by name.
      highlights: (lang === 'zh' ? (p.highlightsZh ?? []) : p.highlights).slice(0, 5),
      photos: [],
      summary: lang === 'zh' ? p.summary.zh : p.summary.en,
      source: p.provenance.source,
    };
  });
  return scored
    .sort((a, b) => b.confidenceScore - a.confidenceScore || a.estimatedBudget - b.estimatedBudget)
    .slice(0, Math.max(1, Math.min(50, q.limit ?? 10)));
}
