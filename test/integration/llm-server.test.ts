/**
 * The shared scripted OpenAI-compatible server itself: the wire format (raw HTTP and the
 * `openai` SDK), embeddings, models, and how scripts are matched and reported.
 */
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deterministicEmbedding } from '../support/llm/embeddings.js';
import { llmReply, startScriptedLlmServer, type ScriptedLlmServer } from '../support/llm-server.js';

let server: ScriptedLlmServer;
let sdk: OpenAI;

beforeAll(async () => {
  server = await startScriptedLlmServer({ embeddingDimensions: 32 });
  sdk = new OpenAI({ baseURL: server.url, apiKey: 'EMPTY', maxRetries: 0 });
});
afterEach(() => server.reset());
afterAll(() => server.close());

const post = (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('wire format', () => {
  it('streams SSE chunks as vLLM does: role, pieces, split tool calls, finish, usage, [DONE]', async () => {
    server.enqueue({
      reply: {
        content: 'abc',
        chunkSize: 2,
        toolCalls: [{ id: 't1', name: 'f', arguments: { x: 12345 } }],
        argumentChunkSize: 4,
      },
    });
    const res = await post('/chat/completions', {
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const raw = await res.text();
    const events = raw.split('\n\n').filter(Boolean);
    expect(events.every((e) => e.startsWith('data: '))).toBe(true);
    expect(events[events.length - 1]).toBe('data: [DONE]');
    interface Chunk {
      id: string;
      object: string;
      choices: {
        delta: { role?: string; content?: string; tool_calls?: { function: { arguments: string } }[] };
        finish_reason: string | null;
      }[];
      usage?: unknown;
    }
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)) as Chunk);
    const delta = (i: number) => chunks.at(i)!.choices[0]!.delta;
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === chunks[0]!.id)).toBe(true);
    expect(delta(0)).toEqual({ role: 'assistant', content: '' });
    expect([delta(1).content, delta(2).content]).toEqual(['ab', 'c']);
    expect(delta(3).tool_calls).toEqual([
      { index: 0, id: 't1', type: 'function', function: { name: 'f', arguments: '' } },
    ]);
    const argPieces = chunks.slice(4, -2).map((c) => c.choices[0]!.delta.tool_calls![0]!.function.arguments);
    expect(argPieces).toEqual(['{"x"', ':123', '45}']);
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('tool_calls');
    const usage = chunks.at(-1)!;
    expect(usage.choices).toEqual([]);
    expect(usage.usage).toMatchObject({
      prompt_tokens: expect.any(Number),
      completion_tokens: expect.any(Number),
    });
  });

  it('answers non-streaming requests with a chat.completion the SDK parses', async () => {
    server.enqueue({
      reply: llmReply.toolCall('f', { a: 1 }, { usage: { promptTokens: 7, completionTokens: 3 } }),
    });
    const c = await sdk.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(c.object).toBe('chat.completion');
    expect(c.choices[0]!.message.content).toBeNull();
    expect(c.choices[0]!.finish_reason).toBe('tool_calls');
    expect(c.usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 });
  });

  it('lists the served model', async () => {
    const models = await sdk.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['Qwen/Qwen2.5-7B-Instruct']);
    expect((await fetch(server.url.replace(/\/v1$/, '/health'))).status).toBe(200);
  });
});

describe('embeddings', () => {
  it('returns deterministic unit vectors, as floats or base64 (the SDK default)', async () => {
    const viaSdk = await sdk.embeddings.create({ model: 'bge-m3', input: ['故宫博物院', 'Forbidden City'] });
    expect(viaSdk.data).toHaveLength(2);
    expect(viaSdk.data[0]!.embedding).toHaveLength(32);
    expect(viaSdk.data[0]!.embedding).toEqual(deterministicEmbedding('故宫博物院', 32));
    const asFloats = (await (
      await post('/embeddings', { model: 'bge-m3', input: '故宫博物院', encoding_format: 'float' })
    ).json()) as {
      data: { embedding: number[] }[];
    };
    expect(asFloats.data[0]!.embedding).toEqual(viaSdk.data[0]!.embedding);
    const norm = Math.sqrt(cosine(asFloats.data[0]!.embedding, asFloats.data[0]!.embedding));
    expect(norm).toBeCloseTo(1, 5);
    const d128 = await sdk.embeddings.create({ model: 'bge-m3', input: 'x', dimensions: 128 });
    expect(d128.data[0]!.embedding).toHaveLength(128);
  });

  it('gives texts that share words closer vectors', () => {
    const v = (t: string) => deterministicEmbedding(t, 256);
    const q = v('hotels near the Forbidden City in Beijing');
    expect(cosine(q, v('Beijing hotel close to the Forbidden City'))).toBeGreaterThan(
      cosine(q, v('Paris museum tickets')),
    );
    const zh = v('北京故宫附近的酒店');
    expect(cosine(zh, v('故宫旁边的酒店推荐'))).toBeGreaterThan(cosine(zh, v('巴黎博物馆门票')));
  });

  it('replays scripted embedding failures', async () => {
    server.enqueue({ endpoint: 'embeddings', reply: llmReply.httpError(503, 'pooling runner down') });
    await expect(sdk.embeddings.create({ model: 'bge-m3', input: 'x' })).rejects.toMatchObject({
      status: 503,
    });
    await expect(sdk.embeddings.create({ model: 'bge-m3', input: 'x' })).resolves.toBeDefined();
  });
});

describe('scripts', () => {
  it('reports a request that does not match its step, and one with no step left', async () => {
    server.enqueue({
      expect: { responseFormat: 'trip_request', lastUserIncludes: '北京' },
      reply: llmReply.text('x'),
    });
    const mismatch = await post('/chat/completions', {
      model: 'm',
      messages: [{ role: 'user', content: 'Paris' }],
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.headers.get('x-should-retry')).toBe('false');
    const unexpected = await post('/chat/completions', {
      model: 'm',
      messages: [{ role: 'user', content: 'again' }],
    });
    expect(unexpected.status).toBe(400);
    expect(server.problems).toHaveLength(2);
    expect(server.problems[0]).toMatch(
      /response_format\.json_schema\.name should be trip_request; last user message should include 北京/,
    );
    expect(() => server.assertDone()).toThrow(/no script step left/);
  });

  it('reports steps never consumed', () => {
    server.enqueue([{ reply: llmReply.text('a') }, { reply: llmReply.text('b'), times: 2 }]);
    expect(server.pending()).toBe(3);
    expect(() => server.assertDone()).toThrow(/2 script step\(s\) never consumed/);
  });

  it('repeats a step, and builds replies from the request', async () => {
    server.enqueue([
      { reply: llmReply.httpError(500), times: 2 },
      { reply: (req) => llmReply.text(`you said ${String(req.body?.messages?.[0]?.content)}`) },
    ]);
    const ask = () =>
      post('/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'ping' }] });
    expect((await ask()).status).toBe(500);
    expect((await ask()).status).toBe(500);
    const ok = (await (await ask()).json()) as { choices: { message: { content: string } }[] };
    expect(ok.choices[0]!.message.content).toBe('you said ping');
    expect(server.chatRequests()).toHaveLength(3);
    server.assertDone();
  });
});
