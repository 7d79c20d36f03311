/**
 * The knowledge-base corpus: every document in both languages, as per-language records.
 *
 * - Authored documents (knowledge/kb/guides, entry, events): prose written for the knowledge base,
 *   each with a Chinese and an English version side by side.
 * - Generated notes for every curated sight, restaurant and stay (knowledge/destinations): built
 *   with templates from the curated record (category, tags, opening hours, ticket, visit length,
 *   price level, house rules) — they say only what the record says, plus general advice labelled
 *   editorial. No history is generated (the records hold none).
 *
 * Ids are stable: the group id names the document in both languages (`paris.guide.getting-around`,
 * `paris.sight.paris-louvre`), the record id adds the language (`paris.guide.getting-around.en`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOpeningHours } from '../../agents/planning/opening-hours.js';
import { KnowledgeDocument } from '../../agents/schemas/knowledge.js';
import type { DestinationDataset } from '../dataset/schema.js';
import { loadDestinations } from '../offline/dataset-loader.js';
import { AuthoredFile, type AuthoredDocument } from './schema.js';

/** A document in one language, with the seed's KnowledgeDocument fields and the base's own. */
export interface KnowledgeRecord {
  id: string;
  groupId: string;
  lang: 'zh' | 'en';
  title: string;
  content: string;
  category: KnowledgeDocument['category'];
  topic: string;
  city: string | null;
  country: string | null;
  tags: string[];
  /** Seed `locations`: place names the document is about. */
  locations: string[];
  /** The source in words. */
  sourceNote: string;
  sourceUrl: string | null;
  lastChecked: string;
  unverified: boolean;
  /** The seed KnowledgeDocument (validated). */
  seed: KnowledgeDocument;
}

/** knowledge/kb/ (written `../kb/` so it also resolves from a Lambda bundle's module URL). */
export const KB_DIR = fileURLToPath(new URL('../kb/', import.meta.url));
const AUTHORED_DIRS = ['guides', 'entry', 'events'];

export interface CorpusOptions {
  /** Folder of the authored files (default knowledge/kb). */
  kbDir?: string | undefined;
  /** Folder of the curated destination files (default knowledge/destinations). */
  datasetDir?: string | undefined;
}

