/**
 * The bilingual term bridge: the embedded default's stand-in for a multilingual embedding model.
 * It holds pairs of Chinese and English names and phrases (built from the gazetteer, the curated
 * place names and a travel lexicon: "卢浮宫" <-> "Louvre", "开放时间" <-> "opening hours") and,
 * for a query, returns the other language's terms of every pair the query mentions, so a Chinese
 * question can reach an English document and the other way round. It only knows the pairs it was
 * given: a term outside them is not translated.
 *
 * Pairs that name a place carry it (`place`), so the retriever can tell which city or country a
 * query is about. An English place name counts only when the query writes it capitalised ("Nice",
 * not "nice"), so ordinary words that happen to be town names are not read as places.
 */
import { foldText, type TextAnalyzer } from './analyzer.js';

/** The place a pair names: a curated city id and/or an ISO country code. */
export interface PlaceRef {
  city?: string | undefined;
  country?: string | undefined;
}

/** One Chinese/English pair. Either side may hold alternatives separated by `|`. */
export interface TermPair {
  zh: string;
  en: string;
  place?: PlaceRef | undefined;
}

interface Compiled {
  /** Folded Chinese forms (substring match). */
  zh: string[];
  /** English forms as term sequences (contiguous match over query terms). */
  en: string[][];
  /** English forms as written (for the capitalisation test of place names). */
  enRaw: string[];
  zhTerms: string[];
  enTerms: string[];
  place: PlaceRef | undefined;
}

/** One matched pair: the query's own terms it matched and the terms it adds. */
export interface BridgeGroup {
  own: string[];
  added: string[];
}

/** A place a query names, with its names in both languages (folded terms). */
export interface MatchedPlace extends PlaceRef {
  terms: string[];
}

/** Terms a query reaches through the bridge, per matched pair, and the places it names. */
export interface BridgeExpansion {
  /** Terms not already in the query (translations and synonyms). */
  terms: string[];
  groups: BridgeGroup[];
  places: MatchedPlace[];
}

export class TermBridge {
  private readonly pairs: Compiled[] = [];
  private readonly byFirstEnTerm = new Map<string, Compiled[]>();
  private readonly byFirstZhChar = new Map<string, Compiled[]>();

  constructor(
    pairs: Iterable<TermPair>,
    private readonly analyzer: TextAnalyzer,
  ) {
    const seen = new Set<string>();
    for (const p of pairs) {
      const key =
        `${p.zh}\u0000${p.en}\u0000${p.place?.city ?? ''}\u0000${p.place?.country ?? ''}`.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      const zh = p.zh
        .split('|')
        .map((s) => foldText(s.trim()))
        .filter((s) => [...s].length >= 2);
      const enRaw = p.en
        .split('|')
        .map((s) => s.trim())
        .filter(Boolean);
      const en = enRaw.map((s) => analyzer.terms(s)).filter((t) => t.length > 0);
      if (zh.length === 0 || en.length === 0) continue;
      const c: Compiled = {
        zh,
        en,
        enRaw,
        zhTerms: [...new Set(zh.flatMap((z) => analyzer.terms(z)))],
        enTerms: [...new Set(en.flat())],
        place: p.place,
      };
      this.pairs.push(c);
      for (const seq of en) push(this.byFirstEnTerm, seq[0]!, c);
      for (const z of zh) push(this.byFirstZhChar, z[0]!, c);
    }
  }

  /** Number of pairs. */
  get size(): number {
    return this.pairs.length;
  }

  /** Other-language terms of the pairs the query mentions, grouped per pair, and the places it names. */
  expand(query: string): BridgeExpansion {
    const folded = foldText(query);
    const queryTerms = this.analyzer.terms(query);
    const own = new Set(queryTerms);
    const hits = new Map<Compiled, 'zh' | 'en'>();
    for (const ch of new Set(folded)) {
      for (const c of this.byFirstZhChar.get(ch) ?? []) {
        if (c.zh.some((z) => folded.includes(z))) hits.set(c, 'zh');
      }
    }
    queryTerms.forEach((t, i) => {
      for (const c of this.byFirstEnTerm.get(t) ?? []) {
        if (hits.has(c)) continue;
        const k = c.en.findIndex((seq) => seq.every((s, j) => queryTerms[i + j] === s));
        if (k < 0) continue;
        // A place name must be written capitalised in the query.
        if (c.place && !capitalisedIn(query, c.enRaw)) continue;
        hits.set(c, 'en');
      }
    });
    const out = new Set<string>();
    const groups: BridgeGroup[] = [];
    const places: MatchedPlace[] = [];
    for (const [c, side] of hits) {
      const mine = side === 'zh' ? c.zhTerms : c.enTerms;
      const other = side === 'zh' ? c.enTerms : c.zhTerms;
      const ownMatched = mine.filter((t) => own.has(t));
      const added = [...other, ...mine].filter((t) => !own.has(t));
      for (const t of added) out.add(t);
      groups.push({ own: ownMatched, added });
      if (c.place) places.push({ ...c.place, terms: [...c.zhTerms, ...c.enTerms] });
    }
    return { terms: [...out], groups, places };
  }
}

function capitalisedIn(query: string, forms: readonly string[]): boolean {
  return forms.some((f) => {
    const first = f.match(/\p{L}/u)?.[0];
    if (!first || first === first.toLowerCase()) return query.toLowerCase().includes(f.toLowerCase());
    return query.normalize('NFC').includes(f.normalize('NFC'));
  });
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
