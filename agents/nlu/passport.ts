/**
 * The travellers' passport country, read only where the request states it: "持美国护照",
 * "英国护照", "中国籍", "US passport holders", "we are British citizens". Nothing is inferred from
 * the origin here (the planner assumes the origin's country and says so).
 */

/** Passport countries by the words a request uses for them, Chinese and English. */
const COUNTRIES: [zh: string[], en: string[], code: string][] = [
  [['中国', '中国大陆', '大陆'], ['chinese', 'china', 'prc'], 'CN'],
  [['美国'], ['us', 'u\\.s\\.', 'usa', 'american', 'united states'], 'US'],
  [['英国'], ['uk', 'british', 'united kingdom'], 'GB'],
  [['日本'], ['japanese', 'japan'], 'JP'],
  [['新加坡'], ['singaporean', 'singapore'], 'SG'],
  [['法国'], ['french', 'france'], 'FR'],
  [['德国'], ['german', 'germany'], 'DE'],
  [['意大利'], ['italian', 'italy'], 'IT'],
  [['西班牙'], ['spanish', 'spain'], 'ES'],
  [['荷兰'], ['dutch', 'netherlands'], 'NL'],
  [['加拿大'], ['canadian', 'canada'], 'CA'],
  [['澳大利亚', '澳洲'], ['australian', 'australia'], 'AU'],
  [['韩国'], ['korean', 'south korean', 'korea'], 'KR'],
  [['泰国'], ['thai', 'thailand'], 'TH'],
];

const PATTERNS: [RegExp, string][] = COUNTRIES.flatMap(([zh, en, code]) => {
  const zhAlt = zh.join('|');
  const enAlt = en.join('|');
  return [
    [new RegExp(`(?:${zhAlt})(?:普通)?(?:护照|籍|公民)`), code],
    [new RegExp(`\\b(?:${enAlt})\\s+(?:passports?|citizens?|nationals?|passport[- ]holders?)\\b`, 'i'), code],
    [new RegExp(`\\bpassports?\\s*(?::|from|of)\\s*(?:the\\s+)?(?:${enAlt})\\b`, 'i'), code],
    [new RegExp(`\\b(?:citizens?|nationals?)\\s+of\\s+(?:the\\s+)?(?:${enAlt})\\b`, 'i'), code],
  ] as [RegExp, string][];
});

/** The ISO 3166-1 alpha-2 code of the passport the text states, or null. */
export function extractPassport(text: string): string | null {
  let best: { at: number; code: string } | null = null;
  for (const [re, code] of PATTERNS) {
    const m = re.exec(text);
    if (m && (!best || m.index < best.at)) best = { at: m.index, code };
  }
  return best?.code ?? null;
}
