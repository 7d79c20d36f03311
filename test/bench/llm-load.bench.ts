/**
 * `npm run bench:llm -- [--base-url URL] [--model M] [--requests N] [--max-tokens T] [--levels 1,8,32]`
 *
 * Load test of an OpenAI-compatible endpoint (gpu-service/load-client.ts): for each concurrency
 * level (default 1, 8 and 32 streams) output tokens/s, time to first token p50/p99 and request
 * p50/p99; then a tool-calling and a JSON-schema request checked for well-formed output.
 *
 * Without `--base-url` it starts the scripted OpenAI-compatible server (test/support/llm-server.ts)
 * on loopback and runs against it. That server streams canned text as fast as it can, so those
 * figures are ONLY the client's and the loopback's overhead — not a model's speed. Point it at a
 * real vLLM (e.g. `--base-url http://<internal-alb>/v1`, or `http://127.0.0.1:8001/v1` with the
 * compose `gpu` profile) for real figures.
 */
import { type ChatRequestBody, startScriptedLlmServer } from '../support/llm-server.js';
import {
  TRIP_SUMMARY_SCHEMA,
  checkJsonSchema,
  checkToolCall,
  runLoadLevel,
  type Endpoint,
  type LevelResult,
} from '../../gpu-service/load-client.js';
import { CHAT_MODELS, DEFAULT_CHAT_MODEL } from '../../gpu-service/models.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const inline = process.argv.find((a) => a.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

const maxTokens = Number(arg('max-tokens') ?? 128);
const levels = (arg('levels') ?? '1,8,32').split(',').map(Number);
const requestsArg = arg('requests');

/** Words of a canned reply, one "token" each (the scripted server counts tokens roughly). */
function cannedText(tokens: number): string {
  const words = 'the old town rewards slow walks between the river and the hills with small museums'.split(
    ' ',
  );
  return Array.from({ length: tokens }, (_, i) => words[i % words.length]).join(' ');
}

/** The scripted replies: a tool call when tools are offered, schema JSON when asked, else text. */
function scriptedReply(body: ChatRequestBody | undefined) {
  if (body?.tools?.length) {
    return {
      toolCalls: [{ name: body.tools[0]!.function.name, arguments: { city: 'Kyoto', date: '2026-12-24' } }],
    };
  }
  if (body?.response_format?.type === 'json_schema') {
    return {
      content: JSON.stringify({ destination: 'Lisbon', days: 4, highlights: ['Alfama', 'Belém', 'Sintra'] }),
    };
  }
  // Six characters per SSE chunk; the server reports its rough token count as usage.
  return { content: cannedText(maxTokens), chunkSize: 6 };
}

async function main(): Promise<void> {
  let baseUrl = arg('base-url');
  let model = arg('model') ?? CHAT_MODELS[DEFAULT_CHAT_MODEL].servedName;
  let stop = async () => {};
  const scripted = !baseUrl;
  if (!baseUrl) {
    const server = await startScriptedLlmServer({ model });
    server.enqueue({ reply: (request) => scriptedReply(request.body), times: 1_000_000 });
    baseUrl = server.url;
    model = server.model;
    stop = () => server.close();
  }
  const endpoint: Endpoint = {
    baseUrl,
    model,
    ...(process.env['LLM_API_KEY'] ? { apiKey: process.env['LLM_API_KEY'] } : {}),
  };
  console.log(`# bench:llm against ${baseUrl} (model ${model}), max_tokens ${maxTokens}`);
  if (scripted) {
    console.log(
      '# target: the scripted OpenAI-compatible server on loopback (no --base-url). It replays canned\n' +
        '# text instantly: the figures below are the load client + loopback overhead ONLY, not model speed.',
    );
  }
  const results: LevelResult[] = [];
  for (const concurrency of levels) {
    const requests = Number(requestsArg ?? Math.max(16, concurrency * 4));
    const result = await runLoadLevel(endpoint, { concurrency, requests, maxTokens });
    results.push(result);
  }
  console.log('');
  console.log(
    'streams | requests | failed | output tok/s | stream tok/s p50 | TTFT p50 ms | TTFT p99 ms | request p50 ms | request p99 ms',
  );
  console.log(
    '------- | -------- | ------ | ------------ | ---------------- | ----------- | ----------- | -------------- | --------------',
  );
  for (const r of results) {
    console.log(
      [
        String(r.concurrency).padStart(7),
        String(r.requests).padStart(8),
        String(r.failed).padStart(6),
        r.tokensPerSecond.toFixed(0).padStart(12),
        r.streamTokensPerSecondP50.toFixed(0).padStart(16),
        r.ttftP50Ms.toFixed(1).padStart(11),
        r.ttftP99Ms.toFixed(1).padStart(11),
        r.requestP50Ms.toFixed(1).padStart(14),
        r.requestP99Ms.toFixed(1).padStart(14),
      ].join(' | '),
    );
  }
  console.log('');
  const checks = [await checkToolCall(endpoint), await checkJsonSchema(endpoint)];
  for (const c of checks) {
    console.log(`${c.ok ? 'PASS' : 'FAIL'} ${c.name} (${c.ms.toFixed(1)} ms): ${c.detail}`);
  }
  console.log(`# JSON schema requested: ${JSON.stringify(TRIP_SUMMARY_SCHEMA).slice(0, 80)}...`);
  console.log(
    JSON.stringify({
      bench: 'llm',
      scripted,
      baseUrl,
      model,
      maxTokens,
      levels: results,
      checks: checks.map((c) => ({ name: c.name, ok: c.ok })),
    }),
  );
  await stop();
  if (checks.some((c) => !c.ok)) process.exitCode = 1;
}

await main();
