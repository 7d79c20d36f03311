/**
 * Sentence-aware chunking: a document is split into sentences (Chinese 。！？；, English . ! ?
 * before a space and a capital, digit or quote; line breaks always end one) and sentences are
 * packed in order into chunks of at most `maxChars` (a sentence longer than that is a chunk of its
 * own); no sentence is ever cut in two.
 */
import type { KnowledgeLanguage } from '../ports/knowledge-base.js';

/** Default chunk sizes in characters: Chinese packs more meaning per character. */
export const CHUNK_MAX_CHARS: Record<KnowledgeLanguage, number> = { zh: 260, en: 700 };

/** Sentences of a text, trimmed, none empty. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const para of text.split(/\n+/)) {
    const parts = para.match(/[^。！？；!?]+(?:[。！？；!?]+[”"」』）)]*|$)/gu) ?? [];
    for (const part of parts) {
      // English full stops: split before a space followed by a capital, digit or opening quote,
      // unless the stop ends a common abbreviation (e.g., No., St., Mt.).
      let rest = part;
      const re = /(?<!\b(?:e\.g|i\.e|etc|No|St|Mt|Dr|Mr|Mrs|Ms|vs|approx|Ave|Rd))\.\s+(?=[A-Z0-9“"(])/g;
      let last = 0;
      for (const m of rest.matchAll(re)) {
        const end = m.index + 1;
        const s = rest.slice(last, end).trim();
        if (s) out.push(s);
        last = end;
      }
      rest = rest.slice(last).trim();
      if (rest) out.push(rest);
    }
  }
  return out;
}

/** Chunks of a text: consecutive sentences up to `maxChars` each. */
export function chunkText(text: string, lang: KnowledgeLanguage, maxChars = CHUNK_MAX_CHARS[lang]): string[] {
  const joiner = lang === 'zh' ? '' : ' ';
  const chunks: string[] = [];
  let current = '';
  for (const s of splitSentences(text)) {
    const next = current ? `${current}${joiner}${s}` : s;
    if (current && next.length > maxChars) {
      chunks.push(current);
      current = s;
    } else current = next;
  }
  if (current) chunks.push(current);
  return chunks;
}
