/**
 * The text analyser of the knowledge base: turns Chinese and English text into index terms and
 * BM25 sparse vectors. Chinese runs are cut by an injected {@link Segmenter} (jieba in production,
 * `@node-rs/jieba`), and words of three or more characters also yield their character bigrams (four or more: also
 * trigrams, so `卢浮宫` meets `卢浮宫博物馆`) so a
 * query segmented differently still meets the document; Latin runs are folded (NFKC, lower case,
 * diacritics removed), stop words dropped and plurals lightly stemmed (a "standard analyser").
 *
 * Term indices are the 32-bit FNV-1a hash of the term (Qdrant sparse indices are uint32).
 * Document weights are the BM25 term-frequency part with a FIXED average length
 * ({@link BM25_AVERAGE_LENGTH}, as Qdrant's own bm25 model does), so one chunk's vector never
 * depends on the rest of the corpus; the store applies the IDF at query time.
 */
import type { Segmenter } from '../nlu/text.js';
import type { KnowledgeLanguage, SparseVector } from '../ports/knowledge-base.js';

/** BM25 k1 and b. */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;
/** Average chunk length in terms assumed by the length normalisation. */
export const BM25_AVERAGE_LENGTH = 90;

const EN_STOP = new Set(
  (
    'a an and are as at be been by can could do does did for from has have how i if in into is it its ' +
    'me much many my need of on or our should so than that the their them there these they this to was we were what ' +
    'when which who why will with would you your about any there here get'
  ).split(' '),
);

const ZH_STOP = new Set(
  '的 了 是 吗 呢 吧 啊 在 和 与 及 或 有 我 你 他 她 们 我们 你们 什么 怎么 怎样 如何 哪些 哪里 哪个 哪儿 一下 一些 这个 那个 这些 那些 可以 能 会 要 需要 请问 还是 就 都 也 还 又 把 被 给 对 从 到 去 为 为了 以 之 其 而 并 等 个 些 多少 几 是否 有没有 吗？ ？ 呀'.split(
    ' ',
  ),
);

/** FNV-1a, 32 bit: the sparse index of a term. */
export function termIndex(term: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    h ^= term.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Lower case, NFKC, diacritics removed (`Musée` -> `musee`). */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC');
}

function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith("'s")) word = word.slice(0, -2);
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

const HAN = /\p{Script=Han}/u;

/** Detects the language of a query: Chinese when at least one in five letters is a Han character. */
export function detectLanguage(text: string): KnowledgeLanguage {
  let han = 0;
  let letters = 0;
  for (const ch of text) {
    if (HAN.test(ch)) han++;
    if (/\p{L}/u.test(ch)) letters++;
  }
  return letters > 0 && han / letters >= 0.2 ? 'zh' : 'en';
}

/** Index terms of Chinese and English text. */
export class TextAnalyzer {
  constructor(private readonly segmenter: Segmenter) {}

  /** Terms in order (stop words removed); Chinese words of 3+ characters add their bigrams. */
  terms(text: string): string[] {
    const out: string[] = [];
    const folded = foldText(text);
    for (const run of folded.match(/\p{Script=Han}+|[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []) {
      if (HAN.test(run)) {
        for (const raw of this.segmenter.cut(run)) {
          const w = raw.trim();
          if (!w || ZH_STOP.has(w)) continue;
          out.push(w);
          if (w.length >= 3) for (let i = 0; i + 1 < w.length; i++) out.push(w.slice(i, i + 2));
          if (w.length >= 4) for (let i = 0; i + 2 < w.length; i++) out.push(w.slice(i, i + 3));
        }
      } else {
        const w = run.replace(/['’]s$/, '');
        if (EN_STOP.has(w)) continue;
        out.push(stem(w));
      }
    }
    return out;
  }

  /**
   * Unique terms of a query, in first-seen order. The measure word of an English question
   * (`how long`, `how far`, `how late`, `how early`, `how big`) says what kind of answer is wanted,
   * not what it is about, and is dropped.
   */
  queryTerms(text: string): string[] {
    const cleaned = text.replace(/\bhow\s+(?:long|far|late|early|big|old)\b/giu, 'how');
    return [...new Set(this.terms(cleaned))];
  }

  /** The BM25 document vector of a chunk: the title counts twice, then the text. */
  documentVector(title: string, text: string): { vector: SparseVector; length: number } {
    const terms = [...this.terms(title), ...this.terms(title), ...this.terms(text)];
    return { vector: bm25Vector(terms), length: terms.length };
  }
}

/** BM25 term-frequency weights of a bag of terms, indices sorted ascending. */
export function bm25Vector(terms: readonly string[]): SparseVector {
  const tf = new Map<number, number>();
  for (const t of terms) {
    const i = termIndex(t);
    tf.set(i, (tf.get(i) ?? 0) + 1);
  }
  const norm = 1 - BM25_B + (BM25_B * terms.length) / BM25_AVERAGE_LENGTH;
  const entries = [...tf.entries()].sort((a, b) => a[0] - b[0]);
  return {
    indices: entries.map(([i]) => i),
    values: entries.map(([, f]) => (f * (BM25_K1 + 1)) / (f + BM25_K1 * norm)),
  };
}

/** BM25 inverse document frequency (the formula Qdrant's `idf` modifier uses). */
export function bm25Idf(total: number, documentFrequency: number): number {
  return Math.log(1 + (total - documentFrequency + 0.5) / (documentFrequency + 0.5));
}
