/**
 * Days given to each city of a multi-city trip: read from the text only when every city has its
 * own, and turned into nights per city (the last city's last day is the way home).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { perCityDays } from '../../agents/nlu/city-days.js';
import { parseTripText } from '../../agents/nlu/parser.js';
import { createJiebaSegmenter } from '../../agents/nlu/segmenter.js';
import type { Segmenter } from '../../agents/nlu/text.js';
import { splitNights, statedNights } from '../../agents/planning/request-resolution.js';
import { chinesePlaceNames, loadGazetteer } from '../../knowledge/gazetteer/load.js';

let segmenter: Segmenter;
beforeAll(() => {
  segmenter = createJiebaSegmenter(chinesePlaceNames());
});
const parse = (text: string) =>
  parseTripText(text, { gazetteer: loadGazetteer(), today: '2027-03-01', segmenter }).request;

describe('days per city', () => {
  it.each([
    ['从武汉出发，上海2天杭州3天，三个人', [2, 3], 5],
    ['深圳出发，先在东京玩四天，再去京都待两天', [4, 2], 6],
    ['From Dublin: 4 days in Paris, then 2 days in London', [4, 2], 6],
    ['Seoul to Tokyo for 5 days and Kyoto 2, two of us', [5, 2], 7],
    ['Bangkok 4, Chiang Mai 3 — leaving from Manila in March, me and a friend', [4, 3], 7],
    ['从杭州出发：成都3，重庆2，两个人', [3, 2], 5],
    // Nights per city: the trip ends the day after the last night.
    ['Leaving from Athens: Rome 3 nights then Florence 2 nights, a couple', [3, 3], 6],
    ['From Oslo: 2 nights in Madrid and 4 nights in Seville', [2, 5], 7],
    ['从昆明出发，先去成都住2晚，再去重庆住3晚', [2, 4], 6],
  ])('%s', (text, days, total) => {
    const r = parse(text);
    expect(r.destinations?.map((d) => d.days)).toEqual(days);
    expect(r.days).toBe(total);
  });

  it('a single length stays the length of the whole trip', () => {
    const r = parse('从武汉出发去上海和杭州玩5天');
    expect(r.days).toBe(5);
    expect(r.destinations?.every((d) => d.days == null)).toBe(true);
  });

  it('reads bare numbers only when no length with a unit is written', () => {
    const r = parse('Paris 3, London 2 people, 6 days in all, from Boston');
    expect(r.days).toBe(6);
    expect(r.destinations?.every((d) => d.days == null)).toBe(true);
  });

  it('needs a length for every city', () => {
    expect(perCityDays('上海2天，然后去杭州', [{ name: '上海' }, { name: '杭州' }])).toBeUndefined();
  });

  it('turns stated days into nights, the last city one fewer', () => {
    expect(statedNights(4, [3, 2], 2)).toEqual([3, 1]);
    expect(statedNights(6, [2, 3, 2], 3)).toEqual([2, 3, 1]);
    // The last city keeps a night when it was given a single day.
    expect(statedNights(4, [4, 1], 2)).toEqual([3, 1]);
    // Days that do not add up to the trip: the even split is used instead.
    expect(statedNights(6, [2, 2], 2)).toBeNull();
    expect(splitNights(4, 2)).toEqual([2, 2]);
  });
});
