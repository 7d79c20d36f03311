/**
 * Runs before `npm run synth` / deploys: Lambda runs on arm64, so a bundle that uses a native
 * package needs that package's linux-arm64 binary, which npm does not install on an x64 machine.
 * Installs the missing binaries (same version as the package, never saved to package.json), so
 * bundling does not stop on the guard in infra/constructs/api-function.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const NATIVE: Record<string, string> = { '@node-rs/jieba': '@node-rs/jieba-linux-arm64-gnu' };

for (const [pkg, binary] of Object.entries(NATIVE)) {
  if (existsSync(`${root}node_modules/${binary}/package.json`)) continue;
  const { version } = JSON.parse(readFileSync(`${root}node_modules/${pkg}/package.json`, 'utf8')) as {
    version: string;
  };
  process.stderr.write(`installing ${binary}@${version} for the arm64 Lambda bundles (not saved)\n`);
  // --force: npm refuses another CPU's package otherwise; the binary is only copied into bundles.
  execFileSync('npm', ['i', '--no-save', '--force', '--no-audit', '--no-fund', `${binary}@${version}`], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
