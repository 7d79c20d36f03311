/** `npm run chat` with stdin piped (not a TTY): every line is a turn, each answered in its language. */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function runChat(input: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((done, fail) => {
    const env = { ...process.env };
    delete env['LLM_BASE_URL'];
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/chat-cli.ts'], { cwd: root, env });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout }));
    // All lines at once, as a pipe delivers them: none may be lost while a turn runs.
    child.stdin.end(input);
  });
}

describe('npm run chat (piped)', () => {
  it('answers every line, not only the first', { timeout: 120_000 }, async () => {
    const lines = ['你好', '我想去旅行', '从上海出发去北京', 'where should we go in winter?'];
    const { code, stdout } = await runChat(`${lines.join('\n')}\n`);
    expect(code).toBe(0);
    const turns = stdout.split(/\n> /).slice(1);
    expect(turns.map((t) => t.split('\n')[0])).toEqual(lines);
    for (const t of turns) expect(t.split('\n').slice(1).join('').trim().length, t).toBeGreaterThan(5);
    // Each reply is in the language of its line.
    expect(turns[1]).toMatch(/[\u4e00-\u9fff]{4}/);
    expect(turns[3]!.split('\n').slice(1).join(' ')).toMatch(/[A-Za-z]{3,} [A-Za-z]{3,}/);
  });
});
