/**
 * Origin, destinations and "N cities in a region": gazetteer mentions, each given a role by the
 * words around it (`从成都出发`, `到杭州旅行`, `departing from Kansas City`, `to Paris`,
 * `2 cities in Texas`, `云南三个城市`).
 */
import type { PlaceRef } from '../schemas/trip-request.js';
import type { ParseContext } from './context.js';
import type { GazetteerPlace, PlaceMention } from './gazetteer.js';
import { regionName } from './gazetteer.js';
import { EN_NUMBER_WORDS, parseSmallNumber } from './text.js';

export interface PlacesFinding {
  origin?: PlaceRef;
  destinations: PlaceRef[];
  region?: { name: string; cityCount: number };
  /** Confidence of origin, destinations, region. */
  confidence: { origin: number; destinations: number };
  /** The region's city count came from the text (not assumed). */
  regionCountGiven: boolean;
}

type Role = 'origin' | 'destination' | undefined;

interface Scored {
  m: PlaceMention;
  role: Role;
  strong: boolean;
  /** Role from a clear marker (从, 到, from, to) rather than from position. */
  marked: boolean;
}

const ZH_FOLLOW_OK =
  /^(?:$|[^\p{Script=Han}]|[出旅玩游去到的市省县州人和与及、待住呆看逛吃过转飞坐乘回返往方站机周附一两三四五六七八九十几个等地为是了吧呢啊这那呀哦吗城附]|自由行|本地|当地)/u;
const ZH_ORIGIN_BEFORE = /(?:从|由|自)\s*$/;
const ZH_ORIGIN_AFTER = /^\s*(?:市)?\s*(?:出发|启程|动身|起飞|始发)/;
const ZH_HOME = /(?:我|我们|人|家|住|现)在\s*$/;
const ZH_DEST_BEFORE =
  /(?:到|去|往|至|飞|赴|游|逛|玩|抵达|前往|飞往|去往|目的地是?|目的地为|想去|要去|来|游览|参观|打卡|转|去一?趟|去一下)\s*$/;
const ZH_DEST_AFTER =
  /^\s*(?:市)?\s*(?:旅行|旅游|游玩|玩|游|自由行|之旅|度假|出差|看看|逛逛|待|呆|住|过|转转|走走|[\d一二两三四五六七八九十]+\s*(?:日|天|晚)|的[\d一二两三四五六七八九十]+\s*(?:日|天)|的?(?:旅行|行程|攻略))/;
const ZH_RETURN_BEFORE = /(?:回到?|返回)\s*$/;
const ZH_LINK = /^\s*(?:到|至|去|飞往?|→|->|—|-|~|—>)\s*$/;
const ZH_AND = /^\s*(?:和|与|及|、|,|以及|然后再?去|再去|再到|然后到|再飞|转|->|→|-)\s*$/;

const EN_ORIGIN_BEFORE =
  /\b(?:from|leaving|leave|departing|depart|departs|start(?:s|ing)?(?:\s+(?:in|at|from))?|originat(?:e|es|ing)\s+(?:in|from)|setting\s+off\s+from|set\s+off\s+from|taking\s+off\s+from|based\s+in|live\s+in|living\s+in|flying\s+out\s+of|out\s+of|beginning\s+in|begin\s+in|home\s+in)\s+(?:the\s+)?(?:city\s+of\s+)?$/i;
const EN_DEST_BEFORE =
  /\b(?:to|into|visit|visiting|visits|explore|exploring|in|at|towards?|reach|covering|cover|tour|touring|see|around|across|ending\s+in|end\s+in|ending\s+at|stopping\s+in|venturing\s+into|trip\s+to|vacation\s+in|holiday\s+in|fly\s+to|go\s+to|heading\s+to|head\s+to|and|then)\s+(?:the\s+)?(?:city\s+of\s+)?$/i;
const EN_LINK = /^\s*(?:to|-|–|->|→)\s*$/i;
const EN_AND = /^\s*(?:,|and|,\s*and|then|&|\/)\s*$/i;

const COUNT_ZH = String.raw`(\d{1,2}|[一二两三四五六七八九十])\s*(?:个|座)\s*(?:不同的?)?\s*(?:城市|地方|市)`;
const COUNT_EN = String.raw`\b(\d{1,2}|${EN_NUMBER_WORDS})\s+(?:different\s+|distinct\s+|separate\s+|unique\s+|other\s+|major\s+)?cities\b`;

