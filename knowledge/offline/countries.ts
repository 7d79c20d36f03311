/**
 * Country facts from the npm package `countries-list` (MIT): ISO codes, English and native names,
 * currencies and continents, plus the Chinese names in place-names.ts.
 */
import { countries } from 'countries-list';
import { ZH_COUNTRIES, normalizeName } from './place-names.js';

export interface CountryFacts {
  code: string;
  name: string;
  native: string;
  currencies: string[];
  continent: string;
}

const table = countries as unknown as Record<
  string,
  { name: string; native: string; alias?: string[]; currency: string[]; continent: string }
>;

let byName: Map<string, string> | undefined;

function nameIndex(): Map<string, string> {
  if (byName) return byName;
  byName = new Map();
  for (const [code, c] of Object.entries(table)) {
    for (const n of [c.name, c.native, ...(c.alias ?? [])]) {
      const key = normalizeName(n);
      if (key && !byName.has(key)) byName.set(key, code);
    }
  }
  for (const [zh, code] of Object.entries(ZH_COUNTRIES)) byName.set(normalizeName(zh), code);
  // Common short forms countries-list lacks.
  for (const [alias, code] of [
    ['UK', 'GB'],
    ['Great Britain', 'GB'],
    ['England', 'GB'],
    ['Korea', 'KR'],
    ['PRC', 'CN'],
    ['Mainland China', 'CN'],
    ['UAE', 'AE'],
    ['Holland', 'NL'],
    ['Czechia', 'CZ'],
    ['Türkiye', 'TR'],
  ] as const) {
    byName.set(normalizeName(alias), code);
  }
  return byName;
}

/** Facts of an ISO alpha-2 code; undefined when unknown. */
export function countryFacts(code: string): CountryFacts | undefined {
  const c = table[code.toUpperCase()];
  if (!c) return undefined;
  return {
    code: code.toUpperCase(),
    name: c.name,
    native: c.native,
    currencies: [...c.currency],
    continent: c.continent,
  };
}

/**
 * ISO alpha-2 code for a country named in English, natively, in Chinese, or by its code
 * (`Japan`, `日本`, `美国`, `us`); undefined when unknown.
 */
export function countryCode(name: string): string | undefined {
  const trimmed = name.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed) && table[trimmed.toUpperCase()]) return trimmed.toUpperCase();
  return nameIndex().get(normalizeName(trimmed));
}

/** The currency prices are quoted in: the first of the country's currencies that `known` accepts, else its first. */
export function countryCurrency(code: string, known: (currency: string) => boolean = () => true): string {
  const facts = countryFacts(code);
  if (!facts || facts.currencies.length === 0) return 'USD';
  return facts.currencies.find(known) ?? facts.currencies[0]!;
}
