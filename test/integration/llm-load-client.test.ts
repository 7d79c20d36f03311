/**
 * The load client of `npm run bench:llm` (gpu-service/load-client.ts) against the scripted
 * OpenAI-compatible server: streams are timed and counted, failures are samples (not exceptions),
 * and the tool-call and JSON-schema checks fail on malformed answers as well as pass on good ones.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  WEATHER_TOOL,
  checkJsonSchema,
  checkToolCall,
  percentileOf,
  runLoadLevel,
  streamOnce,
  type Endpoint,
} from '../../gpu-service/load-client.js';
import { llmReply, startScriptedLlmServer, type ScriptedLlmServer } from '../support/llm-server.js';

let llm: ScriptedLlmServer;
let endpoint: Endpoint;

beforeAll(async () => {
  llm = await startScriptedLlmServer({ model: 'Qwen/Qwen2.5-7B-Instruct-AWQ' });
  endpoint = { baseUrl: llm.url, model: llm.model };
});
afterAll(() => llm.close());
beforeEach(() => llm.reset());

describe('load client', () => {
  it('percentileOf is nearest-rank', () => {
    expect(percentileOf([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentileOf([5, 1, 3, 2, 4], 99)).toBe(5);
    expect(Number.isNaN(percentileOf([], 50))).toBe(true);
  });

  it('times a stream: first token after the scripted delay, tokens from usage', async () => {
    llm.enqueue({
      expect: { stream: true },
      reply: {
        content: 'one two three four five',
        chunkSize: 4,
        delayMs: 60,
        usage: { promptTokens: 9, completionTokens: 5 },
      },
    });
    const sample = await streamOnce(endpoint, 'hello', 16);
    expect(sample.ok).toBe(true);
    expect(sample.completionTokens).toBe(5);
    expect(sample.ttftMs).toBeGreaterThanOrEqual(55);
    expect(sample.totalMs).toBeGreaterThanOrEqual(sample.ttftMs);
    const body = llm.chatRequests()[0]!.body!;
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(body['max_tokens']).toBe(16);
    llm.assertDone();
  });

  it('sends enable_thinking false to Qwen3 models only', async () => {
    llm.enqueue([{ reply: llmReply.text('a') }, { reply: llmReply.text('b') }]);
    await streamOnce({ ...endpoint, model: 'Qwen/Qwen3-8B-AWQ' }, 'x', 4);
    await streamOnce(endpoint, 'x', 4);
    const [qwen3, qwen25] = llm.chatRequests();
    expect(qwen3!.body!['chat_template_kwargs']).toEqual({ enable_thinking: false });
    expect(qwen25!.body!['chat_template_kwargs']).toBeUndefined();
  });

  it('counts a cut stream and an HTTP error as failed samples', async () => {
    llm.enqueue([
      { reply: { content: 'a b c d e f g h', chunkSize: 2, truncateAfterChunks: 2 } },
      { reply: llmReply.httpError(503) },
    ]);
    const cut = await streamOnce(endpoint, 'x', 8);
    expect(cut).toMatchObject({ ok: false, error: 'stream ended without [DONE]' });
    const error = await streamOnce(endpoint, 'x', 8);
    expect(error).toMatchObject({ ok: false, error: 'HTTP 503' });
  });

  it('runs a level with the requested concurrency and reports each figure', async () => {
    let inFlight = 0;
    let peak = 0;
    llm.enqueue({
      reply: () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        setTimeout(() => (inFlight -= 1), 30);
        return { content: 'w '.repeat(20), delayMs: 30, usage: { promptTokens: 5, completionTokens: 20 } };
      },
      times: 12,
    });
    const level = await runLoadLevel(endpoint, { concurrency: 4, requests: 12, maxTokens: 20 });
    expect(level).toMatchObject({ concurrency: 4, requests: 12, failed: 0 });
    expect(peak).toBe(4);
    expect(level.tokensPerSecond).toBeCloseTo((12 * 20) / level.wallSeconds, 5);
    expect(level.ttftP99Ms).toBeGreaterThanOrEqual(level.ttftP50Ms);
    expect(level.requestP99Ms).toBeGreaterThanOrEqual(level.requestP50Ms);
    llm.assertDone();
  });
});

describe('well-formedness checks', () => {
  it('passes a tool call with valid arguments, offering the weather tool', async () => {
    llm.enqueue({
      expect: { tools: [WEATHER_TOOL.function.name] },
      reply: llmReply.toolCall(WEATHER_TOOL.function.name, { city: 'Kyoto', date: '2026-12-24' }),
    });
    expect(await checkToolCall(endpoint)).toMatchObject({ ok: true });
    llm.assertDone();
  });

  it.each([
    ['broken JSON arguments', llmReply.toolCall(WEATHER_TOOL.function.name, '{"city": "Kyo'), /not JSON/],
    ['a missing argument', llmReply.toolCall(WEATHER_TOOL.function.name, { city: 'Kyoto' }), /do not match/],
    [
      'another tool',
      llmReply.toolCall('book_hotel', { city: 'Kyoto', date: '2026-12-24' }),
      /called book_hotel/,
    ],
    ['plain text', llmReply.text('It will be sunny.'), /no tool_calls/],
  ])('fails a tool call with %s', async (_label, reply, detail) => {
    llm.enqueue({ reply });
    const result = await checkToolCall(endpoint);
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(detail);
  });

  it('passes JSON matching the schema and sends the schema as response_format', async () => {
    llm.enqueue({
      expect: { responseFormat: 'trip_summary' },
      reply: llmReply.json({ destination: 'Lisbon', days: 4, highlights: ['Alfama'] }),
    });
    expect(await checkJsonSchema(endpoint)).toMatchObject({ ok: true });
    llm.assertDone();
  });

  it.each([
    ['not JSON', llmReply.text('Lisbon, four days'), /not JSON/],
    [
      'a wrong type',
      llmReply.json({ destination: 'Lisbon', days: 'four', highlights: ['Alfama'] }),
      /schema/,
    ],
    [
      'an extra field',
      llmReply.json({ destination: 'Lisbon', days: 4, highlights: ['x'], budget: 1 }),
      /schema/,
    ],
  ])('fails structured output that is %s', async (_label, reply, detail) => {
    llm.enqueue({ reply });
    const result = await checkJsonSchema(endpoint);
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(detail);
  });
});
