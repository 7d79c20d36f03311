/**
 * `npm run --silent parse -- --jsonl`: the request parser as a batch filter, so any script can
 * measure it. Reads lines `{"id": ..., "text": ...}` on stdin and writes one line per input:
 * `{"id": ..., "request": {...}, "missing": [...], "confidence": {...}, "notes": [...], "constraints": {...}}`
 * (the request in its wire form, snake_case). A line that is not valid JSON, or has no text, gets
 * an error line (`{"id": ..., "line": N, "error": "..."}`) and the filter carries on.
 *
 * `npm run --silent parse -- "我们两个人想去巴黎玩7天,预算1.5万"`: parses one text (the arguments,
 * or stdin when there are none) and pretty-prints the result.
 *
 * Options: `--today YYYY-MM-DD` (relative dates; default: the local date), `--no-segmenter`
 * (skip jieba; faster start, slightly less precise Chinese place names).
 */
import { createInterface } from 'node:readline';
import { parseTripText } from '../agents/nlu/parser.js';
import { createJiebaSegmenter } from '../agents/nlu/segmenter.js';
import type { Segmenter } from '../agents/nlu/text.js';
import type { ParseResult } from '../agents/nlu/types.js';
import { ParsedConstraints } from '../agents/nlu/types.js';
import { TripRequest } from '../agents/schemas/trip-request.js';
import { camelToSnake, toWire } from '../agents/schemas/wire.js';
import { chinesePlaceNames, loadGazetteer } from '../knowledge/gazetteer/load.js';

interface Args {
  jsonl: boolean;
  today: string;
  segmenter: boolean;
  text: string[];
}

function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { jsonl: false, today: localToday(), segmenter: true, text: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--jsonl') args.jsonl = true;
    else if (a === '--no-segmenter') args.segmenter = false;
    else if (a === '--today') args.today = argv[++i] ?? args.today;
    else if (a.startsWith('--today=')) args.today = a.slice('--today='.length);
    else args.text.push(a);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(args.today)) {
    process.stderr.write(`--today must be YYYY-MM-DD, got ${args.today}\n`);
    process.exit(2);
  }
  return args;
}

/** The result in wire form (snake_case keys). */
function toWireResult(result: ParseResult): Record<string, unknown> {
  const wire = toWire(TripRequest, result.request as TripRequest) as Record<string, unknown>;
  // Fields the parser looked for but did not find are explicit nulls on the wire.
  const request = {
    origin: null,
    region: null,
    start_date: null,
    end_date: null,
    days: null,
    budget: null,
    ...wire,
    accommodation: { room_type: null, stars: null, ...(wire['accommodation'] as Record<string, unknown>) },
  };
  return {
    request,
    missing: result.missing,
    confidence: Object.fromEntries(Object.entries(result.confidence).map(([k, v]) => [camelToSnake(k), v])),
    notes: result.notes,
    constraints: toWire(ParsedConstraints, result.constraints),
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const gazetteer = loadGazetteer();
  const segmenter: Segmenter | undefined = args.segmenter
    ? createJiebaSegmenter(chinesePlaceNames())
    : undefined;
  const parse = (text: string): ParseResult =>
    parseTripText(text, { gazetteer, today: args.today, segmenter });

  if (!args.jsonl) {
    const text = args.text.length > 0 ? args.text.join(' ') : await readStdin();
    process.stdout.write(`${JSON.stringify(toWireResult(parse(text)), null, 2)}\n`);
    return;
  }

  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    if (!line.trim()) continue;
    let out: Record<string, unknown>;
    let id: unknown = null;
    try {
      const input: unknown = JSON.parse(line);
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        out = { id: null, line: lineNo, error: 'each line must be a JSON object {"id": ..., "text": ...}' };
      } else {
        const record = input as Record<string, unknown>;
        id = record['id'] ?? null;
        const text = record['text'];
        if (typeof text !== 'string') out = { id, line: lineNo, error: 'missing "text" (a string)' };
        else out = { id, ...toWireResult(parse(text)) };
      }
    } catch (err) {
      out = {
        id,
        line: lineNo,
        error: err instanceof SyntaxError ? `invalid JSON: ${err.message}` : String(err),
      };
    }
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`parse: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