function placeRef(ctx: ParseContext, p: GazetteerPlace, surface: string): PlaceRef {
  const useZh = ctx.lang === 'zh' && !!p.zh;
  const region =
    p.kind === 'city' ? (p.country === 'CN' ? (p.region ?? null) : (p.regionEn ?? p.region ?? null)) : null;
  return {
    name: useZh ? p.zh! : p.en || surface,
    nameEn: p.en || null,
    nameZh: p.zh,
    country: p.country,
    region,
  };
}

/** Word boundaries of the jieba segmentation, when a segmenter is there. */
function boundaries(ctx: ParseContext): Set<number> | undefined {
  if (!ctx.segmenter) return undefined;
  const set = new Set<number>([0]);
  let pos = 0;
  for (const w of ctx.segmenter.cut(ctx.text)) {
    pos += w.length;
    set.add(pos);
  }
  return set;
}

function isHan(s: string): boolean {
  return /\p{Script=Han}/u.test(s);
}

/** Picks, among same-name candidates, the one coherent with the other places named. */
function resolveCandidates(mentions: PlaceMention[]): void {
  const unambiguousCountries = new Set(
    mentions.filter((m) => m.candidates.length === 1).map((m) => m.country),
  );
  for (const m of mentions) {
    if (m.candidates.length < 2) continue;
    const coherent = m.candidates.find((c) => unambiguousCountries.has(c.country));
    if (coherent && coherent !== m.place) choose(m, coherent);
  }
}

function choose(m: PlaceMention, p: GazetteerPlace): void {
  m.place = p;
  m.kind = p.kind;
  m.country = p.country;
  m.nameEn = p.en;
  m.nameZh = p.zh;
  m.region = regionName(p);
}

