/**
 * Budget currencies, number words and scope (agents/nlu/money.ts, budget.ts, lexicon.ts):
 * dollars named by their country, Cantonese and Malay currency words, capitalised and `a grand`
 * amounts, `each` before the amount, a later word correcting the scope. Own example texts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Gazetteer } from '../../agents/nlu/gazetteer.js';
import { parseTripText } from '../../agents/nlu/parser.js';
import { loadGazetteer } from '../../knowledge/gazetteer/load.js';

let gazetteer: Gazetteer;
beforeAll(() => {
  gazetteer = loadGazetteer();
});
const budget = (text: string): [number, string, boolean] | undefined => {
  const b = parseTripText(text, { gazetteer, today: '2026-03-04' }).request.budget;
  return b ? [b.amount, b.currency, b.perPerson] : undefined;
};

describe('budget: currencies', () => {
  it.each([
    ['Bangkok for 5 days, budget 8000 Hong Kong dollars in total', [8000, 'HKD', false]],
    ['Perth, a week, about 3000 Aussie dollars', [3000, 'AUD', false]],
    ['Bali, 6 days, budget 4,000 Singapore dollars', [4000, 'SGD', false]],
    ['Fiji, 5 days, 6000 NZ dollars all in', [6000, 'NZD', false]],
    ['Langkawi 4 days, budget RM2500', [2500, 'MYR', false]],
    ['去槟城四天，预算三千令吉', [3000, 'MYR', false]],
    ['去台北五天，预算一万蚊', [10000, 'HKD', false]],
    ['去首尔，预算两万港纸', [20000, 'HKD', false]],
    ['去垦丁三天，预算NT$9000', [9000, 'TWD', false]],
    ['Oslo for four days, eight grand US all in', [8000, 'USD', false]],
  ])('%s', (text, expected) => {
    expect(budget(text)).toEqual(expected);
  });
  it('reads a currency named after the amount', () => {
    expect(budget('Me and my mate, Darwin for 4 days, a grand each in Aussie dollars')).toEqual([
      1000,
      'AUD',
      true,
    ]);
  });
});

describe('budget: number words', () => {
  it.each([
    ['Nine grand total for the whole family, Tokyo, 10 days', [9000, 'USD', false]],
    ['Twelve hundred dollars total for 3 days in Austin', [1200, 'USD', false]],
    ['两个人去大理，预算一万五', [15000, 'CNY', false]],
    ['Two of us, Nice, three and a half grand total', [3500, 'USD', false]],
    ['Hobart for two, 4 grand all up', [4000, 'USD', false]],
  ])('%s', (text, expected) => {
    expect(budget(text)).toEqual(expected);
  });
});

describe('budget: approximate amounts', () => {
  it('reads 三四千 as a range with its upper bound', () => {
    const b = parseTripText('两个人去大理，每人三四千', { gazetteer, today: '2026-03-04' }).request.budget;
    expect(b).toMatchObject({ amount: 4000, minAmount: 3000, perPerson: true });
  });
});

describe('budget: per person or total', () => {
  it.each([
    ['Three of us to Lisbon, we each have about €800', [800, 'EUR', true]],
    ['Quebec, 5 days, budget $3k total. Sorry, I meant per person. Two of us.', [3000, 'USD', true]],
    ['Seoul for 2, budget $2000 each. Actually I meant in total.', [2000, 'USD', false]],
    ['去成都三个人，预算六千，说错了，是人均', [6000, 'CNY', true]],
    ['Ipoh, 3 of us, RM 600 per pax', [600, 'MYR', true]],
    // A correction of another field does not change the scope.
    ['Rome, $1500 per person. Actually make it 6 days total.', [1500, 'USD', true]],
  ])('%s', (text, expected) => {
    expect(budget(text)).toEqual(expected);
  });
});
