/**
 * The scripted OpenAI-compatible server: ONE real HTTP server (node:http on 127.0.0.1, a free
 * port) that every test needing an LLM talks to over real HTTP, through the real adapter
 * (convention 6: no hand-made fakes per test). It speaks the wire format as vLLM emits it:
 *
 * - `POST /v1/chat/completions`: a JSON completion, or with `stream: true` SSE chunks
 *   (`data: {...}\n\n`): a role chunk, content pieces, tool calls split across chunks (id, type and
 *   name first, then argument fragments), a finish chunk, a usage chunk with `choices: []` when
 *   `stream_options.include_usage` is set, then `data: [DONE]`.
 * - `POST /v1/embeddings`: deterministic vectors from text hashing (float arrays or base64).
 * - `GET /v1/models`, `GET /health`.
 *
 * Chat replies come from SCRIPTS: tests enqueue steps (an optional request matcher and a reply:
 * content, tool calls, delays, HTTP errors, invalid output, cut streams); each chat request takes
 * the next step. Every request is recorded. A request that matches no step, or arrives with the
 * queue empty, is answered 400 and listed in `problems`; `assertDone()` fails the test on those
 * and on steps never consumed.
 *
 * Usage: `const llm = await startScriptedLlmServer(); llm.enqueue([{ reply: { content: 'hi' } }]);`
 * then point the adapter at `llm.url` (which ends in `/v1`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deterministicEmbedding, embeddingToBase64, roughTokenCount } from './llm/embeddings.js';

// ---------------------------------------------------------------- script types

export interface ScriptedToolCall {
  /** Defaults to `chatcmpl-tool-<n>` as vLLM names them. */
  id?: string;
  name: string;
  /** An object is serialised; a string is sent as is (use one to send broken JSON). */
  arguments: string | Record<string, unknown>;
}

/** A completion reply (JSON, or SSE when the request streams). */
export interface CompletionReply {
  content?: string;
  toolCalls?: ScriptedToolCall[];
  /** Default: `tool_calls` when there are tool calls, else `stop`. */
  finishReason?: string;
  /** Token counts to report; default: rough counts of the request and reply; null: report none. */
  usage?: { promptTokens: number; completionTokens: number } | null;
  /** Model name to report (default: the server's). */
  model?: string;
  /** Wait before sending the response headers. */
  delayMs?: number;
  /** Streaming: characters of content per delta chunk (default 4). */
  chunkSize?: number;
  /** Streaming: characters of tool-call arguments per delta chunk (default 8). */
  argumentChunkSize?: number;
  /** Streaming: wait between chunks. */
  chunkDelayMs?: number;
  /** Streaming: stop after this many chunks, without a finish chunk or `[DONE]`. */
  truncateAfterChunks?: number;
  /** How to stop a truncated stream: end the body cleanly (default) or destroy the socket. */
  truncateMode?: 'end' | 'destroy';
}

/** A raw HTTP reply: an error status, or a 200 whose body is not a completion. */
export interface RawReply {
  status: number;
  /** Object: sent as JSON; string: sent as is. Default for >= 400: a vLLM error body. */
  body?: string | Record<string, unknown>;
  headers?: Record<string, string>;
  delayMs?: number;
}

export type ScriptReply = CompletionReply | RawReply;

/** What a request must look like to consume a step; every given field must hold. */
export interface RequestMatcher {
  stream?: boolean;
  model?: string;
  /** Names of tools the request must offer. */
  tools?: string[];
  /** The `response_format.json_schema.name` the request must carry. */
  responseFormat?: string;
  /** Text (or pattern) the last user message must contain. */
  lastUserIncludes?: string | RegExp;
  /** Role of the last message (e.g. `tool` after a tool call). */
  lastRole?: string;
  /** Any other check: return false or a string (the problem) to reject. */
  where?: (body: ChatRequestBody) => boolean | string;
}