export function extractPlaces(ctx: ParseContext): PlacesFinding {
  const text = ctx.text;
  const bounds = boundaries(ctx);
  const mentions = ctx.gazetteer.findMentions(text);
  resolveCandidates(mentions);

  // "N cities in X", "X state", "云南三个城市": the region reading of a name.
  let count: number | undefined;
  const countZh = RX_PLACES_1.exec(text);
  const countEn = RX_PLACES_2.exec(text);
  if (countZh) count = parseSmallNumber(countZh[1]!);
  else if (countEn) count = parseSmallNumber(countEn[1]!);
  for (const m of mentions) {
    const after = text.slice(m.end, m.end + 8);
    const before = text.slice(Math.max(0, m.start - 40), m.start);
    const regionCandidate = m.candidates.find((c) => c.kind === 'region');
    if (!regionCandidate || m.place.kind === 'region') continue;
    if (
      /^\s*(?:state|州)\b/i.test(after) ||
      /\bcities\s+(?:in|across|of|around|throughout)\s+(?:the\s+state\s+of\s+)?$/i.test(before)
    )
      choose(m, regionCandidate);
  }

  const scored: Scored[] = mentions.map((m) => {
    let strong = true;
    if (isHan(m.surface)) {
      strong = ZH_FOLLOW_OK.test(text.slice(m.end, m.end + 3));
      if (bounds && !(bounds.has(m.start) && (bounds.has(m.end) || /^[市省县州]/.test(text.slice(m.end)))))
        strong = false;
    }
    return { m, role: undefined, strong, marked: false };
  });

  for (let i = 0; i < scored.length; i++) {
    const s = scored[i]!;
    const { m } = s;
    const lineStart = Math.max(text.lastIndexOf('\n', m.start - 1) + 1, m.start - 40);
    const before = text.slice(lineStart, m.start);
    const after = text.slice(m.end, m.end + 12);
    if (isHan(m.surface)) {
      if (ZH_ORIGIN_BEFORE.test(before) || ZH_ORIGIN_AFTER.test(after)) s.role = 'origin';
      else if (ZH_DEST_BEFORE.test(before) || ZH_DEST_AFTER.test(after)) s.role = 'destination';
      else if (ZH_RETURN_BEFORE.test(before)) s.role = 'origin';
      else if (ZH_HOME.test(before) && /^\s*(?:[,。]|工作|生活|上班|读书)/.test(after)) s.role = 'origin';
    } else {
      if (EN_ORIGIN_BEFORE.test(before)) s.role = 'origin';
      else if (EN_DEST_BEFORE.test(before)) s.role = 'destination';
    }
    s.marked = s.role !== undefined;
  }
  // "北京到上海", "Boston to Denver": the first is the origin; "去北京和上海": both destinations.
  for (let i = 0; i + 1 < scored.length; i++) {
    const a = scored[i]!;
    const b = scored[i + 1]!;
    const between = text.slice(a.m.end, b.m.start);
    if ((ZH_LINK.test(between) || EN_LINK.test(between)) && a.role !== 'destination') {
      a.role ??= 'origin';
      b.role ??= 'destination';
    } else if (
      (ZH_AND.test(between) || EN_AND.test(between)) &&
      a.role === 'destination' &&
      b.role === undefined
    ) {
      b.role = 'destination';
    }
  }

  // 去日本北海道: a place written right after a destination narrows it.
  for (let i = 0; i + 1 < scored.length; i++) {
    const a = scored[i]!;
    const b = scored[i + 1]!;
    if (a.role === 'destination' && b.role === undefined && b.m.start === a.m.end && isHan(b.m.surface)) {
      b.role = 'destination';
      b.marked = true;
    }
  }
  // "Paris, London and Rome": the names listed before a destination are destinations too.
  for (let i = scored.length - 2; i >= 0; i--) {
    const a = scored[i]!;
    const b = scored[i + 1]!;
    const between = text.slice(a.m.end, b.m.start);
    if (
      a.role === undefined &&
      b.role === 'destination' &&
      (ZH_AND.test(between) || EN_AND.test(between)) &&
      a.strong
    )
      a.role = 'destination';
  }

  const usable = scored.filter((s) => s.strong || s.marked);
  const origins = usable.filter((s) => s.role === 'origin');
  let dests = usable.filter((s) => s.role === 'destination');
  let destConfidence = 0.95;
  if (dests.length === 0) {
    dests = usable.filter(
      (s) => s.role === undefined && s.strong && (origins.length === 0 || s.m.start > origins[0]!.m.start),
    );
    if (dests.length === 0) dests = usable.filter((s) => s.role === undefined && s.strong);
    destConfidence = 0.6;
  }
  const originS = origins[0];
  const finding: PlacesFinding = {
    destinations: [],
    confidence: { origin: originS ? (originS.marked ? 0.95 : 0.7) : 0, destinations: 0 },
    regionCountGiven: count !== undefined,
  };
  if (originS) finding.origin = placeRef(ctx, originS.m.place, originS.m.surface);

  // Destinations: cities in order, without repeats or the origin; regions and countries become the region
  // unless a named city lies inside them.
  const cities: Scored[] = [];
  const regions: Scored[] = [];
  for (const s of dests) {
    if (originS && s.m.place === originS.m.place && dests.length > 1) continue;
    if (s.m.place.kind === 'city') {
      if (!cities.some((c) => c.m.place === s.m.place)) cities.push(s);
    } else if (!regions.some((r) => r.m.place === s.m.place)) regions.push(s);
  }
  for (const s of cities) finding.destinations.push(placeRef(ctx, s.m.place, s.m.surface));
  // A country is dropped when a region inside it is named (日本北海道 -> 北海道).
  const specific = regions.filter(
    (r) =>
      !(
        r.m.place.kind === 'country' &&
        regions.some((o) => o.m.place.kind === 'region' && o.m.place.country === r.m.place.country)
      ),
  );
  const region = specific.find(
    (r) =>
      !cities.some(
        (c) =>
          (r.m.place.kind === 'country' && c.m.place.country === r.m.place.country) ||
          (r.m.place.kind === 'region' &&
            (c.m.place.region === r.m.place.zh || c.m.place.regionEn === r.m.place.en)),
      ),
  );
  if (region && (cities.length === 0 || count !== undefined)) {
    const name = ctx.lang === 'zh' ? (region.m.place.zh ?? region.m.place.en) : region.m.place.en;
    finding.region = { name, cityCount: Math.min(10, Math.max(1, count ?? 1)) };
    if (count === undefined) {
      ctx.notes.push(
        ctx.lang === 'zh'
          ? `没有说明要去${name}的几个城市，暂按1个。`
          : `The number of cities to visit in ${name} is not given; assumed 1.`,
      );
    }
  }
  if (finding.destinations.length > 0 || finding.region) finding.confidence.destinations = destConfidence;
  return finding;
}

// Patterns built from the pieces above, compiled once.
const RX_PLACES_1 = new RegExp(COUNT_ZH);
const RX_PLACES_2 = new RegExp(COUNT_EN, 'i');
