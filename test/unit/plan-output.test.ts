/**
 * The printed plan and what it carries for a traveller (issue 16, output side): entry and visa
 * notes for the passport, one currency with the provider's price beside it, one language (cuisine
 * words included). Plans come from the planner on the offline providers with a fixed clock.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { planTrip } from '../../agents/planning/coordinator.js';
import { cuisineLabel, durationText } from '../../agents/planning/display-labels.js';
import { priceText } from '../../agents/planning/money-text.js';
import { renderPlanText } from '../../agents/planning/plan-text.js';
import { extractPassport } from '../../agents/nlu/passport.js';
import type { Providers } from '../../agents/ports/providers.js';
import type { TravelPlan } from '../../agents/schemas/travel-plan.js';
import { TripRequest, type TripRequestInput } from '../../agents/schemas/trip-request.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';

let providers: Providers;
const fixedNow = () => new Date('2026-12-01T00:00:00Z');
beforeAll(() => {
  providers = createOfflineProviders({ now: fixedNow });
});

async function plan(input: Partial<TripRequestInput>): Promise<TravelPlan> {
  const request = TripRequest.parse({
    origin: { name: '北京' },
    destinations: [{ name: '巴黎' }],
    startDate: '2027-04-12',
    days: 5,
    travelers: { adults: 2 },
    budget: { amount: 40000, currency: 'CNY' },
    ...input,
  });
  const out = await planTrip(request, { providers, now: fixedNow });
  if (!out.plan) throw new Error(`no plan: ${out.failure?.message}`);
  return out.plan;
}

/** Amounts outside brackets: the currencies a reader sees as the plan's own. */
function mainCurrencies(text: string): Set<string> {
  const outside = text.replace(/\([^)]*\)|（[^）]*）/g, '');
  return new Set([...outside.matchAll(/\d[\d,.]*\s?([A-Z]{3})\b/g)].map((m) => m[1]!));
}

describe('passport as the request states it', () => {
  it('reads a passport only where it is stated, in Chinese and English', () => {
    expect(extractPassport('我们两个持美国护照，从上海去东京')).toBe('US');
    expect(extractPassport('英国籍，想去北京玩5天')).toBe('GB');
    expect(extractPassport('Two UK passport holders flying from Paris to Beijing')).toBe('GB');
    expect(extractPassport('We are German citizens visiting Tokyo')).toBe('DE');
    expect(extractPassport('passport: Japanese, 3 days in Shanghai')).toBe('JP');
    // An origin is not a passport.
    expect(extractPassport('从美国出发去北京玩5天')).toBeNull();
    expect(extractPassport('From New York to Paris, 5 days, budget $6000')).toBeNull();
  });
});

describe('entry and visa notes', () => {
  it('finds the note by destination and passport group, and none for a domestic trip', async () => {
    const fr = await providers.knowledge.entryNote!({
      destinationCountry: 'FR',
      passportCountry: 'CN',
      language: 'zh',
    });
    expect(fr?.title).toContain('法国');
    expect(fr?.citation?.lastChecked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // A German passport is covered by the notes for EU passports.
    const jp = await providers.knowledge.entryNote!({
      destinationCountry: 'JP',
      passportCountry: 'DE',
      language: 'en',
    });
    expect(jp?.citation?.docId).toBe('entry.jp.eu.en');
    expect(
      await providers.knowledge.entryNote!({
        destinationCountry: 'CN',
        passportCountry: 'CN',
        language: 'zh',
      }),
    ).toBeNull();
  });

  it('assumes the origin country when no passport is given, and says so', async () => {
    const p = await plan({});
    expect(p.entryNotes).toHaveLength(1);
    expect(p.entryNotes?.[0]).toMatchObject({ country: 'FR', passportCountry: 'CN', passportAssumed: true });
    const text = renderPlanText(p, 'zh');
    const head = text.split('\n## 第1天')[0]!;
    expect(head).toContain('入境与签证（中国护照，按出发地推断');
    expect(head).toContain('一般性指引');
    expect(head).toMatch(/更新于 \d{4}-\d{2}-\d{2}/);
  });

  it('uses the stated passport, in the output language, and none for a domestic trip', async () => {
    const p = await plan({
      origin: { name: 'Shanghai' },
      destinations: [{ name: 'Tokyo' }],
      passportCountry: 'US',
      language: 'en',
    });
    expect(p.entryNotes?.[0]).toMatchObject({ country: 'JP', passportCountry: 'US', passportAssumed: false });
    const text = renderPlanText(p, 'en');
    expect(text).toContain('Entry and visas (US passport; general guidance');
    expect(text).not.toMatch(/[\u4e00-\u9fff]/);
    const home = await plan({ destinations: [{ name: '西安' }] });
    expect(home.entryNotes).toEqual([]);
    expect(renderPlanText(home, 'zh')).not.toContain('入境与签证');
  });
});

describe('one currency per output', () => {
  it('prints the plan currency with the provider price beside it', () => {
    expect(priceText(1020, 'CNY', { amount: 130, currency: 'EUR' })).toBe('1,020 CNY (130 EUR)');
    expect(priceText(27, 'CNY', { amount: 3.5, currency: 'SGD' })).toBe('27 CNY (3.5 SGD)');
    expect(priceText(27, 'CNY', null)).toBe('27 CNY');
  });

  it('never shows a foreign amount as a plan amount, child tickets included', async () => {
    const p = await plan({
      travelers: { adults: 2, children: 1, childAges: [5] },
      mustVisit: ['迪士尼'],
    });
    const text = renderPlanText(p, 'zh');
    expect([...mainCurrencies(text)]).toEqual(['CNY']);
    expect(text).toMatch(/儿童票 [\d,]+ CNY \([\d.,]+ EUR\)/);
    // Originals are kept on the items, in the provider's currency.
    const originals = p.itinerary.flatMap((d) => d.activities).filter((a) => a.originalCost);
    expect(originals.length).toBeGreaterThan(0);
    expect(originals.every((a) => a.originalCost!.currency === 'EUR')).toBe(true);
    expect(p.accommodations[0]?.originalPricePerNight?.currency).toBe('EUR');
    expect(text).toMatch(/[\d,]+ CNY \([\d,.]+ EUR\)\/晚/);
  });
});

describe('one language per output', () => {
  it('has a Chinese label for every cuisine word in the curated data', () => {
    const dir = join(process.cwd(), 'knowledge/destinations');
    const missing = new Set<string>();
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
      const data = JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
        restaurants: { cuisines?: string[] }[];
      };
      for (const r of data.restaurants)
        for (const c of r.cuisines ?? []) if (!cuisineLabel(c, 'zh')) missing.add(c);
    }
    expect([...missing]).toEqual([]);
  });

  it('prints meals with Chinese cuisine words in a Chinese plan', async () => {
    const text = renderPlanText(await plan({}), 'zh');
    const meals = text.split('\n').filter((l) => /(早餐|午餐|晚餐): /.test(l));
    expect(meals.length).toBeGreaterThan(3);
    for (const line of meals)
      expect(line.replace(/\([^)]*[A-Z]{3}\)|\[[^\]]*\]|[\d,]+ CNY/g, '')).not.toMatch(
        /\((?:cafe|french|[a-z ]+)\)/,
      );
  });
});

