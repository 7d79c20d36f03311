/**
 * Destination recommendations (issue 16): a style ranks the cities that show it most, by a rule
 * over the data (where the style stands in the profile and how many sights carry it), and a
 * Chinese answer is Chinese throughout (reasons and highlights).
 */
import { describe, expect, it } from 'vitest';
import { recommendDestinations, styleStrength } from '../../agents/planning/recommendation-agent.js';
import type { DestinationProfile, KnowledgeProvider } from '../../agents/ports/providers.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';

const providers = createOfflineProviders({ now: () => new Date('2026-12-01T00:00:00Z') });

function profile(
  id: string,
  styles: string[],
  sightTags: Record<string, number>,
  sightCount = 10,
): DestinationProfile {
  return {
    city: {
      id,
      name: id,
      nameEn: id,
      country: 'XX',
      currency: 'CNY',
      provenance: { source: 'test', retrievedAt: '2026-12-01T00:00:00Z', kind: 'verified' },
    },
    bestSeasons: ['spring'],
    styles,
    dailyCostPerPerson: 500,
    currency: 'CNY',
    highlights: [`${id} highlight`],
    highlightsZh: [`${id}景点`],
    sightTags,
    sightCount,
    summary: { zh: `${id}简介`, en: `${id} summary` },
    provenance: { source: 'test', retrievedAt: '2026-12-01T00:00:00Z', kind: 'estimate' },
  };
}

describe('style ranking from the data', () => {
  it('ranks a city that leads with the style and has the sights for it above one that lists it last', async () => {
    const leading = profile('leading', ['romantic', 'food'], { sunset: 3, cruise: 1, 'night view': 2 });
    const trailing = profile('trailing', ['food', 'shopping', 'family', 'romantic'], { museum: 4 });
    const none = profile('none', ['food'], { sunset: 1 });
    expect(styleStrength(leading, 'romantic').strength).toBeGreaterThan(
      styleStrength(trailing, 'romantic').strength,
    );
    const knowledge: KnowledgeProvider = {
      search: () => Promise.resolve([]),
      destinations: () => Promise.resolve([none, trailing, leading]),
    };
    const out = await recommendDestinations(knowledge, providers.rates, { style: '浪漫', language: 'zh' });
    expect(out.map((r) => r.destination)).toEqual(['leading', 'trailing', 'none']);
    expect(out[0]!.matchReasons).toEqual(['适合浪漫之旅']);
    expect(out[0]!.highlights).toEqual(['leading景点']);
  });

  it('puts Paris first for a romantic trip, Singapore well behind, with reasons in Chinese only', async () => {
    const out = await recommendDestinations(providers.knowledge, providers.rates, {
      style: 'romantic',
      language: 'zh',
    });
    const names = out.map((r) => r.destination);
    expect(names[0]).toBe('巴黎');
    expect(names.indexOf('新加坡')).toBeGreaterThan(names.indexOf('巴黎'));
    expect(names.indexOf('新加坡')).toBeGreaterThanOrEqual(5);
    for (const r of out) for (const reason of r.matchReasons) expect(reason).not.toMatch(/[A-Za-z]/);
    expect(out[0]!.highlights.length).toBeGreaterThan(2);
    for (const h of out[0]!.highlights) expect(h).toMatch(/^[\u3400-\u9fff（）·]+$/);
  });

  it('answers in English with English reasons and highlights', async () => {
    const out = await recommendDestinations(providers.knowledge, providers.rates, {
      style: 'romantic',
      season: 'spring',
      language: 'en',
    });
    expect(out[0]!.destination).toBe('Paris');
    for (const r of out)
      for (const t of [...r.matchReasons, ...r.highlights]) expect(t).not.toMatch(/[\u3400-\u9fff]/);
  });
});
