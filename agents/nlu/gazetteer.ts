/**
 * The gazetteer port of the request parser: finds place names (cities, provinces and states,
 * countries) in Chinese or English text and resolves them to places with both names.
 *
 * The in-memory implementation is built from plain data handed to it (the bundled
 * `knowledge/gazetteer/cities.json`, loaded by the caller); it reads no file and opens no
 * connection itself.
 */

export type PlaceKind = 'city' | 'region' | 'country';

/** One place of the gazetteer data. */
export interface GazetteerPlace {
  kind: PlaceKind;
  /** Chinese name (simplified), when known. */
  zh: string | null;
  /** English name. */
  en: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Province or state the city lies in (Chinese name when known), cities only. */
  region?: string | null;
  /** The same region in English. */
  regionEn?: string | null;
  /** 3: capital or major destination, 2: notable, 1: minor. Used to order ambiguous names. */
  rank: number;
  /** Other spellings: `成都市`, `Xian`, `NYC`. */
  aliases?: string[];
}

export interface GazetteerData {
  places: GazetteerPlace[];
  /**
   * Airport and city codes (`SFO`, `PVG`): the code, then the English name and ISO country of the
   * city it serves. A code is read only where a route or a place is expected (see `findEnglish`).
   */
  codes?: [code: string, en: string, country: string][];
}

/** Multi-airport city codes and common city abbreviations that are no airport's code. */
const CITY_CODES: [string, string, string][] = [
  ['TYO', 'Tokyo', 'JP'],
  ['OSA', 'Osaka', 'JP'],
  ['SEL', 'Seoul', 'KR'],
  ['BJS', 'Beijing', 'CN'],
  ['LON', 'London', 'GB'],
  ['LDN', 'London', 'GB'],
  ['PAR', 'Paris', 'FR'],
  ['ROM', 'Rome', 'IT'],
  ['MIL', 'Milan', 'IT'],
  ['BER', 'Berlin', 'DE'],
  ['STO', 'Stockholm', 'SE'],
  ['MOW', 'Moscow', 'RU'],
  ['NYC', 'New York', 'US'],
  ['WAS', 'Washington', 'US'],
  ['CHI', 'Chicago', 'US'],
  ['YTO', 'Toronto', 'CA'],
  ['YMQ', 'Montreal', 'CA'],
  ['SAO', 'Sao Paulo', 'BR'],
  ['RIO', 'Rio de Janeiro', 'BR'],
  ['BUE', 'Buenos Aires', 'AR'],
  ['JKT', 'Jakarta', 'ID'],
];

/**
 * One-character names of Chinese cities (简称), read only on a route written with an arrow or a
 * dash (`沪→杭`, `京-津`): alone, each character is an everyday word.
 */
const ZH_SHORT: Record<string, string> = {
  沪: '上海',
  京: '北京',
  津: '天津',
  渝: '重庆',
  蓉: '成都',
  穗: '广州',
  港: '香港',
  澳: '澳门',
  杭: '杭州',
  深: '深圳',
  鹏: '深圳',
  厦: '厦门',
  汉: '武汉',
  宁: '南京',
  甬: '宁波',
  锡: '无锡',
  苏: '苏州',
  榕: '福州',
  邕: '南宁',
  筑: '贵阳',
  昆: '昆明',
  郑: '郑州',
  哈: '哈尔滨',
  沈: '沈阳',
  珠: '珠海',
  莞: '东莞',
  佛: '佛山',
  桂: '桂林',
  青: '青岛',
  连: '大连',
  拉: '拉萨',
};
/** What links two stops of a shorthand route. */
const RX_SHORT_LINK = /[→>\-—–~⇒➡]/;

/** A place name found in a text. */
export interface PlaceMention {
  /** The text as written. */
  surface: string;
  /** Display name in the text's script: the Chinese name for Chinese text, else the English one. */
  name: string;
  nameEn: string;
  nameZh: string | null;
  country: string;
  /** Province (Chinese name) of a Chinese city, state or region (English name) of others; null otherwise. */
  region: string | null;
  kind: PlaceKind;
  /** Offsets in the searched text, `end` exclusive. */
  start: number;
  end: number;
  /** The chosen place, then the other places of the same name (best first). */
  place: GazetteerPlace;
  candidates: GazetteerPlace[];
}

