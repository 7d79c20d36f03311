/**
 * `npm run knowledge -- <command>`:
 *
 * - `ingest`: chunks, vectorises and upserts the corpus into the configured store (idempotent by
 *   content hash; the embedded store persists to KNOWLEDGE_INDEX_PATH, default
 *   `.local/knowledge/index.json`). Prints a JSON report.
 * - `search "text" [--city paris] [--lang zh|en] [--limit 5]`: prints the hits.
 * - `search --jsonl`: reads lines `{"id","query","city"?,"lang"?}` on stdin and writes one line
 *   `{"id","results":[{"doc_id","title","score","lang","city","text"}]}` per input (top 10). A bad
 *   line is answered `{"id","error":{"zh","en"}}` and the run goes on.
 * - `stats`: documents per language, category and city.
 */
import { createInterface } from 'node:readline';
import { searchKnowledge } from '../../agents/knowledge/search.js';
import { AppError } from '../../agents/errors.js';
import { createKnowledgeRuntime } from './runtime.js';

const DEFAULT_INDEX = '.local/knowledge/index.json';

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const env = { ...process.env };
  if ((env.KNOWLEDGE_STORE ?? 'embedded') === 'embedded') env.KNOWLEDGE_INDEX_PATH ??= DEFAULT_INDEX;
  const runtime = createKnowledgeRuntime({ env });

  if (command === 'ingest') {
    const report = await runtime.ingest();
    console.log(JSON.stringify(report, null, 2));
    return 0;
  }
  if (command === 'stats') {
    const count = new Map<string, number>();
    for (const r of runtime.records()) {
      for (const k of [
        `lang:${r.lang}`,
        `category:${r.category}`,
        `topic:${r.topic}`,
        `city:${r.city ?? '-'}`,
      ]) {
        count.set(k, (count.get(k) ?? 0) + 1);
      }
    }
    const groups = new Set(runtime.records().map((r) => r.groupId)).size;
    console.log(
      JSON.stringify(
        { records: runtime.records().length, documents: groups, ...Object.fromEntries([...count].sort()) },
        null,
        2,
      ),
    );
    return 0;
  }
  if (command === 'search') {
    // Ingest first when the store is empty (or stale): cheap for the embedded store.
    await runtime.ingest();
    if (args.includes('--jsonl')) {
      const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
      for await (const line of rl) {
        if (!line.trim()) continue;
        let id: unknown = null;
        try {
          const input = JSON.parse(line) as { id?: unknown; query?: unknown; city?: unknown; lang?: unknown };
          id = input.id ?? null;
          const res = await searchKnowledge(runtime.retriever, {
            query: input.query,
            city: input.city,
            lang: input.lang,
            limit: 10,
          });
          process.stdout.write(
            `${JSON.stringify({
              id,
              results: res.results.map((r) => ({
                doc_id: r.docId,
                title: r.title,
                score: r.score,
                lang: r.lang,
                city: r.city,
                text: r.text,
              })),
            })}\n`,
          );
        } catch (err) {
          const error =
            err instanceof AppError
              ? { zh: err.localizedMessage('zh'), en: err.localizedMessage('en') }
              : { zh: '输入行不是有效的 JSON', en: 'The input line is not valid JSON' };
          process.stdout.write(`${JSON.stringify({ id, error })}\n`);
        }
      }
      return 0;
    }
    const text = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')).join(' ');
    const res = await searchKnowledge(runtime.retriever, {
      query: text,
      city: flag(args, 'city'),
      lang: flag(args, 'lang'),
      limit: flag(args, 'limit') ?? 5,
    });
    console.log(JSON.stringify(res, null, 2));
    return 0;
  }
  console.error(
    'usage: npm run knowledge -- ingest | stats | search "text" [--city id] [--lang zh|en] [--limit n] | search --jsonl',
  );
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
