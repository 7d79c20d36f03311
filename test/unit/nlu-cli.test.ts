/** `npm run --silent parse -- --jsonl`: the batch interface, one output line per input, never a crash. */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function runCli(
  args: string[],
  input: string,
): { status: number | null; lines: Record<string, unknown>[]; stdout: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'local/parse-cli.ts', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const lines = r.stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: r.status, lines, stdout: r.stdout };
}

describe('parse CLI', () => {
  it('--jsonl: one line per input, wire form, error lines for bad input', () => {
    const input = [
      JSON.stringify({ id: 'a', text: '我们两个人想去巴黎玩7天,预算1.5万' }),
      'this is not json',
      JSON.stringify({ id: 7 }),
      '',
      JSON.stringify({
        id: 'b',
        text: 'A 3-day trip from Boston to Denver for 2 people, budget $900, no flights',
      }),
      '[1, 2]',
    ].join('\n');
    const { status, lines } = runCli(['--jsonl', '--today', '2025-03-05'], input);
    expect(status).toBe(0);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({
      id: 'a',
      request: {
        destinations: [{ name: '巴黎', name_en: 'Paris', name_zh: '巴黎' }],
        days: 7,
        travelers: { adults: 2, children: 0 },
        budget: { amount: 15000, currency: 'CNY', per_person: false },
      },
      missing: ['origin', 'dates'],
    });
    expect(lines[0]!['request']).toMatchObject({
      origin: null,
      start_date: null,
      accommodation: { room_type: null },
    });
    expect(lines[1]).toMatchObject({ id: null, line: 2 });
    expect(String(lines[1]!['error'])).toMatch(/invalid JSON/);
    expect(lines[2]).toMatchObject({ id: 7, line: 3 });
    expect(lines[3]).toMatchObject({
      id: 'b',
      request: {
        origin: { name: 'Boston', name_en: 'Boston' },
        transport: { avoid: ['flight'] },
        budget: { amount: 900, currency: 'USD' },
      },
      missing: ['dates'],
    });
    expect(lines[4]).toMatchObject({ id: null, line: 6 });
  });

  it('without --jsonl: parses the arguments and pretty-prints', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'local/parse-cli.ts',
        '--no-segmenter',
        '--today',
        '2025-03-05',
        '下周五从上海去北京三天',
      ],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\n {2}"request": \{/);
    const out = JSON.parse(r.stdout) as { request: Record<string, unknown> };
    expect(out.request).toMatchObject({ start_date: '2025-03-14', end_date: '2025-03-16', days: 3 });
  });
});
