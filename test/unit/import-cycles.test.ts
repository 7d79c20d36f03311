/**
 * No import cycle anywhere in the repository: builds the graph of relative imports (static
 * `import`/`export ... from`, `import type` included, and dynamic `import('...')`) of every source
 * file under the application folders and fails on any strongly connected component with more
 * than one file (or a file importing itself), printing the cycle.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const FOLDERS = ['agents', 'functions', 'infra', 'statemachines', 'knowledge', 'local', 'gpu-service'];
const SOURCE = /\.(ts|mts|mjs|js)$/;

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(=])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[\s;])import\s*['"]([^'"]+)['"]/g;

/** Resolves a relative specifier (`./x.js` written for `./x.ts`) to a file of the graph. */
function resolveSpecifier(from: string, spec: string, files: Set<string>): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`];
  candidates.push(join(base, 'index.ts'));
  return candidates.find((c) => files.has(c));
}

/** Strips comments so examples in TSDoc are not read as imports. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

export function importGraph(): Map<string, string[]> {
  const files = FOLDERS.flatMap((f) => sourceFiles(join(ROOT, f)));
  const set = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = stripComments(readFileSync(file, 'utf8'));
    const deps = new Set<string>();
    for (const m of text.matchAll(SPECIFIER)) {
      const target = resolveSpecifier(file, (m[1] ?? m[2] ?? m[3])!, set);
      if (target) deps.add(target);
    }
    graph.set(file, [...deps]);
  }
  return graph;
}

/** Tarjan's strongly connected components; returns those that form a cycle. */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indices.get(w)!));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component);
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return out;
}

describe('import graph', () => {
  it('reads the imports of the repository', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(100);
    const http = [...graph.entries()].find(([f]) => f.endsWith('functions/api/http.ts'));
    expect(http?.[1].some((d) => d.endsWith('agents/errors.ts'))).toBe(true);
  });

  it('finds a cycle when there is one', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cyclesOf(g).map((c) => c.sort())).toEqual([['a', 'b', 'c']]);
  });

  it('has no cycle', () => {
    const cycles = cyclesOf(importGraph()).map((c) => c.map((f) => relative(ROOT, f)).sort());
    expect(cycles).toEqual([]);
  });
});

describe('what cdk synth loads', () => {
  /** Every file reachable from `entry` over static imports (type-only ones included). */
  function reachable(graph: Map<string, string[]>, entry: string): Set<string> {
    const seen = new Set<string>();
    const todo = [entry];
    while (todo.length > 0) {
      const next = todo.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      todo.push(...(graph.get(next) ?? []));
    }
    return seen;
  }

  it('the state machine definition does not pull in the planner', () => {
    const graph = importGraph();
    const files = [...reachable(graph, join(ROOT, 'statemachines/plan-trip.ts'))].map((f) =>
      relative(ROOT, f),
    );
    expect(files).toContain('statemachines/plan-trip-tasks.ts');
    expect(
      files.filter((f) => f.startsWith('agents/planning/') && f !== 'agents/planning/budget-agent.ts'),
    ).toEqual([]);
    expect(files).not.toContain('functions/orchestration/tasks.ts');
  });
});
