/**
 * Misspelt place names (`成度`, `杭洲`, `chicgo`, `San Fransisco`): a word where a place is expected
 * (after 从/去/到/在, from/to/in, or opening the request) that is no place of the gazetteer but is
 * one typo away from exactly one, is read as that place. The text is corrected before parsing and a
 * note says what was read.
 */
import type { Gazetteer } from './gazetteer.js';

/** Chinese: after a place word, two or three characters, then what follows a place. */
const ZH_SLOT =
  /(?<=从|去|到|飞|在|再|坐标)(\p{Script=Han}{2,3}?)(?=出发|玩|旅|游|过|待|去|和|泡|看|[,，。\s\d]|$)/gu;
/** English: a word or two after a place word, or opening the text before `for`/`to`/`and`. */
const EN_SLOT =
  /(?:(?<=\b(?:from|to|in|visit|see|leaving|and)\s+)|^)([A-Za-z][a-z]+(?:\s+[A-Za-z][a-z]+)?)(?=\s*(?:$|[,.!?;]|\s(?:for|to|and|from|by|->|right|rite|now|this|trip)\b|->))/gim;
/** English words that look like place names to an edit distance but are not misspelt ones. */
const EN_WORDS = new Set([
  'april',
  'march',
  'visit',
  'there',
  'where',
  'heres',
  'about',
  'again',
  'since',
  'paris',
  'rome',
  'going',
  'leaving',
  'staying',
  'back',
  'home',
  'there',
  'drive',
  'train',
  'plane',
  'night',
  'nights',
  'weekend',
  'summer',
  'winter',
  'spring',
  'autumn',
  'family',
  'friends',
  'people',
  'budget',
  'cheap',
]);

export function correctPlaceTypos(
  text: string,
  gazetteer: Gazetteer,
  notes: string[],
  lang: 'zh' | 'en',
): string {
  const closest = gazetteer.closest?.bind(gazetteer);
  if (!closest) return text;
  const fix = (word: string): string | undefined => {
    if (gazetteer.lookup(word).length > 0) return undefined;
    const name = closest(word);
    if (!name) return undefined;
    notes.push(lang === 'zh' ? `“${word}”按“${name}”理解。` : `Read "${word}" as ${name}.`);
    return name;
  };
  let out = text.replace(ZH_SLOT, (w: string) => fix(w) ?? w);
  out = out.replace(EN_SLOT, (whole: string, words: string) => {
    const parts = words.split(/\s+/);
    if (parts.some((p) => EN_WORDS.has(p.toLowerCase()))) {
      const last = parts.at(-1)!;
      if (parts.length === 2 && !EN_WORDS.has(last.toLowerCase())) {
        const one = fix(last);
        return one ? whole.replace(new RegExp(`${last}$`), one) : whole;
      }
      return whole;
    }
    if (gazetteer.lookup(words).length > 0) return whole;
    const both = fix(words);
    if (both) return whole.replace(words, both);
    if (parts.length === 2) {
      // A known name followed by a misspelt one is left alone only when the pair is a name.
      const one = fix(parts[1]!);
      if (one) return whole.replace(new RegExp(`${parts[1]}$`), one);
      if (gazetteer.lookup(parts[1]!).length === 0 && gazetteer.lookup(parts[0]!).length === 0) {
        const first = fix(parts[0]!);
        if (first) return whole.replace(parts[0]!, first);
      }
    }
    return whole;
  });
  return out;
}