export interface ChatStep {
  endpoint?: 'chat';
  expect?: RequestMatcher;
  reply: ScriptReply | ((request: RecordedRequest) => ScriptReply);
  /** Serve this step for that many consecutive requests (e.g. a 500 for every SDK retry). */
  times?: number;
}

/** Embedding requests are answered deterministically unless a step is queued for them. */
export interface EmbeddingStep {
  endpoint: 'embeddings';
  reply: RawReply | { delayMs: number };
  times?: number;
}

export type ScriptStep = ChatStep | EmbeddingStep;
export type Script = ScriptStep | readonly ScriptStep[];

/** The chat request body, as far as the server looks at it. */
export interface ChatRequestBody {
  model?: string;
  messages?: { role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
  tool_choice?: unknown;
  response_format?: { type: string; json_schema?: { name: string; schema: unknown; strict?: boolean } };
  [key: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (undefined for GET or an unparsable body). */
  body: ChatRequestBody | undefined;
  rawBody: string;
  receivedAt: number;
}

export interface ScriptedLlmServer {
  /** Base URL for OpenAI clients, e.g. `http://127.0.0.1:41234/v1`. */
  url: string;
  /** The model name the server reports by default. */
  model: string;
  enqueue(script: Script): void;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Chat-completion requests only. */
  chatRequests(): RecordedRequest[];
  /** Requests that matched no step or found the queue empty. */
  readonly problems: readonly string[];
  /** Steps not consumed yet. */
  pending(): number;
  /** Throws if a request was unexpected or a step was never consumed. */
  assertDone(): void;
  /** Clears the queues, the request log and the problems (e.g. in afterEach). */
  reset(): void;
  close(): Promise<void>;
}

export interface ScriptedLlmServerOptions {
  /** Model name reported by /v1/models and completions (default `Qwen/Qwen2.5-7B-Instruct`). */
  model?: string;
  /** Embedding size when the request sets no `dimensions` (default 64). */
  embeddingDimensions?: number;
}

// ---------------------------------------------------------------- reply helpers

/** Shorthands for common replies. */
export const llmReply = {
  text: (content: string, extra: Omit<CompletionReply, 'content'> = {}): CompletionReply => ({
    content,
    ...extra,
  }),
  json: (value: unknown, extra: Omit<CompletionReply, 'content'> = {}): CompletionReply => ({
    content: JSON.stringify(value),
    ...extra,
  }),
  toolCall: (
    name: string,
    args: Record<string, unknown> | string,
    extra: Omit<CompletionReply, 'toolCalls'> = {},
  ): CompletionReply => ({ toolCalls: [{ name, arguments: args }], ...extra }),
  httpError: (
    status: number,
    message = 'scripted failure',
    headers: Record<string, string> = {},
  ): RawReply => ({
    status,
    body: {
      error: {
        message,
        type: status >= 500 ? 'InternalServerError' : 'BadRequestError',
        param: null,
        code: status,
      },
    },
    headers,
  }),
};

// ---------------------------------------------------------------- implementation

const isRaw = (r: ScriptReply): r is RawReply => typeof (r as RawReply).status === 'number';

function sleep(ms: number, res: ServerResponse): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    }
    res.on('close', done);
  });
}

const gone = (res: ServerResponse) => res.destroyed || res.writableEnded;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (gone(res)) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function vllmError(status: number, message: string): Record<string, unknown> {
  return {
    error: {
      message,
      type: status >= 500 ? 'InternalServerError' : 'BadRequestError',
      param: null,
      code: status,
    },
  };
}

