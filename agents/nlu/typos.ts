/**
 * Misspelt place names (`成度`, `杭洲`, `chicgo`, `San Fransisco`): a word where a place is expected
 * (after 从/去/到/在, from/to/in, or opening the request) that is no place of the gazetteer but is
 * one typo away from exactly one, is read as that place. The text is corrected before parsing and a
 * note says what was read.
 */
import type { Gazetteer } from './gazetteer.js';

/**
 * Chinese: after a place word, two or three characters, then what follows a place; or a clause that
 * is only a pair of names (`杭洲和苏洲，`).
 */
const ZH_SLOT =
  /(?<=从|去|到|飞|在|再|坐标)(\p{Script=Han}{2,3}?)(?=出发|玩|旅|游|过|待|去|和|泡|看|滑雪|爬|住|吃|逛|转|呆|度假|避暑|自驾|进|[,，。\s\d]|$)|(?<=^|[,，。!！?？\s])(\p{Script=Han}{2,3}?)(?=出发)|(?<=^|[,，。!！?？\s])(\p{Script=Han}{2,3}?)(?=[和与、]\p{Script=Han}{2,3}(?:[,，。\s]|$))|(?<=(?:^|[,，。!！?？\s])\p{Script=Han}{2,3}[和与、])(\p{Script=Han}{2,3}?)(?=[,，。\s]|$)/gu;
/** English: a word or two after a place word, or opening the text before `for`/`to`/`and`. */
const EN_SLOT =
  /(?:(?<=\b(?:from|to|in|visit|see|leaving|and|about|around|explore)\s+)|^)([A-Za-z][a-z]+(?:\s+(?!(?:for|to|and|from|by|right|rite|now|this|trip)\b)[A-Za-z][a-z]+)?)(?=\s*(?:$|[,.!?;]|\s(?:for|to|and|from|by|->|right|rite|now|this|trip|in)\b|->))/gim;
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

/** Chinese words opening with a question, pointing or counting character: common words, not places. */
const ZH_FUNCTION_WORD = /^(?:多少|多久|多长|多大|什么|怎|哪|这|那|几|每|各|某|一[个些点下])/u;

export function correctPlaceTypos(
  text: string,
  gazetteer: Gazetteer,
  notes: string[],
  lang: 'zh' | 'en',
): string {
  const closest = gazetteer.closest?.bind(gazetteer);
  if (!closest) return text;
  const fix = (word: string): string | undefined => {
    // 海边, 西边, 山里: a direction or a side, not a misspelt city.
    if (gazetteer.lookup(word).length > 0 || /[边面里外上下头方处]$/.test(word)) return undefined;
    // 多少, 什么, 哪儿, 这个, 几天, 每人: a question, pointing or counting word, never a misspelt place.
    if (ZH_FUNCTION_WORD.test(word)) return undefined;
    // 柳州吧: a place and a particle.
    if (/^\p{Script=Han}{3}$/u.test(word) && gazetteer.lookup(word.slice(0, -1)).length > 0) return undefined;
    const name = closest(word);
    if (!name) return undefined;
    notes.push(lang === 'zh' ? `“${word}”按“${name}”理解。` : `Read "${word}" as ${name}.`);
    return name;
  };
  let out = text.replace(ZH_SLOT, (w: string) => fix(w) ?? w);
  out = out.replace(EN_SLOT, (whole: string, words: string) => {
    const parts = words.split(/\s+/);
    // `ending in`, `landed in`: a verb form before a place word, not a misspelt name.
    if (parts.some((p) => /^[a-z]+(?:ing|ed)$/.test(p))) return whole;
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
      // `San Fransisco`: the second word misspelt (a misspelt first word may begin another name).
      const one = fix(parts[1]!);
      if (one) return whole.replace(new RegExp(`${parts[1]}$`), one);
    }
    return whole;
  });
  return out;
}
