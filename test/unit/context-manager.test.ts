/** Context manager: token estimate, budget, newest turns kept, older turns summarised. */
import { describe, expect, it } from 'vitest';
import {
  buildContext,
  estimateMessagesTokens,
  estimateTokens,
  firstSentence,
  type ContextTurn,
} from '../../agents/llm/context-manager.js';

function history(n: number): ContextTurn[] {
  const turns: ContextTurn[] = [];
  for (let i = 0; i < n; i++) {
    turns.push({
      role: 'user',
      content: `第${i}轮：我想去成都玩几天，顺便吃火锅。还有很多别的想法需要慢慢说清楚，比如住宿和交通。`,
      filledSlots: i === 0 ? ['destinations'] : [],
    });
    turns.push({ role: 'assistant', content: `好的（第${i}轮回复），请问打算玩几天？`.repeat(3) });
  }
  return turns;
}

const base = {
  system: '你是旅行规划助手。',
  slots: { destinations: [{ name: '成都' }], days: 3 },
  missing: ['origin'],
  planSummary: '成都3日游：宽窄巷子、大熊猫基地。',
  current: '改成4天',
};

describe('token estimator', () => {
  it('counts CJK characters as one token and other text as chars/4', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('北京')).toBe(2);
    expect(estimateTokens('abcdefgh')).toBe(2);
    expect(estimateTokens('去Paris玩')).toBe(2 + 2);
    expect(estimateMessagesTokens([{ role: 'user', content: '你好' }])).toBe(3 + 5 + 2);
  });
});

describe('buildContext', () => {
  it('keeps everything verbatim when it fits, with slots and plan summary as structured context', async () => {
    const ctx = await buildContext({ ...base, history: history(2), maxTokens: 4000 });
    expect(ctx.keptTurns).toBe(4);
    expect(ctx.summary).toBeNull();
    expect(ctx.messages).toHaveLength(6);
    const system = ctx.messages[0]!.content!;
    expect(system).toContain('你是旅行规划助手');
    expect(system).toContain('"days":3');
    expect(system).toContain('仍缺少：origin');
    expect(system).toContain('大熊猫基地');
    expect(ctx.messages.at(-1)).toEqual({ role: 'user', content: '改成4天' });
  });

  it('respects the budget, keeps the newest turns and summarises the older ones', async () => {
    const turns = history(30);
    for (const maxTokens of [700, 1000, 1500]) {
      const ctx = await buildContext({ ...base, history: turns, maxTokens, replyReserve: 200 });
      expect(ctx.estimatedTokens).toBeLessThanOrEqual(maxTokens - 200);
      expect(estimateMessagesTokens(ctx.messages)).toBe(ctx.estimatedTokens);
      expect(ctx.keptTurns).toBeGreaterThan(0);
      expect(ctx.keptTurns).toBeLessThan(turns.length);
      // The kept turns are the newest, in order.
      const kept = ctx.messages.slice(1, -1).map((m) => m.content);
      expect(kept).toEqual(turns.slice(turns.length - ctx.keptTurns).map((t) => t.content));
      expect(ctx.summarizedTurns).toBe(turns.length - ctx.keptTurns);
      expect(ctx.summary).not.toBeNull();
      expect(ctx.messages[0]!.content).toContain('较早对话摘要');
      expect(ctx.messages.at(-1)!.content).toBe('改成4天');
    }
  });

  it('summarises extractively: first sentence of each older user turn and the slots it filled', async () => {
    const ctx = await buildContext({
      ...base,
      history: history(6),
      maxTokens: 800,
      replyReserve: 100,
      lang: 'en',
    });
    expect(ctx.summarizedTurns).toBeGreaterThan(0);
    expect(ctx.summary).toContain('- 第0轮：我想去成都玩几天，顺便吃火锅。 [filled: destinations]');
    expect(ctx.messages[0]!.content).toContain('Summary of earlier turns');
    expect(ctx.summary).not.toContain('还有很多别的想法');
    expect(firstSentence('Go to Paris. Then Rome.')).toBe('Go to Paris.');
  });

  it('uses a caller-supplied summarizer (e.g. an LLM) for older turns', async () => {
    const seen: number[] = [];
    const ctx = await buildContext({
      ...base,
      history: history(30),
      maxTokens: 1000,
      replyReserve: 100,
      summarizer: (older) => {
        seen.push(older.length);
        return `用户之前聊了${older.length}轮，想去成都。`;
      },
    });
    expect(seen).toEqual([ctx.summarizedTurns]);
    expect(ctx.summary).toBe(`用户之前聊了${ctx.summarizedTurns}轮，想去成都。`);
    expect(ctx.estimatedTokens).toBeLessThanOrEqual(900);
  });

  it('cuts the plan summary and then the current message when even they do not fit', async () => {
    const ctx = await buildContext({
      ...base,
      planSummary: '很长的行程。'.repeat(500),
      current: '很长的问题'.repeat(500),
      history: history(3),
      maxTokens: 300,
      replyReserve: 50,
    });
    expect(ctx.estimatedTokens).toBeLessThanOrEqual(250);
    expect(ctx.truncated).toEqual(['plan_summary', 'current']);
    expect(ctx.messages[0]!.content).toContain('你是旅行规划助手');
  });
});
