/**
 * Wishes the parser used to miss (own example texts): a name added in a clause of its own after a
 * wish (`，还有X`), names joined by "by the", walking verbs, boxing as an evening outing, a form's
 * list of cities with their lengths, and one date mentioned twice against a stated length.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Gazetteer } from '../../agents/nlu/gazetteer.js';
import { parseTripText } from '../../agents/nlu/parser.js';
import type { ParseResult } from '../../agents/nlu/types.js';
import { loadGazetteer } from '../../knowledge/gazetteer/load.js';

let gazetteer: Gazetteer;
beforeAll(() => {
  gazetteer = loadGazetteer();
});
const parse = (text: string): ParseResult => parseTripText(text, { gazetteer, today: '2026-03-04' });

describe('must-visit wishes', () => {
  it('reads a name added after a wish with 还有 / 以及', () => {
    expect(parse('从武汉去香港玩3天，想去迪士尼，还有海洋公园。').request.mustVisit).toEqual([
      '迪士尼',
      '海洋公园',
    ]);
    expect(parse('去西安4天，想看大雁塔，以及华清宫').request.mustVisit).toEqual(['大雁塔', '华清宫']);
  });
  it('does not read the party, a budget or a question after 还有 as a sight', () => {
    expect(parse('去成都玩3天，还有两个孩子，预算5000').request.mustVisit).toEqual([]);
    expect(parse('去北京4天，想去颐和园，还有什么推荐吗').request.mustVisit).toEqual(['颐和园']);
  });
  it('keeps a name joined by "by the" whole and reads walking verbs', () => {
    expect(
      parse('Two of us from Perth to Sydney for 5 days. We want Darling Harbour by the Sea and Bondi.')
        .request.mustVisit,
    ).toEqual(['Darling Harbour by the Sea', 'Bondi']);
    expect(
      parse('From Oslo to Rome for 4 days, I want to walk the Appian Way on day two.').request.mustVisit,
    ).toEqual(['Appian Way']);
  });
});

describe('evening wishes', () => {
  it('reads a boxing night as a show', () => {
    const r = parse(
      'From Perth to Bangkok for 4 days. One evening we want to catch a Muay Thai fight.',
    ).request;
    expect(r.evenings?.map((e) => e.kind)).toContain('show');
    expect(parse('去曼谷玩4天，晚上想看泰拳').request.evenings?.map((e) => e.kind)).toContain('show');
  });
});

describe('forms and dates', () => {
  it('reads a form line of cities with their lengths as several destinations', () => {
    const r = parse('Origin: Perth\nCities: Tokyo 4 days, Osaka 2 days\nTravellers: 2').request;
    expect(r.destinations?.map((d) => d.name)).toEqual(['Tokyo', 'Osaka']);
    expect(r.destinations?.map((d) => d.days)).toEqual([4, 2]);
  });
  it('keeps the stated length when one date is mentioned twice', () => {
    const r = parse(
      'Re: Paris visit, week of May 3\n\nI will be in Paris for 4 days the week of May 3, from Oslo.',
    ).request;
    expect(r.days).toBe(4);
    expect(r.startDate).toBe('2026-05-03');
    expect(r.endDate).toBe('2026-05-06');
  });
});
