/**
 * Structured output: JSON from the model validated by the contract's zod schema, one retry with
 * the validation errors fed back, then the deterministic fallback. The model is the shared
 * scripted server (convention 6), reached through the real adapter.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LlmCancelledError } from '../../agents/llm/errors.js';
import { extractJsonText, generateStructured } from '../../agents/llm/structured.js';
import { TripRequest, type TripRequestInput } from '../../agents/schemas/trip-request.js';
import type { OpenAiLlmClient } from '../../functions/llm/openai-client.js';
import { scriptedClient } from '../support/llm/client.js';
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

const TEXT = '我们两个人想从上海去北京玩3天，预算1.5万';
const messages = [
  { role: 'system' as const, content: 'Extract the trip request as JSON.' },
  { role: 'user' as const, content: TEXT },
];
const valid: TripRequestInput = {
  origin: { name: '上海' },
  destinations: [{ name: '北京' }],
  days: 3,
  travelers: { adults: 2 },
  budget: { amount: 15000, currency: 'CNY' },
};
const parserResult = TripRequest.parse({ ...valid, days: 3, language: 'zh' });

function request() {
  return { messages, schema: TripRequest, name: 'trip_request' };
}

describe('generateStructured', () => {
  it('accepts valid JSON the first time', async () => {
    server.enqueue({
      expect: { responseFormat: 'trip_request', lastUserIncludes: TEXT },
      reply: llmReply.json(valid, { usage: { promptTokens: 210, completionTokens: 40 } }),
    });
    const fallback = vi.fn(() => parserResult);
    const result = await generateStructured(client, request(), { fallback });
    expect(result.source).toBe('llm');
    expect(result.attempts).toBe(1);
    expect(result.value).toEqual(TripRequest.parse(valid));
    expect(result.usage).toEqual({ promptTokens: 210, completionTokens: 40 });
    expect(result.problems).toEqual([]);
    expect(result.calls).toHaveLength(1);
    expect(fallback).not.toHaveBeenCalled();
    const body = server.chatRequests()[0]!.body!;
    expect(body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'trip_request', strict: true },
    });
    expect(body.temperature).toBe(0);
  });

  it('retries once with the validation errors, and accepts the corrected JSON', async () => {
    server.enqueue([
      {
        // Invalid: empty origin name, adults 0.
        reply: llmReply.json(
          { origin: { name: '' }, destinations: [], travelers: { adults: 0 } },
          { usage: { promptTokens: 200, completionTokens: 30 } },
        ),
      },
      {
        expect: {
          responseFormat: 'trip_request',
          lastUserIncludes: /origin\.name: [\s\S]*travelers\.adults: /,
          where: (body) => {
            const roles = (body.messages ?? []).map((m) => m.role);
            return roles.join(',') === 'system,user,assistant,user' || `roles were ${roles.join(',')}`;
          },
        },
        reply: llmReply.json(valid, { usage: { promptTokens: 320, completionTokens: 41 } }),
      },
    ]);
    const fallback = vi.fn(() => parserResult);
    const result = await generateStructured(client, request(), { fallback });
    expect(result.source).toBe('llm-retry');
    expect(result.attempts).toBe(2);
    expect(result.value.destinations[0]?.name).toBe('北京');
    expect(result.usage).toEqual({ promptTokens: 520, completionTokens: 71 });
    expect(result.problems.every((p) => p.startsWith('attempt 1: '))).toBe(true);
    expect(result.prompts).toEqual([{ id: 'structured-output.retry', version: 1, lang: 'en' }]);
    expect(fallback).not.toHaveBeenCalled();
    // The bad answer is echoed back as the assistant turn.
    const second = server.chatRequests()[1]!.body!;
    expect(second.messages?.[2]).toMatchObject({
      role: 'assistant',
      content: expect.stringContaining('"origin"'),
    });
  });

  it('falls back to the deterministic result after two invalid answers', async () => {
    server.enqueue([
      { reply: llmReply.text('Sure! The trip is from Shanghai to Beijing for 3 days.') },
      {
        expect: { lastUserIncludes: 'not valid JSON' },
        reply: llmReply.text('{"origin": {"name": "上海"}, "destinations": ['),
      },
    ]);
    const fallback = vi.fn(() => parserResult);
    const result = await generateStructured(client, request(), { fallback });
    expect(result.source).toBe('fallback');
    expect(result.attempts).toBe(2);
    expect(result.value).toBe(parserResult);
    expect(fallback).toHaveBeenCalledTimes(1);
    expect(result.problems.some((p) => p.startsWith('attempt 2: the reply is not valid JSON'))).toBe(true);
    expect(result.calls).toHaveLength(2);
  });

  it('counts a reply cut at the token limit as invalid', async () => {
    server.enqueue([
      { reply: { content: '{"origin": {"name": "上', finishReason: 'length' } },
      { expect: { lastUserIncludes: 'cut off at the token limit' }, reply: llmReply.json(valid) },
    ]);
    const result = await generateStructured(client, request(), {
      fallback: () => parserResult,
      maxTokens: 10,
    });
    expect(result.source).toBe('llm-retry');
    expect(server.chatRequests()[0]!.body!['max_tokens']).toBe(10);
  });

  it('feeds failed cross-checks back like validation errors', async () => {
    server.enqueue([
      { reply: llmReply.json({ ...valid, days: 5 }) },
      { expect: { lastUserIncludes: 'days: the text says 3 days' }, reply: llmReply.json(valid) },
    ]);
    const result = await generateStructured(client, request(), {
      fallback: () => parserResult,
      check: (r) => (r.days === 3 ? [] : ['days: the text says 3 days']),
    });
    expect(result.source).toBe('llm-retry');
    expect(result.value.days).toBe(3);
  });

  it('strips code fences and think blocks around the JSON', async () => {
    server.enqueue({
      reply: llmReply.text('<think>\n</think>\n```json\n' + JSON.stringify(valid) + '\n```'),
    });
    const result = await generateStructured(client, request(), { fallback: () => parserResult });
    expect(result.source).toBe('llm');
    expect(extractJsonText('```\n{"a":1}\n```')).toBe('{"a":1}');
  });

  it('falls back at once when the endpoint fails (no second request)', async () => {
    server.enqueue({ reply: llmReply.httpError(500, 'engine dead') });
    const result = await generateStructured(client, request(), { fallback: () => parserResult });
    expect(result.source).toBe('fallback');
    expect(result.attempts).toBe(1);
    expect(result.calls).toEqual([]);
    expect(result.problems).toEqual(['attempt 1: LLM endpoint answered HTTP 500']);
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('falls back when the endpoint is too slow', async () => {
    server.enqueue({ reply: { ...llmReply.json(valid), delayMs: 3_000 } });
    const result = await generateStructured(client, request(), {
      fallback: () => parserResult,
      timeoutMs: 500,
    });
    expect(result.source).toBe('fallback');
    expect(result.problems[0]).toMatch(/timed out after 500 ms/);
  });

  it('propagates cancellation instead of falling back', async () => {
    const controller = new AbortController();
    // Abort once the request has reached the server, while the answer is still pending.
    server.enqueue({
      reply: () => {
        setTimeout(() => controller.abort(), 20);
        return { ...llmReply.json(valid), delayMs: 1_000 };
      },
    });
    const fallback = vi.fn(() => parserResult);
    await expect(
      generateStructured(client, request(), { fallback, signal: controller.signal }),
    ).rejects.toBeInstanceOf(LlmCancelledError);
    expect(fallback).not.toHaveBeenCalled();
  });
});