function matcherProblems(m: RequestMatcher | undefined, body: ChatRequestBody): string[] {
  if (!m) return [];
  const problems: string[] = [];
  if (m.stream !== undefined && Boolean(body.stream) !== m.stream)
    problems.push(`stream should be ${m.stream}`);
  if (m.model !== undefined && body.model !== m.model)
    problems.push(`model should be ${m.model}, got ${body.model}`);
  if (m.tools) {
    const offered = new Set((body.tools ?? []).map((t) => t.function?.name));
    for (const name of m.tools) if (!offered.has(name)) problems.push(`tool ${name} not offered`);
  }
  if (m.responseFormat !== undefined && body.response_format?.json_schema?.name !== m.responseFormat) {
    problems.push(`response_format.json_schema.name should be ${m.responseFormat}`);
  }
  const messages = body.messages ?? [];
  if (m.lastRole !== undefined && messages[messages.length - 1]?.role !== m.lastRole) {
    problems.push(`last message role should be ${m.lastRole}`);
  }
  if (m.lastUserIncludes !== undefined) {
    const lastUser = [...messages].reverse().find((x) => x.role === 'user');
    const text =
      typeof lastUser?.content === 'string' ? lastUser.content : JSON.stringify(lastUser?.content ?? '');
    const ok =
      typeof m.lastUserIncludes === 'string'
        ? text.includes(m.lastUserIncludes)
        : m.lastUserIncludes.test(text);
    if (!ok) problems.push(`last user message should include ${String(m.lastUserIncludes)}`);
  }
  if (m.where) {
    const verdict = m.where(body);
    if (verdict === false) problems.push('custom matcher rejected the request');
    else if (typeof verdict === 'string') problems.push(verdict);
  }
  return problems;
}

function split(text: string, size: number): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += Math.max(1, size))
    out.push(chars.slice(i, i + Math.max(1, size)).join(''));
  return out;
}

