/**
 * A list of things to see is several wishes (想看故宫和长城), and a restaurant named after a sight
 * (四季民福烤鸭店（故宫店）) does not count as visiting it: the plan then warns about the sight.
 */
import { describe, expect, it } from 'vitest';
import { parseTripText } from '../../agents/nlu/parser.js';
import { createJiebaSegmenter } from '../../agents/nlu/segmenter.js';
import { planTrip } from '../../agents/planning/coordinator.js';
import { TripRequest } from '../../agents/schemas/trip-request.js';
import { chinesePlaceNames, loadGazetteer } from '../../knowledge/gazetteer/load.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';

const options = {
  gazetteer: loadGazetteer(),
  today: '2027-01-10',
  segmenter: createJiebaSegmenter(chinesePlaceNames()),
};

describe('must-visit lists', () => {
  it('splits a list after 想看 into one wish per sight', () => {
    expect(parseTripText('从上海去北京玩4天，两个人，想看故宫和长城', options).request.mustVisit).toEqual([
      '故宫',
      '长城',
    ]);
    expect(parseTripText('从上海去西安玩3天，想看兵马俑、大雁塔', options).request.mustVisit).toEqual([
      '兵马俑',
      '大雁塔',
    ]);
  });

  it('warns about a wished-for sight that only a restaurant name mentions', async () => {
    const providers = createOfflineProviders();
    const now = () => new Date('2027-01-10T08:00:00Z');
    const out = await planTrip(
      TripRequest.parse({
        origin: { name: '上海' },
        destinations: [{ name: '北京' }],
        startDate: '2027-03-10',
        days: 3,
        travelers: { adults: 2 },
        mustVisit: ['故宫'],
        language: 'zh',
      }),
      { providers, now },
    );
    const plan = out.plan!;
    const visited = plan.itinerary.some((d) =>
      d.activities.some((a) => a.type === 'sightseeing' && a.name.includes('故宫')),
    );
    const warned = plan.warnings.some((w) => w.code === 'MUST_VISIT' && w.message.includes('故宫'));
    // Either the Palace Museum is in the plan, or the plan says it is not: never silence.
    expect(visited || warned).toBe(true);
    expect(visited && warned).toBe(false);
  });
});
