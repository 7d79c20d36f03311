/** The travelling party: adults, children and children's ages, in Chinese or English. */
import type { ParseContext } from './context.js';
import { eachMatch } from './context.js';
import { EN_NUMBER_WORDS, parseSmallNumber } from './text.js';

export interface PartyFinding {
  adults: number;
  children: number;
  childAges: number[];
  confidence: number;
  found: boolean;
}

const ZN = String.raw`(\d{1,2}|[一二两三四五六七八九十]{1,3}|俩|仨)`;
const EN = String.raw`(\d{1,2}|${EN_NUMBER_WORDS})`;

export function extractParty(ctx: ParseContext): PartyFinding {
  let total: number | undefined;
  let adults: number | undefined;
  let children: number | undefined;
  let childrenUnknown = false;
  let we = false;
  /** 我和老婆, my wife and I: two, unless counted otherwise. */
  let couple = false;
  const ages: number[] = [];
  const n = (raw: string | undefined): number | undefined =>
    raw === undefined ? undefined : parseSmallNumber(raw);
  const setTotal = (v: number | undefined): void => {
    if (v !== undefined && v >= 1 && v <= 50 && total === undefined) total = v;
  };

  // --- Chinese ---
  eachMatch(ctx, RX_PARTY_1, (m) => {
    adults ??= n(m[1]);
    children ??= n(m[2]);
  });
  eachMatch(ctx, RX_PARTY_2, (m) => {
    adults ??= n(m[1]);
  });
  eachMatch(ctx, RX_PARTY_3, (m) => {
    children ??= n(m[1]);
  });
  eachMatch(ctx, RX_PARTY_4, (m) => setTotal(n(m[1])));
  eachMatch(ctx, RX_PARTY_5, (m) => {
    // 一人2000 is a per-person amount, not the party.
    if (/^\s*\d/.test(ctx.text.slice(m.index + m[0].length))) return false;
    setTotal(n(m[1]));
  });
  eachMatch(
    ctx,
    /(?<![\d一二两三四五六七八九十])(?:我)?(?:一个人|独自|自己一个人|单人(?!间|房|床)|独行|一人(?![\d均间]))/,
    () => setTotal(1),
  );
  eachMatch(
    ctx,
    /情侣|夫妻|两口子|小两口|蜜月|我和(?:我的)?(?:老婆|老公|妻子|丈夫|爱人|对象|女朋友|男朋友|女友|男友|媳妇|朋友|同事|闺蜜|妈妈|爸爸|母亲|父亲|室友|同学|另一半)|和(?:我的)?(?:老婆|老公|妻子|丈夫|爱人|对象|女朋友|男朋友|女友|男友|媳妇|另一半)一起/,
    () => {
      couple = true;
    },
  );
  // 带爸妈 / 和父母一起: me and my parents, unless the party is counted elsewhere.
  let parents = false;
  eachMatch(
    ctx,
    /(?:带|和|陪|跟)(?:着|上)?(?:我的)?(?:爸妈|父母|双亲|老爸老妈|爸爸妈妈)|\b(?:with|take)\s+my\s+parents\b/i,
    () => {
      parents = true;
    },
  );
  eachMatch(
    ctx,
    /(?<![\d.])(\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:周)?岁(?:半)?(?:的)?(?:孩子|小孩|儿子|女儿|宝宝|男孩|女孩|娃)?/,
    (m) => {
      const age = n(m[1]);
      if (age === undefined || age > 17) return false;
      ages.push(age);
    },
  );
  if (/带(?:着)?(?:孩子|小孩|娃|宝宝|儿子|女儿)|亲子|遛娃/.test(ctx.text) && children === undefined)
    childrenUnknown = true;
  if (/我们|咱们|一家|全家|家人/.test(ctx.text)) we = true;

  // --- English ---
  eachMatch(ctx, RX_PARTY_6, (m) => {
    adults ??= n(m[1]);
  });
  eachMatch(ctx, RX_PARTY_7, (m) => {
    children ??= n(m[1]);
  });
  eachMatch(ctx, RX_PARTY_8, (m) => {
    const age = n(m[1]);
    if (age === undefined || age > 17) return false;
    ages.push(age);
    // "a 5-year-old" is itself a child.
    const before = ctx.text.slice(Math.max(0, m.index - 8), m.index);
    if (/\b(?:a|an|one|our|my|and)\s+$/i.test(before)) children = (children ?? 0) + 1;
  });
  eachMatch(
    ctx,
    /\b(?:aged?|ages)\s+(\d{1,2})(?:\s*(?:,|and|&)\s*(\d{1,2}))?(?:\s*(?:,|and|&)\s*(\d{1,2}))?/i,
    (m) => {
      for (const a of [m[1], m[2], m[3]]) if (a && Number(a) <= 17) ages.push(Number(a));
    },
  );
  eachMatch(ctx, RX_PARTY_9, (m) => setTotal(n(m[1])));
  eachMatch(ctx, RX_PARTY_10, (m) => setTotal(n(m[1])));
  eachMatch(ctx, RX_PARTY_11, (m) => setTotal(n(m[1])));
  eachMatch(
    ctx,
    /\b(?:a\s+pair|a\s+couple|couple's|honeymoon|(?:my|our)\s+(?:wife|husband|partner|girlfriend|boyfriend|fianc[ée]e?|spouse)\s+and\s+(?:I|me)|(?:me|I)\s+and\s+my\s+(?:wife|husband|partner|girlfriend|boyfriend|fianc[ée]e?|spouse|friend|mom|mother|dad|father|sister|brother)|with\s+my\s+(?:wife|husband|partner|girlfriend|boyfriend|fianc[ée]e?|spouse)|two of us)\b/i,
    () => {
      couple = true;
    },
  );
  eachMatch(
    ctx,
    /\b(?:solo|alone|by myself|on my own|single[- ]person|single traveller|single traveler|a single person|one person|1 person|just me|myself only|for one)\b/i,
    () => setTotal(1),
  );
  if (
    /\bwith\s+(?:our|my|the)?\s*(?:young\s+)?(?:kids|children|child|toddler|baby)\b/i.test(ctx.text) &&
    children === undefined
  )
    childrenUnknown = true;
  if (/\bwe\b|\bus\b|\bour\b/i.test(ctx.text)) we = true;

  if (total === undefined && adults === undefined && (couple || parents)) {
    adults = (couple ? 2 : 1) + (parents ? 2 : 0);
  }

  // --- Combine ---
  if (children === undefined && ages.length > 0) children = ages.length;
  let a: number;
  let c = children ?? 0;
  let confidence = 0.95;
  if (adults !== undefined) {
    a = adults;
    if (children === undefined && total !== undefined && total > adults) c = total - adults;
  } else if (total !== undefined) {
    a = Math.max(1, total - c);
    if (total - c < 1) c = Math.max(0, total - 1);
  } else if (children !== undefined || childrenUnknown) {
    c = children ?? 1;
    a = we ? 2 : 1;
    confidence = 0.5;
    ctx.notes.push(
      ctx.lang === 'zh'
        ? `未说明大人人数，暂按${a}位大人、${c}个孩子。`
        : `The number of adults is not given; assumed ${a} adult(s) and ${c} child(ren).`,
    );
  } else {
    return { adults: 1, children: 0, childAges: [], confidence: 0.3, found: false };
  }
  if (childrenUnknown && children === undefined && total !== undefined && adults === undefined)
    confidence = 0.8;
  return { adults: a, children: c, childAges: ages.slice(0, c), confidence, found: true };
}

// Patterns built from the pieces above, compiled once.
const RX_PARTY_1 = new RegExp(String.raw`${ZN}\s*大\s*${ZN}\s*小`);
const RX_PARTY_2 = new RegExp(String.raw`(?<!\d)${ZN}\s*(?:个|位|名)?\s*(?:大人|成人|成年人)`);
const RX_PARTY_3 = new RegExp(
  String.raw`(?<!\d)${ZN}\s*(?:个|位|名)?\s*(?:小孩子?|孩子|儿童|小朋友|娃娃?|宝宝|儿子|女儿|孩)`,
);
const RX_PARTY_4 = new RegExp(String.raw`一家\s*${ZN}\s*口`);
const RX_PARTY_5 = new RegExp(
  String.raw`(?<![\d.])${ZN}\s*(?:个)?\s*(?:人|位)(?!均|间|房|床|座|份|民|次|生|物|数|左右的|以上)(?:出行|同行|一起|结伴|自由行|出游|游)?`,
);
const RX_PARTY_6 = new RegExp(String.raw`\b${EN}\s+adults?\b`, 'i');
const RX_PARTY_7 = new RegExp(
  String.raw`\b${EN}\s+(?:young\s+|little\s+|small\s+)?(?:children|kids|child|kid|toddlers?|little ones|sons?|daughters?)\b`,
  'i',
);
const RX_PARTY_8 = new RegExp(String.raw`\b${EN}[- ]year[- ]olds?\b`, 'i');
const RX_PARTY_9 = new RegExp(String.raw`\b(?:group|party|family|team|total)\s+of\s+${EN}\b`, 'i');
const RX_PARTY_10 = new RegExp(
  String.raw`\b${EN}\s+(?:people|persons|person|travell?ers|individuals|guests|pax|of us|friends)\b`,
  'i',
);
const RX_PARTY_11 = new RegExp(
  String.raw`\bfor\s+(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\b(?=\s*(?:[,.?!;]|$|departing|leaving|starting|from|to\b|heading|travell?ing|with|who|and|,))`,
  'i',
);