export async function startScriptedLlmServer(
  options: ScriptedLlmServerOptions = {},
): Promise<ScriptedLlmServer> {
  const model = options.model ?? 'Qwen/Qwen2.5-7B-Instruct';
  const defaultDims = options.embeddingDimensions ?? 64;
  const chatQueue: ChatStep[] = [];
  const embeddingQueue: EmbeddingStep[] = [];
  const requests: RecordedRequest[] = [];
  const problems: string[] = [];
  let counter = 0;

  const take = <T extends { times?: number }>(queue: T[]): T | undefined => {
    const step = queue[0];
    if (!step) return undefined;
    if ((step.times ?? 1) <= 1) queue.shift();
    else queue[0] = { ...step, times: (step.times ?? 1) - 1 };
    return step;
  };

  async function sendRaw(res: ServerResponse, reply: RawReply): Promise<void> {
    await sleep(reply.delayMs ?? 0, res);
    if (gone(res)) return;
    const body = reply.body ?? (reply.status >= 400 ? vllmError(reply.status, 'scripted failure') : '');
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const contentType = typeof body === 'string' ? 'text/plain' : 'application/json';
    res.writeHead(reply.status, {
      'content-type': contentType,
      'content-length': Buffer.byteLength(text),
      ...reply.headers,
    });
    res.end(text);
  }

  function completionParts(reply: CompletionReply, body: ChatRequestBody) {
    counter++;
    const id = `chatcmpl-${counter}`;
    const toolCalls = (reply.toolCalls ?? []).map((tc, i) => ({
      id: tc.id ?? `chatcmpl-tool-${counter}${i}`,
      name: tc.name,
      arguments: typeof tc.arguments === 'string' ? tc.arguments : JSON.stringify(tc.arguments),
    }));
    const content = reply.content ?? '';
    const finishReason = reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop');
    const usage =
      reply.usage === null
        ? null
        : (reply.usage ?? {
            promptTokens: roughTokenCount(JSON.stringify(body.messages ?? [])),
            completionTokens: roughTokenCount(content + toolCalls.map((t) => t.arguments).join('')),
          });
    const wireUsage = usage && {
      prompt_tokens: usage.promptTokens,
      total_tokens: usage.promptTokens + usage.completionTokens,
      completion_tokens: usage.completionTokens,
      prompt_tokens_details: null,
    };
    return {
      id,
      created: Math.floor(Date.now() / 1000),
      model: reply.model ?? model,
      toolCalls,
      content,
      finishReason,
      wireUsage,
    };
  }

  async function sendCompletion(
    res: ServerResponse,
    reply: CompletionReply,
    body: ChatRequestBody,
  ): Promise<void> {
    await sleep(reply.delayMs ?? 0, res);
    if (gone(res)) return;
    const p = completionParts(reply, body);
    const message = {
      role: 'assistant',
      content: p.content === '' && p.toolCalls.length > 0 ? null : p.content,
      reasoning_content: null,
      tool_calls: p.toolCalls.map((tc) => ({
        id: tc.id,
        type: 'function',
        function: { name: tc.name, arguments: tc.arguments },
      })),
    };
    sendJson(res, 200, {
      id: p.id,
      object: 'chat.completion',
      created: p.created,
      model: p.model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: p.finishReason, stop_reason: null }],
      ...(p.wireUsage ? { usage: p.wireUsage } : {}),
      prompt_logprobs: null,
    });
  }

  async function sendStream(
    res: ServerResponse,
    reply: CompletionReply,
    body: ChatRequestBody,
  ): Promise<void> {
    await sleep(reply.delayMs ?? 0, res);
    if (gone(res)) return;
    const p = completionParts(reply, body);
    const includeUsage = body.stream_options?.include_usage === true;
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
      id: p.id,
      object: 'chat.completion.chunk',
      created: p.created,
      model: p.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(includeUsage ? { usage: null } : {}),
    });
    const chunks: Record<string, unknown>[] = [chunk({ role: 'assistant', content: '' })];
    for (const piece of split(p.content, reply.chunkSize ?? 4)) chunks.push(chunk({ content: piece }));
    p.toolCalls.forEach((tc, index) => {
      chunks.push(
        chunk({
          tool_calls: [{ index, id: tc.id, type: 'function', function: { name: tc.name, arguments: '' } }],
        }),
      );
      for (const piece of split(tc.arguments, reply.argumentChunkSize ?? 8)) {
        chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
      }
    });
    chunks.push(chunk({ content: '' }, p.finishReason));
    if (includeUsage && p.wireUsage) {
      chunks.push({
        id: p.id,
        object: 'chat.completion.chunk',
        created: p.created,
        model: p.model,
        choices: [],
        usage: p.wireUsage,
      });
    }

    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    let sent = 0;
    for (const c of chunks) {
      if (reply.truncateAfterChunks !== undefined && sent >= reply.truncateAfterChunks) {
        if (reply.truncateMode === 'destroy') res.socket?.destroy();
        else res.end();
        return;
      }
      if (sent > 0) await sleep(reply.chunkDelayMs ?? 0, res);
      if (gone(res)) return;
      res.write(`data: ${JSON.stringify(c)}\n\n`);
      sent++;
    }
    res.end('data: [DONE]\n\n');
  }

  async function handleChat(res: ServerResponse, record: RecordedRequest): Promise<void> {
    const body = record.body;
    if (!body || !Array.isArray(body.messages)) {
      sendJson(res, 400, vllmError(400, 'messages is required'));
      return;
    }
    const step = take(chatQueue);
    if (!step) {
      problems.push(`unexpected chat request (no script step left): ${record.rawBody.slice(0, 300)}`);
      sendJson(res, 400, vllmError(400, 'scripted LLM server: no script step left'), {
        'x-should-retry': 'false',
      });
      return;
    }
    const mismatch = matcherProblems(step.expect, body);
    if (mismatch.length > 0) {
      problems.push(`chat request did not match the script: ${mismatch.join('; ')}`);
      sendJson(res, 400, vllmError(400, `scripted LLM server: ${mismatch.join('; ')}`), {
        'x-should-retry': 'false',
      });
      return;
    }
    const reply = typeof step.reply === 'function' ? step.reply(record) : step.reply;
    if (isRaw(reply)) await sendRaw(res, reply);
    else if (body.stream) await sendStream(res, reply, body);
    else await sendCompletion(res, reply, body);
  }

  async function handleEmbeddings(res: ServerResponse, record: RecordedRequest): Promise<void> {
    const step = take(embeddingQueue);
    if (step) {
      if ('status' in step.reply) return sendRaw(res, step.reply);
      await sleep(step.reply.delayMs, res);
    }
    const body = record.body as
      { input?: unknown; dimensions?: number; encoding_format?: string; model?: string } | undefined;
    const input = body?.input;
    const texts =
      typeof input === 'string'
        ? [input]
        : Array.isArray(input) && input.every((x) => typeof x === 'string')
          ? (input as string[])
          : null;
    if (!texts || texts.length === 0) {
      sendJson(res, 400, vllmError(400, 'input must be a string or a non-empty array of strings'));
      return;
    }
    const dims = typeof body?.dimensions === 'number' && body.dimensions > 0 ? body.dimensions : defaultDims;
    const base64 = body?.encoding_format === 'base64';
    const tokens = texts.reduce((s, t) => s + roughTokenCount(t), 0);
    sendJson(res, 200, {
      object: 'list',
      model: body?.model ?? model,
      data: texts.map((t, index) => {
        const v = deterministicEmbedding(t, dims);
        return { object: 'embedding', index, embedding: base64 ? embeddingToBase64(v) : v };
      }),
      usage: {
        prompt_tokens: tokens,
        total_tokens: tokens,
        completion_tokens: 0,
        prompt_tokens_details: null,
      },
    });
  }

  const server = createServer((req, res) => {
    void (async () => {
      const rawBody = await readBody(req);
      let body: ChatRequestBody | undefined;
      try {
        body = rawBody ? (JSON.parse(rawBody) as ChatRequestBody) : undefined;
      } catch {
        body = undefined;
      }
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const record: RecordedRequest = {
        method: req.method ?? 'GET',
        path,
        headers: { ...req.headers },
        body,
        rawBody,
        receivedAt: Date.now(),
      };
      requests.push(record);
      if (req.method === 'POST' && path === '/v1/chat/completions') return handleChat(res, record);
      if (req.method === 'POST' && path === '/v1/embeddings') return handleEmbeddings(res, record);
      if (req.method === 'GET' && path === '/v1/models') {
        return sendJson(res, 200, {
          object: 'list',
          data: [
            {
              id: model,
              object: 'model',
              created: 0,
              owned_by: 'vllm',
              root: model,
              parent: null,
              max_model_len: 16384,
              permission: [],
            },
          ],
        });
      }
      if (req.method === 'GET' && path === '/health') {
        res.writeHead(200, { 'content-length': 0 });
        return void res.end();
      }
      sendJson(res, 404, vllmError(404, `no route ${req.method} ${path}`));
    })().catch((err: unknown) => {
      problems.push(`server error: ${String(err)}`);
      if (!gone(res)) sendJson(res, 500, vllmError(500, 'scripted LLM server error'));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    model,
    enqueue(script: Script) {
      const steps: readonly ScriptStep[] = Array.isArray(script) ? script : [script as ScriptStep];
      for (const step of steps) {
        if (step.endpoint === 'embeddings') embeddingQueue.push(step);
        else chatQueue.push(step);
      }
    },
    get requests() {
      return requests;
    },
    chatRequests: () => requests.filter((r) => r.path === '/v1/chat/completions'),
    get problems() {
      return problems;
    },
    pending: () =>
      chatQueue.reduce((s, x) => s + (x.times ?? 1), 0) +
      embeddingQueue.reduce((s, x) => s + (x.times ?? 1), 0),
    assertDone() {
      const left = chatQueue.length + embeddingQueue.length;
      const issues = [...problems];
      if (left > 0) issues.push(`${left} script step(s) never consumed`);
      if (issues.length > 0) throw new Error(`scripted LLM server:\n- ${issues.join('\n- ')}`);
    },
    reset() {
      chatQueue.length = 0;
      embeddingQueue.length = 0;
      requests.length = 0;
      problems.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
