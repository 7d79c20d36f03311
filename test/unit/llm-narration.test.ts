/**
 * Narration: the template summary states only plan facts (zh and en); an LLM summary is used only
 * when every number and name it states is in the plan, otherwise the template is, and the result
 * says why. The model is the shared scripted server, through the real adapter.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkFacts, parseChineseNumber, statedNumbers } from '../../agents/llm/fact-check.js';
import { checkNarration, narratePlan } from '../../agents/llm/narration.js';
import { digestNumbers, digestPlan, nameVariants } from '../../agents/llm/plan-digest.js';
import { planTrip } from '../../agents/planning/coordinator.js';
import type { TravelPlan } from '../../agents/schemas/travel-plan.js';
import { TripRequest } from '../../agents/schemas/trip-request.js';
import type { OpenAiLlmClient } from '../../functions/llm/openai-client.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';
import { scriptedClient } from '../support/llm/client.js';
import { beijingPlan } from '../support/llm/plan-fixture.js';
import { llmReply, startScriptedLlmServer, type ScriptedLlmServer } from '../support/llm-server.js';

let server: ScriptedLlmServer;
let client: OpenAiLlmClient;

beforeAll(async () => {
  server = await startScriptedLlmServer();
  client = scriptedClient(server);
});
afterEach(() => {
  server.assertDone();
  server.reset();
});
afterAll(() => server.close());

describe('template narration (offline)', () => {
  it('summarises the plan in Chinese from its facts only', async () => {
    const plan = beijingPlan('zh');
    const n = await narratePlan(plan, 'zh');
    expect(n.source).toBe('template');
    expect(n.prompts).toEqual([]);
    expect(n.text).toBe(
      [
        '北京3日游：2027-05-10至2027-05-12，共3天2晚，2人，从上海出发，前往北京。',
        '第1天（2027-05-10，上海 → 北京）：故宫博物院；住北京王府井希尔顿酒店。',
        '第2天（2027-05-11，北京）：颐和园、南锣鼓巷；住北京王府井希尔顿酒店。',
        '第3天（2027-05-12，北京 → 上海）：天坛公园。',
        '预计总花费6,232 CNY，预算15,000 CNY，在预算内，尚余8,768 CNY。',
        '有1条注意事项，请查看行程详情。',
      ].join('\n'),
    );
    expect(checkNarration(n.text, plan, 'zh')).toEqual({ ok: true, problems: [] });
  });

  it('summarises the plan in English from its facts only', async () => {
    const plan = beijingPlan('en');
    const n = await narratePlan(plan, 'en');
    expect(n.text).toBe(
      [
        '3 days in Beijing: 2027-05-10 to 2027-05-12, 3 days and 2 nights, 2 travellers from 上海, visiting 北京.',
        'Day 1 (2027-05-10, 上海 → 北京): 故宫博物院; stay at 北京王府井希尔顿酒店.',
        'Day 2 (2027-05-11, 北京): 颐和园, 南锣鼓巷; stay at 北京王府井希尔顿酒店.',
        'Day 3 (2027-05-12, 北京 → 上海): 天坛公园.',
        'Estimated total cost: 6,232 CNY against a budget of 15,000 CNY (8,768 CNY left).',
        '1 warning: see the plan for details.',
      ].join('\n'),
    );
    expect(checkNarration(n.text, plan, 'en').ok).toBe(true);
  });

  it('says when a plan is over budget', async () => {
    const plan = {
      ...beijingPlan('zh'),
      budgetBreakdown: { ...beijingPlan('zh').budgetBreakdown, totalBudget: 5000 },
    };
    const zh = await narratePlan(plan, 'zh');
    expect(zh.text).toContain('预计总花费6,232 CNY，预算5,000 CNY，超出预算1,232 CNY。');
    const en = await narratePlan(plan, 'en');
    expect(en.text).toContain('(over budget by 1,232 CNY)');
  });

  describe('on plans made by the planner', () => {
    const providers = createOfflineProviders({ now: () => new Date('2026-11-26T00:00:00Z') });
    const cases: [string, Parameters<typeof TripRequest.parse>[0]][] = [
      [
        'zh',
        {
          origin: { name: '上海' },
          destinations: [{ name: '北京' }],
          startDate: '2027-05-10',
          days: 4,
          travelers: { adults: 2, children: 1 },
          budget: { amount: 15000, currency: 'CNY' },
        },
      ],
      [
        'en',
        {
          origin: { name: 'New York' },
          destinations: [{ name: 'Paris' }],
          startDate: '2027-05-10',
          days: 4,
          travelers: { adults: 2 },
          budget: { amount: 3000, currency: 'USD' },
          language: 'en',
        },
      ],
    ];
    for (const [lang, input] of cases) {
      it(`mentions the hotels, sights and totals of a real ${lang} plan, and nothing else`, async () => {
        const outcome = await planTrip(TripRequest.parse(input), {
          providers,
          now: () => new Date('2026-11-26T00:00:00Z'),
        });
        const plan = outcome.plan as TravelPlan;
        expect(plan).not.toBeNull();
        const l = lang as 'zh' | 'en';
        const n = await narratePlan(plan, l);
        const digest = digestPlan(plan, l);
        for (const h of plan.accommodations) expect(n.text).toContain(h.name);
        for (const day of digest.itinerary) for (const s of day.sights) expect(n.text).toContain(s);
        expect(n.text).toContain(digest.cost.total.toLocaleString('en-US'));
        expect(n.text).toContain(digest.cost.budget.toLocaleString('en-US'));
        expect(checkNarration(n.text, plan, l)).toEqual({ ok: true, problems: [] });
      });
    }
  });
});

describe('LLM narration', () => {
  const goodZh =
    '北京3日游：2人于2027-05-10从上海出发。第1天游览故宫博物院，第2天前往颐和园和南锣鼓巷，第3天参观天坛公园后返回上海。' +
    '住在北京王府井希尔顿酒店，预计总花费6,232 CNY，在15,000 CNY的预算之内。另有1条注意事项。';

  it('uses the model text when every fact checks out', async () => {
    server.enqueue({
      expect: {
        lastUserIncludes: '"hotel":"北京王府井希尔顿酒店"',
        where: (body) => {
          const system = body.messages?.[0];
          return (
            (system?.role === 'system' && String(system.content).includes('只能陈述行程摘要')) ||
            'no zh system prompt'
          );
        },
      },
      reply: llmReply.text(goodZh, { usage: { promptTokens: 900, completionTokens: 120 } }),
    });
    const n = await narratePlan(beijingPlan('zh'), 'zh', { llm: client });
    expect(n.source).toBe('llm');
    expect(n.text).toBe(goodZh);
    expect(n.fallbackReason).toBeUndefined();
    expect(n.call?.usage).toEqual({ promptTokens: 900, completionTokens: 120 });
    expect(n.prompts).toEqual([
      { id: 'narration.system', version: 1, lang: 'zh' },
      { id: 'narration.user', version: 1, lang: 'zh' },
    ]);
  });

  it('uses an English model text that restates the plan', async () => {
    const text =
      'Two travellers leave 上海 on 2027-05-10 for three days in 北京, staying at 北京王府井希尔顿酒店. ' +
      'Day 1 is 故宫博物院, Day 2 颐和园 and 南锣鼓巷, Day 3 天坛公园. The total of 6,232 CNY is within the ' +
      '15,000 CNY budget; there is 1 warning.';
    server.enqueue({ reply: llmReply.text(text) });
    const n = await narratePlan(beijingPlan('en'), 'en', { llm: client });
    expect(n).toMatchObject({ source: 'llm', text });
  });

  it('rejects an invented number and uses the template', async () => {
    const invented = goodZh.replace('预计总花费6,232 CNY', '预计总花费约5,800 CNY，人均2,900 CNY');
    server.enqueue({ reply: llmReply.text(invented) });
    const n = await narratePlan(beijingPlan('zh'), 'zh', { llm: client });
    expect(n.source).toBe('template');
    expect(n.fallbackReason).toBe('fact_check_failed');
    expect(n.problems).toEqual(['number 5,800 is not in the plan', 'number 2,900 is not in the plan']);
    expect(n.text).toBe((await narratePlan(beijingPlan('zh'), 'zh')).text);
    expect(n.call).toBeDefined(); // the call is still recorded (tokens were spent)
  });

  it('rejects invented places (city, sight, hotel) and uses the template', async () => {
    const cases: [string, RegExp][] = [
      [goodZh + '如有时间还可以去杭州看看。', /杭州/],
      [goodZh.replace('南锣鼓巷', '八达岭长城'), /长城/],
      [goodZh.replace('住在北京王府井希尔顿酒店', '住在北京饭店'), /北京饭店/],
      [goodZh.replace('颐和园', '景山公园'), /景山公园/],
      [goodZh + '第三天还能逛798艺术区。', /798|艺术区/],
    ];
    for (const [text, why] of cases) {
      server.enqueue({ reply: llmReply.text(text) });
      const n = await narratePlan(beijingPlan('zh'), 'zh', { llm: client });
      expect(n.source, text).toBe('template');
      expect(n.fallbackReason).toBe('fact_check_failed');
      expect(n.problems.join(' ')).toMatch(why);
    }
  });

  it('rejects invented English names and uses the template', async () => {
    const text =
      'Two travellers spend three days in 北京: 故宫博物院, the Great Wall at Mutianyu and 颐和园, staying at 北京王府井希尔顿酒店.';
    server.enqueue({ reply: llmReply.text(text) });
    const n = await narratePlan(beijingPlan('en'), 'en', { llm: client });
    expect(n.fallbackReason).toBe('fact_check_failed');
    expect(n.problems).toEqual([
      'mentions "Great Wall", which is not a name in the plan',
      'mentions "Mutianyu", which is not a name in the plan',
    ]);
  });

  it('checks names without a place suffix only through a lexicon', async () => {
    const text = goodZh.replace('南锣鼓巷', '什刹海');
    server.enqueue([{ reply: llmReply.text(text) }, { reply: llmReply.text(text) }]);
    const without = await narratePlan(beijingPlan('zh'), 'zh', { llm: client });
    expect(without.source).toBe('llm'); // the documented limit
    const withLexicon = await narratePlan(beijingPlan('zh'), 'zh', {
      llm: client,
      lexicon: ['什刹海', '南锣鼓巷'],
    });
    expect(withLexicon.source).toBe('template');
    expect(withLexicon.problems).toEqual(['mentions 什刹海, which is not in the plan']);
  });

  it('falls back when the model fails, answers nothing, or runs long', async () => {
    server.enqueue([
      { reply: llmReply.httpError(503, 'overloaded') },
      { reply: llmReply.text('   ') },
      { reply: llmReply.text('北京'.repeat(400)) },
      { reply: { content: goodZh.slice(0, 40), finishReason: 'length' } },
    ]);
    const plan = beijingPlan('zh');
    const reasons = [];
    for (let i = 0; i < 4; i++) reasons.push((await narratePlan(plan, 'zh', { llm: client })).fallbackReason);
    expect(reasons).toEqual(['llm_failed', 'empty', 'too_long', 'too_long']);
  });
});

describe('fact checking', () => {
  it('reads numbers in digits, scales, Chinese numerals and English words', () => {
    const values = (t: string) => statedNumbers(t).map((s) => s.value);
    expect(values('共3天2晚，花费6,232元，约1.5万，5k')).toEqual([3, 2, 6232, 15000, 5000]);
    expect(values('第三天，两人，一家四口，十五元')).toEqual([3, 2, 1, 4, 15]);
    expect(values('twenty-five days for two people')).toEqual([25, 2]);
    expect(parseChineseNumber('一百零五')).toBe(105);
    expect(parseChineseNumber('两万三千')).toBe(23000);
  });

  it('accepts a number within the precision it is written with', () => {
    const base = { lang: 'zh' as const, names: [] };
    expect(checkFacts({ ...base, text: '约1.5万', numbers: [15200] }).ok).toBe(true);
    expect(checkFacts({ ...base, text: '约1.5万', numbers: [15600] }).ok).toBe(false);
    expect(checkFacts({ ...base, text: '7,368元', numbers: [7368.4] }).ok).toBe(true);
    expect(checkFacts({ ...base, text: '7,369元', numbers: [7368.4] }).ok).toBe(false);
  });

  it('takes dates and names apart for the digest numbers and name variants', () => {
    const numbers = digestNumbers(digestPlan(beijingPlan('zh'), 'zh'));
    for (const n of [2027, 5, 10, 11, 12, 3, 2, 6232, 15000, 8768, 1]) expect(numbers).toContain(n);
    expect(nameVariants('什刹海（后海）')).toEqual(['什刹海（后海）', '什刹海', '后海']);
    expect(nameVariants('前门大街和大栅栏')).toEqual(['前门大街和大栅栏', '前门大街', '大栅栏']);
    expect(nameVariants('颐和园')).toEqual(['颐和园']);
  });
});