describe('uncovered destinations: the outline on request', () => {
  it('offers the outline in the plain answer, and builds it, labelled, when asked', async () => {
    const base = { origin: { name: '上海' }, destinations: [{ name: '大理' }], days: 5 };
    const refused = await planTrip(TripRequest.parse({ ...base, startDate: '2027-04-12' }), {
      providers,
      now: fixedNow,
    });
    expect(refused.failure?.code).toBe('NOT_COVERED');
    expect(refused.failure?.details?.['outlineAvailable']).toBe(true);
    expect(refused.failure?.messageZh).toContain('往返交通与住宿晚数的概要');
    const p = await plan({ ...base, outlineIfUncovered: true });
    expect(p.tags).toContain('outline');
    expect(p.title).toContain('交通与住宿概要');
    expect(p.flights.length).toBe(2);
    const codes = p.warnings.map((w) => w.code);
    expect(codes).toContain('OUTLINE_ONLY');
    expect(codes).not.toContain('MEAL_MISSING');
    expect(codes).not.toContain('MISSING_ACCOMMODATION');
    expect(p.warnings.length).toBeLessThanOrEqual(3);
    const text = renderPlanText(p, 'zh');
    expect(text).toContain('【仅交通与住宿概要】');
    expect(text).toMatch(/5天4晚/);
    // The free days are one block, not three empty ones.
    expect(text).toContain('## 第2-4天 2027-04-13 至 2027-04-15');
    expect(text).not.toMatch(/## 第3天/);
    const blocks = text
      .split('\n## ')
      .slice(1)
      .filter((b) => /^第\d/.test(b));
    for (const b of blocks) expect(b).toMatch(/\n主题: .+/);
  });
});

describe('journeys as printed', () => {
  it('marks next-day arrivals of the alternatives with +1 and names transfers by their option', async () => {
    const p = await plan({});
    const overnight = p.alternatives!.flights.filter((f) => f.arrivalDate);
    // Paris -> Beijing always lands on a later local date.
    expect(overnight.some((f) => f.from === '巴黎')).toBe(true);
    const text = renderPlanText(p, 'zh');
    for (const f of overnight)
      expect(text).toContain(`${f.flightNumber} ${f.departureTime}-${f.arrivalTime} (+1)`);
    for (const f of p.alternatives!.flights.filter((x) => !x.arrivalDate))
      expect(text).toContain(`${f.flightNumber} ${f.departureTime}-${f.arrivalTime} ·`);
    const transfers = p.itinerary.flatMap((d) => d.activities).filter((a) => a.transfer);
    expect(transfers.length).toBeGreaterThan(0);
    for (const t of transfers) expect(text).toContain(`${t.name} (${durationText(t.duration, 'zh')}`);
  });
});
