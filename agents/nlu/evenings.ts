/**
 * Evening wishes: things a traveller wants to do after dark (`晚上想看演出`, `看夜景`, `逛夜市`,
 * `a show one evening`, `the night view`, `a night market`). They become `TripRequest.evenings`
 * (see `extractEveningWishes` in evening.ts), not must-visits: they name a kind of outing, not a
 * place, and the planner puts one after dinner on an evening that ends in town.
 *
 * Two classes of words, one rule each:
 * - words that are evening things by themselves (夜景, 夜市, 夜游, 灯光秀, night view, night
 *   market, nightlife): a wish whenever they are not ruled out;
 * - shows (演出, 表演, 音乐剧, 演唱会, show, concert, musical, opera): a wish when the clause wants
 *   them (想看, 看, want, see, catch, watch) or names the evening (晚上, 夜里, evening, night).
 * The words are masked so the must-visit reader does not take them for places.
 */
import type { ParseContext } from './context.js';
import { eachMatch } from './context.js';

const ZH_NIGHT = '夜景|夜市|夜游|灯光秀|夜场|酒吧|夜生活|夜宵|夜跑';
const ZH_SHOW =
  '演出|表演|杂技|歌舞伎|魔术|音乐剧|话剧|演唱会|音乐会|歌剧|舞剧|京剧|川剧|变脸|相声|泰拳|秀|戏|livehouse|脱口秀';
const EN_NIGHT = String.raw`night\s+views?|night\s+markets?|(?:night|dinner|evening|sunset)\s+(?:harbou?r\s+|river\s+|bay\s+)?cruises?|light\s+shows?|nightlife|night\s+life|pub\s+crawls?|night\s+tours?|rooftop\s+bars?|city\s+lights`;
const EN_SHOW = String.raw`shows?|live\s+music|live\s+bands?|gigs?|concerts?|musicals?|operas?|theat(?:re|er)\s+shows?|broadway\s+shows?|performances?|jazz\s+(?:clubs?|bars?)|cabaret|ballet|kabuki|acrobatics?|muay\s+thai(?:\s+(?:boxing|fights?|matche?s?))?|(?:thai\s+)?boxing(?:\s+(?:fights?|matche?s?))?|sumo(?:\s+(?:wrestling|bouts?|matche?s?))?`;

/** A Chinese evening word, its clause before it (up to a comma), and whether it is ruled out. */
const RX_ZH = new RegExp(`(${ZH_NIGHT})|(${ZH_SHOW})`, 'i');
const RX_EN = new RegExp(String.raw`\b(?:(${EN_NIGHT})|(${EN_SHOW}))\b`, 'i');
const ZH_NEGATED = /(?:不想|不要|不用|不看|不去|别|不喜欢|没兴趣|不需要|不)[^,。;!?\n]{0,4}$/;
const EN_NEGATED = /\b(?:no|not|don't|dont|skip|without|never|avoid|hate)\b[^,.;!?\n]{0,20}$/i;
const ZH_WANTS = /(?:想|要|去|看|听|逛|晚上|夜里|晚间|傍晚|一晚|某晚|一场|场)[^,。;!?\n]{0,8}$/;
const EN_WANTS =
  /\b(?:want|wants|wanna|like|love|see|watch|catch|attend|enjoy|go\s+to|evening|night|tonight|one\s+night|a|an)\b[^,.;!?\n]{0,24}$/i;
/** An evening named right after a show word: "every night", "one evening", "at night". */
const EVENING_AFTER = /^\s+(?:every|each|one|some|at|in\s+the|on\s+an?)\s+(?:nights?|evenings?)\b/i;
/** What may stand right before a Chinese evening word that is not part of a name. */
const ZH_BEFORE_OK =
  /(?:看|逛|去|游|的|个|想|要|场|上|里|听|吃|泡|有|和|、|或|间|晚|夜|点|些|赏|拍|到|去看|晚上)$/;
/** `show me`, `show us`, `shows that`: the verb, not a performance. */
const EN_NOT_SHOW =
  /^\s*(?:me|us|you|them|him|her|my|our|his|their|that|how|what|where|the\s+way|some|around)\b/i;

/** Reads and masks the evening wishes; returns them as written, in order, without repeats. */
export function extractEvenings(ctx: ParseContext): string[] {
  const out: string[] = [];
  const add = (w: string): void => {
    const word = w.trim().replace(/\s+/g, ' ');
    if (!out.some((o) => o.toLowerCase() === word.toLowerCase())) out.push(word);
  };
  eachMatch(ctx, RX_ZH, (m) => {
    const before = clause(ctx.text, m.index);
    // 士林夜市, 宋城千古情表演: part of a name, a place to visit rather than a kind of evening.
    if (/\p{Script=Han}$/u.test(before) && !ZH_BEFORE_OK.test(before)) return false;
    if (ZH_NEGATED.test(before)) return false;
    // 秀 and 戏 alone are only shows after a verb that watches them (看秀, 看戏).
    if (m[2] && /^[秀戏]$/.test(m[2]) && !/看$/.test(before)) return false;
    if (m[2] && !ZH_WANTS.test(before) && !/晚上|夜里|晚间|傍晚/.test(ctx.text)) return false;
    add(m[1] ?? m[2]!);
  });
  eachMatch(ctx, RX_EN, (m) => {
    const before = clause(ctx.text, m.index);
    // `Shilin Night Market`, `the Lion King show`: a named place or production, left to the must-visits.
    if (/[A-Z][\w'’-]*\s+$/.test(before) && !/^[A-Z]/.test(m[0])) return false;
    if (/(?:^|\s)[A-Z][\w'’-]*\s+$/.test(before) && /^[A-Z]/.test(m[0])) return false;
    if (EN_NEGATED.test(before)) return false;
    if (m[2]) {
      if (/^show$/i.test(m[2]) && EN_NOT_SHOW.test(ctx.text.slice(m.index + m[0].length))) return false;
      // A show wished for in a Chinese clause (`想看个show`) or put in the evening after it
      // ("live music every night").
      const after = ctx.text.slice(m.index + m[0].length, m.index + m[0].length + 24);
      if (!EN_WANTS.test(before) && !ZH_WANTS.test(before) && !EVENING_AFTER.test(after)) return false;
    }
    add((m[1] ?? m[2]!).toLowerCase().replace(/s$/, ''));
  });
  return out;
}

/** The text of the clause before `index` (back to the last comma, full stop or line break). */
function clause(text: string, index: number): string {
  const start = Math.max(0, index - 40);
  const window = text.slice(start, index);
  const cut = Math.max(
    window.lastIndexOf(','),
    window.lastIndexOf('。'),
    window.lastIndexOf('.'),
    window.lastIndexOf(';'),
    window.lastIndexOf('\n'),
    window.lastIndexOf('!'),
    window.lastIndexOf('?'),
  );
  return cut >= 0 ? window.slice(cut + 1) : window;
}