export interface Gazetteer {
  /** Place names in `text`, left to right, non-overlapping (the longest name wins). */
  findMentions(text: string): PlaceMention[];
  /** Places called `name` (any script, any alias), best first; empty when unknown. */
  lookup(name: string): GazetteerPlace[];
  /**
   * The region (province, state) or country that `name` names or lies in: `Texas` -> Texas,
   * `成都` -> 四川, `Paris` -> France when the city has no region entry.
   */
  regionOf(name: string): GazetteerPlace | undefined;
  /**
   * The place name closest to a misspelt `word` (`chicgo` -> `Chicago`, `杭洲` -> `杭州`), or
   * undefined when none is close enough or two are equally close. Optional: a gazetteer without it
   * corrects no typos.
   */
  closest?(word: string): string | undefined;
}

/** Characters naming a kind of place or a part of a region (a sight's or an area's last word). */
const PLACE_KIND_CHAR = /[山湖海岛滩江河湾峰谷园馆街桥寺塔宫疆区场店]/;

const KIND_ORDER: Record<PlaceKind, number> = { city: 0, region: 1, country: 2 };
const HAN = /\p{Script=Han}/u;

/** English lookup key: lower case, no accents, no dots or apostrophes, single spaces. */
export function englishKey(text: string): string {
  // ASCII has no accents to strip: skip the (costly) decomposition.
  if (RX_ASCII.test(text))
    return text.toLowerCase().replace(RX_KEY_DROP, '').replace(RX_KEY_SPACE, ' ').trim();
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[.'’`]/g, '')
    .replace(/[\s\-_]+/g, ' ')
    .trim();
}

// eslint-disable-next-line no-control-regex -- printable ASCII check
const RX_ASCII = /^[\x00-\x7f]*$/;
const RX_KEY_DROP = /[.'’`]/g;
const RX_KEY_SPACE = /[\s\-_]+/g;

/**
 * Names that are also everyday English words: matched only when capitalised, and never at the
 * start of a sentence.
 */
const COMMON_WORDS = new Set([
  'bend',
  'mission',
  'concord',
  'providence',
  'nice',
  'bath',
  'male',
  'victoria',
  'florence',
  'charlotte',
  'jackson',
  'madison',
  'eugene',
  'austin',
  'phoenix',
  'buffalo',
  'orange',
  'reading',
  'mobile',
  'helena',
  'augusta',
  'midland',
  'decatur',
  'hancock',
  'moab',
  'erie',
  'nome',
  'cody',
  'butte',
  'mason city',
  'rochester',
  'bristol',
  'lima',
  'porto',
  'bali',
  'wales',
  'georgia',
  'jersey',
  'chad',
  'guinea',
  'turkey',
  'china',
  'japan',
  'jordan',
  'niger',
  'cuba',
  'iran',
  'oman',
  'peru',
  'mali',
  'sa',
  'la',
  'sf',
  'dc',
  'us',
  'uk',
]);

/** Lower-case words that are never place names even when capitalised at a sentence start. */
const NEVER_PLACE = new Set(['may', 'march', 'june', 'july', 'august', 'will', 'mobile', 'of', 'the', 'a']);

function sortPlaces(a: GazetteerPlace, b: GazetteerPlace): number {
  return b.rank - a.rank || KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
}

interface Token {
  start: number;
  end: number;
  text: string;
}

/** In-memory gazetteer over {@link GazetteerData}. */
export class InMemoryGazetteer implements Gazetteer {
  private readonly zh = new Map<string, GazetteerPlace[]>();
  private readonly en = new Map<string, GazetteerPlace[]>();
  /** Chinese names by first character, longest first (scanning allocates no substrings). */
  private readonly zhByFirst = new Map<string, string[]>();
  private readonly maxEnWords: number;
  /** English city keys by first letter, for typo correction (no scan of every name). */
  private readonly enCitiesByFirst = new Map<string, [string, GazetteerPlace[]][]>();
  /** Airport and city codes, upper case, to the city served. */
  private readonly codes = new Map<string, GazetteerPlace[]>();

  constructor(data: GazetteerData) {
    let maxEn = 1;
    const add = (map: Map<string, GazetteerPlace[]>, key: string, place: GazetteerPlace): void => {
      if (!key) return;
      const list = map.get(key);
      if (!list) map.set(key, [place]);
      else if (!list.includes(place)) list.push(place);
    };
    for (const place of data.places) {
      const names = [place.zh, place.en, ...(place.aliases ?? [])].filter((n): n is string => !!n);
      for (const name of names) {
        if (HAN.test(name)) {
          add(this.zh, name, place);
        } else {
          const key = englishKey(name);
          add(this.en, key, place);
          maxEn = Math.max(maxEn, key.split(' ').length);
        }
      }
    }
    for (const list of this.zh.values()) list.sort(sortPlaces);
    for (const name of this.zh.keys()) {
      const first = name[0]!;
      const list = this.zhByFirst.get(first);
      if (list) list.push(name);
      else this.zhByFirst.set(first, [name]);
    }
    for (const list of this.zhByFirst.values()) list.sort((a, b) => b.length - a.length);
    for (const list of this.en.values()) list.sort(sortPlaces);
    for (const [name, places] of this.en) {
      if (places[0]!.kind !== 'city') continue;
      const list = this.enCitiesByFirst.get(name[0]!);
      if (list) list.push([name, places]);
      else this.enCitiesByFirst.set(name[0]!, [[name, places]]);
    }
    this.maxEnWords = Math.min(maxEn, 6);
    for (const [code, en, country] of [...CITY_CODES, ...(data.codes ?? [])]) {
      if (!/^[A-Z]{3}$/.test(code) || this.codes.has(code)) continue;
      const city = this.en.get(englishKey(en))?.find((p) => p.kind === 'city' && p.country === country);
      if (city) this.codes.set(code, [city]);
    }
  }

  closest(word: string): string | undefined {
    const w = word.trim();
    if (HAN.test(w)) {
      // One character replaced, the first one kept: 杭洲 -> 杭州, 哈尔宾 -> 哈尔滨.
      let best: { name: string; rank: number } | undefined;
      let tie = false;
      for (const name of this.zhByFirst.get(w[0]!) ?? []) {
        if (name.length !== w.length || name.length < 2) continue;
        let diff = 0;
        let typed = '';
        for (let i = 1; i < name.length; i++)
          if (name[i] !== w[i]) {
            diff++;
            typed = w[i]!;
          }
        if (diff !== 1 || this.zh.get(name)![0]!.kind !== 'city') continue;
        // 银滩, 北疆, 西湖: a character that names a kind of place is written on purpose.
        if (PLACE_KIND_CHAR.test(typed)) continue;
        // A Chinese misspelling names a Chinese city first (开风 -> 开封, not 开罗).
        const p = this.zh.get(name)![0]!;
        const rank = p.rank + (p.country === 'CN' ? 10 : 0);
        if (!best || rank > best.rank) {
          best = { name, rank };
          tie = false;
        } else if (rank === best.rank) tie = true;
      }
      return best && !tie && best.rank % 10 >= 2 ? best.name : undefined;
    }
    const key = englishKey(w);
    if (key.length < 5) return undefined;
    const max = key.length >= 9 ? 2 : 1;
    let best: { name: string; d: number; rank: number } | undefined;
    let tie = false;
    for (const [name, places] of this.enCitiesByFirst.get(key[0]!) ?? []) {
      if (Math.abs(name.length - key.length) > max) continue;
      const d = editDistance(key, name, max);
      if (d > max) continue;
      const rank = places[0]!.rank;
      if (!best || d < best.d || (d === best.d && rank > best.rank)) {
        best = { name: places[0]!.en, d, rank };
        tie = false;
      } else if (d === best.d && rank === best.rank && places[0]!.en !== best.name) tie = true;
    }
    return best && !tie ? best.name : undefined;
  }

  lookup(name: string): GazetteerPlace[] {
    const trimmed = name.trim();
    if (!trimmed) return [];
    if (HAN.test(trimmed)) {
      const direct = this.zh.get(trimmed);
      if (direct) return [...direct];
      for (const suffix of ['市', '省', '县', '州']) {
        if (trimmed.endsWith(suffix) && trimmed.length > 2) {
          const hit = this.zh.get(trimmed.slice(0, -1));
          if (hit) return [...hit];
        }
      }
      return [];
    }
    const key = englishKey(trimmed);
    const hit = this.en.get(key) ?? this.en.get(key.replace(/\b(city|state)$/, '').trim());
    return hit ? [...hit] : [];
  }

  regionOf(name: string): GazetteerPlace | undefined {
    const places = this.lookup(name);
    const region = places.find((p) => p.kind === 'region') ?? places.find((p) => p.kind === 'country');
    if (region) return region;
    const city = places.find((p) => p.kind === 'city');
    if (!city) return undefined;
    const regionName = city.regionEn ?? city.region;
    if (regionName) {
      const hit = this.lookup(regionName).find((p) => p.kind === 'region' && p.country === city.country);
      if (hit) return hit;
    }
    return this.lookup(city.country).find((p) => p.kind === 'country') ?? this.countryByCode(city.country);
  }

  private countryByCode(code: string): GazetteerPlace | undefined {
    for (const list of this.en.values()) {
      const hit = list.find((p) => p.kind === 'country' && p.country === code);
      if (hit) return hit;
    }
    return undefined;
  }

  findMentions(text: string): PlaceMention[] {
    const mentions = [...this.findChinese(text), ...this.findEnglish(text)];
    return mentions.sort((a, b) => a.start - b.start);
  }

  private findChinese(text: string): PlaceMention[] {
    const out: PlaceMention[] = [];
    let i = 0;
    while (i < text.length) {
      if (!HAN.test(text[i]!)) {
        i++;
        continue;
      }
      let found = false;
      for (const name of this.zhByFirst.get(text[i]!) ?? []) {
        if (name.length < 2 || !text.startsWith(name, i)) continue;
        out.push(mention(name, i, i + name.length, this.zh.get(name)!, true));
        i += name.length;
        found = true;
        break;
      }
      if (!found) {
        const full = ZH_SHORT[text[i]!];
        if (full && this.zh.has(full) && shortOnRoute(text, i)) {
          out.push(mention(text[i]!, i, i + 1, this.zh.get(full)!, true));
        }
        i++;
      }
    }
    return out;
  }

  private findEnglish(text: string): PlaceMention[] {
    const tokens: Token[] = [];
    // Hyphens separate tokens (`seoul-busan` is a route); a hyphenated name (`Aix-en-Provence`) is
    // found again as a run of tokens joined by hyphens.
    for (const m of text.matchAll(RX_EN_TOKEN)) {
      let word = m[0];
      // A sentence-final dot is not part of the name ("Rockford."), an abbreviation's is ("St.").
      if (/\.\.$/.test(word)) word = word.replace(/\.+$/, '');
      else if (word.endsWith('.') && !/^(st|ste|mt|ft|d\.c|u\.s|u\.s\.a)\.$/i.test(word))
        word = word.slice(0, -1);
      if (!word) continue;
      tokens.push({ start: m.index, end: m.index + word.length, text: word });
    }
    const out: PlaceMention[] = [];
    let t = 0;
    while (t < tokens.length) {
      let matched = 0;
      for (let n = Math.min(this.maxEnWords, tokens.length - t); n >= 1; n--) {
        const first = tokens[t]!;
        const last = tokens[t + n - 1]!;
        // Only spaces between the words of one name.
        let contiguous = true;
        for (let k = t; k < t + n - 1; k++) {
          const gap = text.slice(tokens[k]!.end, tokens[k + 1]!.start);
          if (!/^(?:[ .]{1,2}|-)$/.test(gap)) contiguous = false;
        }
        if (!contiguous) continue;
        let surface = text.slice(first.start, last.end);
        let key = englishKey(surface);
        let places = this.en.get(key);
        if (!places && /['’]s$/.test(surface)) {
          // Possessive: "Beijing's hutongs".
          surface = surface.slice(0, -2);
          key = englishKey(surface);
          places = this.en.get(key);
        }
        if (!places && n === 1 && /^[A-Z]{3}$/.test(surface)) {
          const city = this.codes.get(surface);
          if (city && acceptCode(text, first.start, first.end, out.at(-1)?.end)) {
            out.push(mention(surface, first.start, first.end, city, false));
            matched = 1;
            break;
          }
        }
        if (!places) continue;
        if (!acceptEnglish(text, first.start, surface, key, out.at(-1)?.end)) continue;
        // `Victoria Peak`, `Lincoln Park`: a sight named after a place, not the place.
        if (RX_SIGHT_AFTER.test(text.slice(first.start + surface.length, first.start + surface.length + 12)))
          continue;
        out.push(mention(surface, first.start, first.start + surface.length, places, false));
        matched = n;
        break;
      }
      t += matched || 1;
    }
    return out;
  }
}

/** Optimal string alignment distance (a swap of two letters counts once), capped at `max + 1`. */
function editDistance(a: string, b: string, max: number): number {
  const prev2: number[] = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev2.splice(0, prev2.length, ...prev);
    prev = cur;
  }
  return prev[b.length]!;
}

function acceptEnglish(
  text: string,
  start: number,
  surface: string,
  key: string,
  previousEnd: number | undefined,
): boolean {
  if (NEVER_PLACE.has(key)) return false;
  const capitalised = /^[A-Z\u00C0-\u00DE]/.test(surface);
  const before = text.slice(Math.max(0, start - 3), start);
  const sentenceStart = start === 0 || /[.!?\n]\s*$/.test(before);
  // A route written in lower case (`lisbon to porto`, `nyc→dc`): a name linked to the place just
  // before it, or touching an arrow, is a place even when short or an everyday word.
  const linked =
    (previousEnd !== undefined && RX_ROUTE_GAP.test(text.slice(previousEnd, start))) ||
    /(?:->|→|>|⇒)\s*$/.test(text.slice(Math.max(0, start - 3), start)) ||
    /^\s*(?:->|→|>|⇒)/.test(text.slice(start + surface.length, start + surface.length + 3));
  // `SF to LA`: an abbreviation in capitals opening a route.
  // `Porto > Lisbon`: an everyday word opening a route by an arrow is its first place.
  const routeNext =
    (/^[A-Z]{2,3}$/.test(surface) && RX_ROUTE_NEXT.test(text.slice(start + surface.length))) ||
    (capitalised && RX_ARROW_NEXT.test(text.slice(start + surface.length)));
  // `we live in austin`: in a text written all in lower case, after words that ask for a home city
  // (`a trip to nice` stays an adjective).
  const asked =
    !/[A-Z]/.test(text) &&
    /\b(?:live\s+in|living\s+in|based\s+in)\s+$/.test(text.slice(Math.max(0, start - 14), start));
  if (COMMON_WORDS.has(key)) return capitalised ? !sentenceStart || routeNext : linked || asked;
  if (capitalised) return true;
  if (linked) return true;
  // Lower-case names are accepted in lower-case text ("trip to paris"), or after a word that asks
  // for a place ("Chrismas in vienna! from munich") or at the start of a clause, when long enough.
  if (key.length < 4) return false;
  if (!/[A-Z]/.test(text) || start === 0) return true;
  return /(?:^|\b(?:from|to|in|visit|visiting|leaving|and|then)\s+|[.!?\n,;:]\s*)$/i.test(
    text.slice(Math.max(0, start - 12), start),
  );
}

/**
 * An airport or city code (`SFO`, `TYO`) is read on a route (`SFO→JFK`, `LDN-PAR`, `SEA to YVR`),
 * after a word that asks for a place (`from`, `to`, `in`, `via`), or opening the request before
 * a length (`BKK 4D solo`); anywhere else three capitals may be a word (`NOT`, `CAN`).
 */
function acceptCode(text: string, start: number, end: number, previousEnd: number | undefined): boolean {
  if (previousEnd !== undefined && RX_ROUTE_GAP.test(text.slice(previousEnd, start))) return true;
  if (RX_ROUTE_NEXT.test(text.slice(end, end + 8))) return true;
  if (/(?:->|→|>|⇒|-|–|—)\s*$/.test(text.slice(Math.max(0, start - 3), start))) return true;
  if (
    /\b(?:from|to|in|via|into|out\s+of|fly(?:ing)?|land(?:ing)?\s+(?:in|at))\s+$/i.test(
      text.slice(Math.max(0, start - 16), start),
    )
  )
    return true;
  // A length already read by then is masked with □.
  return /^\s*$/.test(text.slice(0, start)) && /^\s+[\d\u25A1]/.test(text.slice(end, end + 3));
}

/** A Chinese one-character name touches an arrow or a dash with another Chinese name beyond it. */
function shortOnRoute(text: string, i: number): boolean {
  // Cheap test first: a link character next to it, or one space away.
  const near = (text[i - 2] ?? '') + (text[i - 1] ?? '') + (text[i + 1] ?? '') + (text[i + 2] ?? '');
  if (!RX_SHORT_LINK.test(near)) return false;
  const after = /^\s*(\S)\s*(\S)?/u.exec(text.slice(i + 1, i + 5));
  if (after && RX_SHORT_LINK.test(after[1]!) && after[2] && HAN.test(after[2])) return true;
  const before = /(\S)?\s*(\S)\s*$/u.exec(text.slice(Math.max(0, i - 4), i));
  return !!before && RX_SHORT_LINK.test(before[2]!) && !!before[1] && HAN.test(before[1]);
}

/** The kind of sight that may follow a place's name in the sight's own name. */
const RX_SIGHT_AFTER =
  /^ (?:Peak|Park|Street|Road|Avenue|Museum|Gardens?|Harbou?r|Tower|Bridge|Square|Market|Falls|Beach|Castle|Palace|Cathedral|Temple|Zoo|Hall|Mall|Pier)\b/;

/** What follows the first stop of a route: `to`, an arrow, a dash, then a capital. */
const RX_ROUTE_NEXT = /^\s*(?:to|->|→|>|⇒|-|–|—)\s*[A-Z]/;
const RX_ARROW_NEXT = /^\s*(?:->|→|>|⇒)\s*[A-Z]/;

/** English words: letters with inner dots and apostrophes (`St.`, `Xi'an`), hyphens excluded. */
const RX_EN_TOKEN = /[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F.'’]*/g;
/** What separates two stops of a route: `to`, an arrow, a dash. */
const RX_ROUTE_GAP = /^\s*(?:to|->|→|>|⇒|-|–|—)\s*$/i;

function mention(
  surface: string,
  start: number,
  end: number,
  places: GazetteerPlace[],
  zh: boolean,
): PlaceMention {
  const place = places[0]!;
  return {
    surface,
    name: zh ? (place.zh ?? place.en) : place.en,
    nameEn: place.en,
    nameZh: place.zh,
    country: place.country,
    region: regionName(place),
    kind: place.kind,
    start,
    end,
    place,
    candidates: [...places],
  };
}

/** The province (Chinese name) of a Chinese city, the state or region (English name) of others. */
export function regionName(place: GazetteerPlace): string | null {
  if (place.kind !== 'city') return null;
  return place.country === 'CN'
    ? (place.region ?? place.regionEn ?? null)
    : (place.regionEn ?? place.region ?? null);
}

/** Builds the in-memory gazetteer from its data. */
export function createGazetteer(data: GazetteerData): Gazetteer {
  return new InMemoryGazetteer(data);
}
