/**
 * Loading the TravelPlanner training data (TravelPlanner, Xie et al., ICML 2024; data CC-BY-4.0):
 * the 45 queries of `train_45.jsonl` (reference text, query text, gold plan), their reference
 * information (`train_45_ref_info.jsonl`) and the city -> state list.
 *
 * The data is not in this repository. Its folder is `$TRAVELPLANNER_DIR`, by default
 * `../shared/benchmarks/travelplanner` next to the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchPlanDay } from './format.js';
import type { RefInfo } from './reference.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Folder holding train_45.jsonl, train_45_ref_info.jsonl and database/. */
export const TRAVELPLANNER_DIR =
  process.env['TRAVELPLANNER_DIR'] ?? resolve(REPO_ROOT, '../shared/benchmarks/travelplanner');

export const ATTRIBUTION =
  'TravelPlanner benchmark: Xie et al., "TravelPlanner: A Benchmark for Real-World Planning with Language Agents", ICML 2024 (OSU NLP group); data CC-BY-4.0, code MIT.';

export function travelPlannerDataAvailable(dir = TRAVELPLANNER_DIR): boolean {
  return existsSync(join(dir, 'train_45.jsonl')) && existsSync(join(dir, 'train_45_ref_info.jsonl'));
}

/**
 * Whether the data-backed TravelPlanner tests run. With the data: yes. Without it they are skipped
 * on a developer machine, but under CI (`CI=true` or `CI=1`) a missing data folder is an error, so
 * a CI run cannot pass with the tests silently skipped; `TRAVELPLANNER_OPTIONAL=1` skips them there
 * on purpose.
 */
export function travelPlannerTestsEnabled(
  dir = TRAVELPLANNER_DIR,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (travelPlannerDataAvailable(dir)) return true;
  const ci = env['CI'] === 'true' || env['CI'] === '1';
  if (ci && env['TRAVELPLANNER_OPTIONAL'] !== '1') {
    throw new Error(
      `TravelPlanner data missing: ${join(dir, 'train_45.jsonl')} and train_45_ref_info.jsonl are required ` +
        'under CI (set TRAVELPLANNER_DIR, or TRAVELPLANNER_OPTIONAL=1 to skip these tests on purpose)',
    );
  }
  return false;
}

export interface BenchQuery {
  /** 0-based line number in train_45.jsonl. */
  index: number;
  /** The natural-language request (after "Query:"). */
  query: string;
  refInfo: RefInfo;
  /** The gold plan's days (the padding `{}` entries dropped). */
  goldPlan: BenchPlanDay[];
}

interface ChatLine {
  messages: { role: string; content: string }[];
}

/** Reads the 45 training queries with their reference information and gold plans. */
export function loadTrainQueries(dir = TRAVELPLANNER_DIR): BenchQuery[] {
  const chats = readFileSync(join(dir, 'train_45.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ChatLine);
  const refs = readFileSync(join(dir, 'train_45_ref_info.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as RefInfo);
  if (chats.length !== refs.length)
    throw new Error(`train_45: ${chats.length} chats but ${refs.length} reference lines`);
  return chats.map((chat, index) => {
    const user = chat.messages.find((m) => m.role === 'user')?.content ?? '';
    const assistant = chat.messages.find((m) => m.role === 'assistant')?.content ?? '[]';
    const at = user.lastIndexOf('Query:');
    if (at < 0) throw new Error(`train_45 line ${index}: no "Query:" in the user message`);
    const gold = parsePythonLiteral(assistant);
    if (!Array.isArray(gold)) throw new Error(`train_45 line ${index}: the gold plan is not a list`);
    const goldPlan = gold.filter(
      (d): d is BenchPlanDay => typeof d === 'object' && d !== null && Object.keys(d as object).length > 0,
    );
    return { index, query: user.slice(at + 'Query:'.length).trim(), refInfo: refs[index]!, goldPlan };
  });
}

/** City -> state/region as in database/background/citySet_with_states.txt. */
export function loadCityStates(dir = TRAVELPLANNER_DIR): Map<string, string> {
  const map = new Map<string, string>();
  const file = join(dir, 'database/background/citySet_with_states.txt');
  if (!existsSync(file)) return map;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [city, state] = line.split('\t').map((s) => s.trim());
    if (city && state) map.set(city, state);
  }
  return map;
}

/**
 * Parses the subset of Python literal syntax the gold plans use: lists, dicts, tuples, strings in
 * single or double quotes (with backslash escapes), numbers, True/False/None.
 */
export function parsePythonLiteral(text: string): unknown {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new Error(`python literal: ${what} at ${i}: ${JSON.stringify(text.slice(i, i + 40))}`);
  };
  const str = (): string => {
    const quote = text[i]!;
    i++;
    let out = '';
    while (i < text.length && text[i] !== quote) {
      const ch = text[i]!;
      if (ch === '\\') {
        const next = text[i + 1] ?? '';
        const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };
        if (next === 'x') {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
          i += 4;
        } else if (next === 'u') {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          out += esc[next] ?? `\\${next}`;
          i += 2;
        }
      } else {
        out += ch;
        i++;
      }
    }
    if (text[i] !== quote) fail('unterminated string');
    i++;
    return out;
  };
  const seq = (close: string): unknown[] => {
    i++;
    const items: unknown[] = [];
    for (;;) {
      ws();
      if (text[i] === close) {
        i++;
        return items;
      }
      items.push(value());
      ws();
      if (text[i] === ',') i++;
      else if (text[i] !== close) fail(`expected , or ${close}`);
    }
  };
  const dict = (): Record<string, unknown> => {
    i++;
    const out: Record<string, unknown> = {};
    for (;;) {
      ws();
      if (text[i] === '}') {
        i++;
        return out;
      }
      const key = value();
      ws();
      if (text[i] !== ':') fail('expected :');
      i++;
      out[String(key)] = value();
      ws();
      if (text[i] === ',') i++;
      else if (text[i] !== '}') fail('expected , or }');
    }
  };
  const value = (): unknown => {
    ws();
    const ch = text[i];
    if (ch === '[') return seq(']');
    if (ch === '(') return seq(')');
    if (ch === '{') return dict();
    if (ch === "'" || ch === '"') return str();
    const word = /^(True|False|None|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|nan)/.exec(text.slice(i));
    if (!word) return fail('unexpected token');
    i += word[0].length;
    const w = word[0];
    return w === 'True' ? true : w === 'False' ? false : w === 'None' ? null : w === 'nan' ? NaN : Number(w);
  };
  const result = value();
  ws();
  if (i !== text.length) fail('trailing text');
  return result;
}
