/** The gazetteer port and its in-memory implementation over the bundled data. */
import { describe, expect, it } from 'vitest';
import { createGazetteer } from '../../agents/nlu/gazetteer.js';
import { loadGazetteer, loadGazetteerData } from '../../knowledge/gazetteer/load.js';

const gazetteer = loadGazetteer();

describe('bundled gazetteer data', () => {
  it('covers Chinese prefecture-level cities, provinces, world cities, US states and TravelPlanner cities', () => {
    const places = loadGazetteerData().places;
    const cnCities = places.filter((p) => p.kind === 'city' && p.country === 'CN');
    expect(cnCities.length).toBeGreaterThan(600);
    for (const name of ['成都', '拉萨', '喀什', '三亚', '西双版纳', '延边', '义乌', '阳朔', '香格里拉']) {
      expect(gazetteer.lookup(name)[0]?.kind, name).toBe('city');
    }
    for (const name of ['Paris', 'Tokyo', 'Kansas City', 'Sault Ste. Marie', 'Punta Gorda', 'Hilton Head']) {
      expect(gazetteer.lookup(name).length, name).toBeGreaterThan(0);
    }
    expect(gazetteer.lookup('Texas')[0]).toMatchObject({ kind: 'region', zh: '得克萨斯州', country: 'US' });
    expect(gazetteer.lookup('云南省')[0]).toMatchObject({ kind: 'region', en: 'Yunnan' });
    expect(gazetteer.lookup('日本')[0]).toMatchObject({ kind: 'country', country: 'JP' });
  });

  it('has both names and the province for Chinese cities', () => {
    expect(gazetteer.lookup('成都市')[0]).toMatchObject({
      zh: '成都',
      en: 'Chengdu',
      region: '四川',
      regionEn: 'Sichuan',
    });
    expect(gazetteer.lookup("Xi'an")[0]).toMatchObject({ zh: '西安' });
    expect(gazetteer.lookup('xian')[0]).toMatchObject({ zh: '西安' });
    expect(gazetteer.lookup('Urumqi')[0]?.zh).toBe('乌鲁木齐');
  });

  it('orders places sharing a name by rank, city first', () => {
    expect(gazetteer.lookup('Washington').map((p) => p.kind)).toEqual(['city', 'region']);
    expect(gazetteer.lookup('St. Petersburg')[0]).toMatchObject({ country: 'RU' });
    expect(
      gazetteer.lookup('St. Petersburg').some((p) => p.country === 'US' && p.regionEn === 'Florida'),
    ).toBe(true);
    expect(gazetteer.lookup('海南')[0]?.kind).toBe('region');
    expect(gazetteer.lookup('海南州')[0]).toMatchObject({ kind: 'city', region: '青海' });
  });

  it('regionOf gives the province or state a place names or lies in', () => {
    expect(gazetteer.regionOf('Texas')?.en).toBe('Texas');
    expect(gazetteer.regionOf('成都')?.zh).toBe('四川');
    expect(gazetteer.regionOf('Seattle')?.en).toBe('Washington');
    expect(gazetteer.regionOf('Paris')?.kind).toBe('country');
    expect(gazetteer.regionOf('nowhere-at-all')).toBeUndefined();
  });
});

describe('findMentions', () => {
  it('finds Chinese names, longest first, with offsets', () => {
    const text = '从成都出发去黄山风景区和西双版纳';
    const m = gazetteer.findMentions(text);
    expect(m.map((x) => x.name)).toEqual(['成都', '黄山风景区', '西双版纳']);
    for (const x of m) expect(text.slice(x.start, x.end)).toBe(x.surface);
  });

  it('finds English names, multi-word and with dots, capitalised', () => {
    const text = 'From St. Louis to New York City, then Salt Lake City.';
    const m = gazetteer.findMentions(text);
    expect(m.map((x) => x.nameEn)).toEqual(['St. Louis', 'New York', 'Salt Lake City']);
    expect(m[1]).toMatchObject({ nameZh: '纽约', country: 'US', region: 'New York' });
  });

  it('does not take everyday words for places', () => {
    expect(gazetteer.findMentions('We want a nice hotel with a pool near the bend of the river.')).toEqual(
      [],
    );
    expect(gazetteer.findMentions('Nice to meet you. May we go in March?')).toEqual([]);
    expect(gazetteer.findMentions('a trip to nice and bath').map((m) => m.nameEn)).toEqual([]);
    expect(gazetteer.findMentions('we land in Nice and go on to Bath').map((m) => m.nameEn)).toEqual([
      'Nice',
      'Bath',
    ]);
  });

  it('accepts lower-case names in lower-case text', () => {
    expect(gazetteer.findMentions('trip to paris and rome').map((m) => m.nameEn)).toEqual(['Paris', 'Rome']);
  });

  it('a tiny gazetteer built from hand-made data works the same way', () => {
    const tiny = createGazetteer({
      places: [
        {
          kind: 'city',
          zh: '测试城',
          en: 'Testville',
          country: 'ZZ',
          region: null,
          rank: 2,
          aliases: ['TV City'],
        },
      ],
    });
    expect(tiny.findMentions('去测试城，或者 TV City').map((m) => m.nameEn)).toEqual([
      'Testville',
      'Testville',
    ]);
    expect(tiny.lookup('testville')[0]?.zh).toBe('测试城');
    expect(tiny.regionOf('Testville')).toBeUndefined();
  });
});