/** Loads and validates every document. Throws naming the file on an invalid one. */
export function loadCorpus(options: CorpusOptions = {}): KnowledgeRecord[] {
  const out: KnowledgeRecord[] = [];
  const kbDir = options.kbDir ?? KB_DIR;
  for (const sub of AUTHORED_DIRS) {
    let files: string[];
    try {
      files = readdirSync(join(kbDir, sub)).filter((f) => f.endsWith('.json'));
    } catch {
      continue;
    }
    for (const f of files.sort()) {
      const path = join(kbDir, sub, f);
      const parsed = AuthoredFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      if (!parsed.success) {
        throw new Error(
          `${sub}/${f}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      }
      for (const d of parsed.data.documents) out.push(...authoredRecords(parsed.data, d));
    }
  }
  for (const entry of loadDestinations({ dir: options.datasetDir })) out.push(...curatedRecords(entry.data));
  const ids = new Set<string>();
  for (const r of out) {
    if (ids.has(r.id)) throw new Error(`duplicate knowledge document id ${r.id}`);
    ids.add(r.id);
  }
  return out;
}

function record(r: Omit<KnowledgeRecord, 'id' | 'seed'>): KnowledgeRecord {
  const id = `${r.groupId}.${r.lang}`;
  const at = `${r.lastChecked}T00:00:00.000Z`;
  const seed = KnowledgeDocument.parse({
    id,
    title: r.title.slice(0, 200),
    content: r.content,
    category: r.category,
    subcategory: r.topic,
    locations: r.locations,
    tags: r.tags,
    language: r.lang === 'zh' ? 'zh-cn' : 'en-us',
    source: 'manual',
    sourceUrl: r.sourceUrl,
    author: 'editorial',
    qualityScore: r.unverified ? 0.6 : 0.9,
    createdAt: at,
    updatedAt: at,
    lastVerified: r.unverified ? null : at,
  });
  return { ...r, id, seed };
}

function authoredRecords(file: AuthoredFile, d: AuthoredDocument): KnowledgeRecord[] {
  const groupId = `${file.prefix}.${d.slug}`;
  const city = d.city === undefined ? file.city : d.city;
  const base = {
    groupId,
    category: d.category,
    topic: d.topic,
    city,
    country: d.country ?? file.country,
    tags: d.tags,
    locations: city ? [city] : [],
    sourceNote: d.source ?? file.source,
    sourceUrl: d.source_url ?? file.source_url ?? null,
    lastChecked: d.last_checked ?? file.last_checked,
    unverified: d.unverified ?? file.unverified,
  };
  return [
    record({ ...base, lang: 'zh', title: d.title.zh, content: d.body.zh }),
    record({ ...base, lang: 'en', title: d.title.en, content: d.body.en }),
  ];
}

// ------------------------------------------------------------------ generated notes

const DAY_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAY_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const CODES: [string, string, string][] = [
  ['Mo', 'Mon', '周一'],
  ['Tu', 'Tue', '周二'],
  ['We', 'Wed', '周三'],
  ['Th', 'Thu', '周四'],
  ['Fr', 'Fri', '周五'],
  ['Sa', 'Sat', '周六'],
  ['Su', 'Sun', '周日'],
  ['PH', 'public holidays', '公众假期'],
];

function hoursText(hours: string, lang: 'zh' | 'en'): string {
  let s = hours;
  for (const [code, en, zh] of CODES)
    s = s.replace(new RegExp(`\\b${code}\\b`, 'g'), lang === 'en' ? en : zh);
  return lang === 'en'
    ? s.replace(/\boff\b/g, 'closed')
    : s.replace(/\s*\boff\b/g, ' 闭馆').replace(/;/g, '；');
}

function closedDays(hours: string): number[] {
  try {
    const week = parseOpeningHours(hours);
    return week.map((d, i) => (d.length === 0 ? i : -1)).filter((i) => i >= 0);
  } catch {
    return [];
  }
}

function earliestOpening(hours: string): string | null {
  try {
    const opens = parseOpeningHours(hours)
      .flat()
      .map(([o]) => o);
    if (opens.length === 0) return null;
    const m = Math.min(...opens);
    return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  } catch {
    return null;
  }
}

const CATEGORY_ZH: Record<string, string> = {
  museum: '博物馆',
  landmark: '地标',
  park: '公园',
  temple: '寺庙',
  palace: '宫殿',
  street: '街区',
  market: '市场',
  shopping: '购物地',
  nature: '自然景点',
  entertainment: '娱乐场所',
  viewpoint: '观景点',
  'theme-park': '主题公园',
  zoo: '动物园',
  'religious-site': '宗教场所',
  'historic-site': '历史遗迹',
  neighbourhood: '街区',
};

const SEASON_ZH: Record<string, string> = { spring: '春季', summer: '夏季', autumn: '秋季', winter: '冬季' };
const MEAL_ZH: Record<string, string> = { breakfast: '早餐', lunch: '午餐', dinner: '晚餐' };
const GENERATED_NOTE =
  'editorial: generated from the curated record (knowledge/destinations) with templates; hours and prices not verified live';

function money(amount: number, currency: string): string {
  return `${Math.round(amount * 100) / 100} ${currency}`;
}

function listEn(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function curatedRecords(data: DestinationDataset): KnowledgeRecord[] {
  const { city, profile } = data;
  const out: KnowledgeRecord[] = [];
  const common = {
    city: city.id,
    country: city.country,
    sourceNote: GENERATED_NOTE,
    sourceUrl: null,
    unverified: true,
  };
  // The curated tips and the city overview, as they are (verified provenance in the data set).
  data.tips.forEach((tip, i) => {
    const tagText = tip.tags.length > 0 ? tip.tags.join(' / ') : null;
    const base = {
      ...common,
      groupId: `${city.id}.tip.${i}`,
      category: 'guide' as const,
      topic: 'tip',
      tags: [...tip.tags],
      locations: [city.id],
      sourceNote: tip.source,
      unverified: /not verified|unverified/i.test(tip.source),
      lastChecked: tip.last_checked,
    };
    out.push(
      record({
        ...base,
        lang: 'zh',
        title: `${city.name_zh}贴士${tagText ? ` · ${tagText}` : ''}`,
        content: tip.zh,
      }),
    );
    out.push(
      record({
        ...base,
        lang: 'en',
        title: `${city.name_en} tip${tagText ? ` · ${tagText}` : ''}`,
        content: tip.en,
      }),
    );
  });
  {
    const base = {
      ...common,
      groupId: `${city.id}.overview`,
      category: 'destination' as const,
      topic: 'overview',
      tags: [...profile.styles],
      locations: [city.id],
      sourceNote: city.source,
      unverified: /not verified|unverified/i.test(city.source),
      lastChecked: city.last_checked,
    };
    out.push(record({ ...base, lang: 'zh', title: `${city.name_zh}概览`, content: profile.summary_zh }));
    out.push(record({ ...base, lang: 'en', title: `${city.name_en} overview`, content: profile.summary_en }));
  }
  const seasonsEn = listEn(profile.best_seasons);
  const seasonsZh = profile.best_seasons.map((s) => SEASON_ZH[s] ?? s).join('、');

  for (const a of data.attractions) {
    const closed = closedDays(a.hours);
    const opening = earliestOpening(a.hours);
    const popular = a.popularity >= 0.85;
    const free = a.ticket_price === 0;
    const hours = Math.floor(a.visit_minutes / 60);
    const mins = a.visit_minutes % 60;
    const durEn = hours > 0 ? `${hours} h${mins ? ` ${mins} min` : ''}` : `${mins} min`;
    const durZh = hours > 0 ? `${hours} 小时${mins ? ` ${mins} 分钟` : ''}` : `${mins} 分钟`;
    const catZh = CATEGORY_ZH[a.category] ?? a.category;
    const en = [
      `${a.name_en} (${a.name_zh}) is a ${a.category.replace(/-/g, ' ')} in ${city.name_en}, listed for ${listEn(a.tags)}.`,
      `Opening hours in our record: ${hoursText(a.hours, 'en')}${closed.length > 0 ? `; closed on ${listEn(closed.map((d) => DAY_EN[d]!))}` : ''}.`,
      free
        ? 'Entry is free in our record; special exhibitions or inner areas may charge.'
        : `Adult ticket about ${money(a.ticket_price, city.currency)}.`,
      free
        ? 'No ticket to book for general entry.'
        : popular
          ? 'How to book: it is one of the most visited sights in the city, so book a timed ticket on the official site or app ahead, especially for weekends and holidays.'
          : 'How to book: tickets are usually bought on the official site or at the entrance.',
      `Best time: ${opening ? `arrive near opening (${opening})` : 'go early'} to beat the crowds${a.indoor ? '; being indoors, it suits a rainy or very hot day' : `; outdoors, it is best in ${seasonsEn} and in dry weather`}.`,
      `Plan about ${durEn}.`,
      `What to skip: the peak hours around midday, weekends and public holidays${a.visit_minutes >= 180 ? '; with limited time, pick a few highlights instead of trying to see everything' : ''}.`,
      'Editorial note generated from our curated record: check hours and prices on the official site before you go.',
    ].join(' ');
    const zh = [
      `${a.name_zh}（${a.name_en}）是${city.name_zh}的${catZh}，特色：${a.tags.join('、')}。`,
      `资料中的开放时间：${hoursText(a.hours, 'zh')}${closed.length > 0 ? `；${closed.map((d) => DAY_ZH[d]!).join('、')}闭馆` : ''}。`,
      free
        ? '资料显示免费参观；特展或部分区域可能另收费。'
        : `成人门票约 ${money(a.ticket_price, city.currency)}。`,
      free
        ? '普通参观无需购票预约。'
        : popular
          ? '如何预约：这是全市最热门的景点之一，建议提前在官网或官方 App 预约时段票，周末和节假日尤其要早订。'
          : '如何购票：一般可在官网或现场售票处购买门票。',
      `最佳时间：${opening ? `开门时（${opening}）前后到达` : '尽量早去'}可避开人流${a.indoor ? '；室内场馆，雨天或酷暑也适合' : `；室外景点，${seasonsZh}天气干爽时最佳`}。`,
      `建议游览约 ${durZh}。`,
      `可以避开：中午前后、周末和公众假期的高峰时段${a.visit_minutes >= 180 ? '；时间有限时挑几个重点参观，不必贪多' : ''}。`,
      '本条为根据精选资料生成的编辑说明：出行前请在官网核实开放时间和票价。',
    ].join('');
    const base = {
      ...common,
      groupId: `${city.id}.sight.${a.id}`,
      category: 'activity' as const,
      topic: 'sight',
      tags: [...a.tags, a.category],
      locations: [city.id, a.name_en],
      lastChecked: a.last_checked,
    };
    out.push(
      record({ ...base, lang: 'en', title: `${a.name_en}: visitor notes (${city.name_en})`, content: en }),
    );
    out.push(record({ ...base, lang: 'zh', title: `${a.name_zh}游览须知（${city.name_zh}）`, content: zh }));
  }

  for (const r of data.restaurants) {
    const booking = r.price_level >= 3;
    const en = [
      `${r.name_en} (${r.name_zh}) in ${city.name_en} serves ${listEn(r.cuisines.map((c) => c.replace(/-/g, ' ')))} food.`,
      `Average spend about ${money(r.average_cost, city.currency)} per person (price level ${r.price_level} of 4); it serves ${listEn(r.meals)}.`,
      `Opening hours in our record: ${hoursText(r.hours, 'en')}.`,
      booking
        ? 'Reservations: at this price level booking ahead is advisable, especially for dinner.'
        : 'Reservations: usually walk-in; expect a queue at peak meal times.',
      'Editorial note generated from our curated record: check hours and prices before you go.',
    ].join(' ');
    const zh = [
      `${city.name_zh}的${r.name_zh}（${r.name_en}）主打${r.cuisines.join('、')}。`,
      `人均消费约 ${money(r.average_cost, city.currency)}（价位 ${r.price_level}/4），供应${r.meals.map((m) => MEAL_ZH[m] ?? m).join('、')}。`,
      `资料中的营业时间：${hoursText(r.hours, 'zh')}。`,
      booking ? '订位：这个价位建议提前订位，晚餐尤其如此。' : '订位：一般无需预约，饭点可能要排队。',
      '本条为根据精选资料生成的编辑说明：出行前请核实营业时间和价格。',
    ].join('');
    const base = {
      ...common,
      groupId: `${city.id}.restaurant.${r.id}`,
      category: 'restaurant' as const,
      topic: 'restaurant',
      tags: [...r.cuisines],
      locations: [city.id, r.name_en],
      lastChecked: r.last_checked,
    };
    out.push(
      record({ ...base, lang: 'en', title: `${r.name_en}: restaurant notes (${city.name_en})`, content: en }),
    );
    out.push(record({ ...base, lang: 'zh', title: `${r.name_zh}餐厅须知（${city.name_zh}）`, content: zh }));
  }

  for (const h of data.hotels) {
    const rules = h.house_rules;
    const yes = (b: boolean, en: string) => `${en} ${b ? 'allowed' : 'not allowed'}`;
    const yesZh = (b: boolean, zh: string) => `${b ? '允许' : '不允许'}${zh}`;
    const en = [
      `${h.name_en} (${h.name_zh}) is a ${h.stars}-star ${h.type} in ${city.name_en}${h.address ? ` (${h.address})` : ''}.`,
      `From about ${money(h.price_per_night, city.currency)} per night for a ${h.room_type.replace(/_/g, ' ')} sleeping up to ${h.max_occupancy}; minimum stay ${h.minimum_nights} night${h.minimum_nights > 1 ? 's' : ''}.`,
      `House rules in our record: ${[yes(rules.smoking, 'smoking'), yes(rules.parties, 'parties'), yes(rules.children_under_10, 'children under 10'), yes(rules.visitors, 'visitors'), yes(rules.pets, 'pets')].join('; ')}.`,
      h.amenities.length > 0 ? `Amenities: ${listEn(h.amenities)}.` : '',
      'Editorial note generated from our curated record: prices are typical figures, not live rates.',
    ]
      .filter(Boolean)
      .join(' ');
    const zh = [
      `${h.name_zh}（${h.name_en}）是${city.name_zh}的${h.stars} 星级住宿（${h.type}）${h.address ? `，地址：${h.address}` : ''}。`,
      `每晚约 ${money(h.price_per_night, city.currency)} 起，房型可住 ${h.max_occupancy} 人，最少入住 ${h.minimum_nights} 晚。`,
      `资料中的入住规定：${[yesZh(rules.smoking, '吸烟'), yesZh(rules.parties, '聚会'), yesZh(rules.children_under_10, '10 岁以下儿童入住'), yesZh(rules.visitors, '访客'), yesZh(rules.pets, '携带宠物')].join('，')}。`,
      h.amenities.length > 0 ? `设施：${h.amenities.join('、')}。` : '',
      '本条为根据精选资料生成的编辑说明：价格为典型值，并非实时房价。',
    ].join('');
    const base = {
      ...common,
      groupId: `${city.id}.stay.${h.id}`,
      category: 'hotel' as const,
      topic: 'stay',
      tags: [h.type, ...h.amenities],
      locations: [city.id, h.name_en],
      lastChecked: h.last_checked,
    };
    out.push(
      record({ ...base, lang: 'en', title: `${h.name_en}: stay notes (${city.name_en})`, content: en }),
    );
    out.push(record({ ...base, lang: 'zh', title: `${h.name_zh}住宿须知（${city.name_zh}）`, content: zh }));
  }
  return out;
}
