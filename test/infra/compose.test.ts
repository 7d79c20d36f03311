/**
 * docker-compose.yml, checked as a file: Docker is not available here, so these assertions are
 * what keeps the compose path correct — pinned images, required environment, health checks,
 * ports that clash neither with each other nor with `npm start`, the GPU profile of vLLM.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const compose = parse(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as Json;
const services = compose['services'] as Record<string, Json>;

/** LocalStack's free tier (notes: aws-and-serving.md), plus the core services `cdklocal deploy` uses. */
const LOCALSTACK_FREE = new Set([
  'lambda',
  'apigateway',
  'stepfunctions',
  'dynamodb',
  'sqs',
  'sns',
  'events',
  'scheduler',
  'secretsmanager',
  'ssm',
  'cloudwatch',
  'ses',
  // Deployment plumbing of `cdklocal deploy`, part of LocalStack's core.
  'cloudformation',
  's3',
  'iam',
  'sts',
  'logs',
]);

/** Ports `npm start` uses by default (PORT, DYNAMODB_PORT, SQS_PORT). */
const NPM_START_PORTS = [3000, 8000, 9324];

/** Resolves `${VAR:-default}` / `${VAR}` the way compose does with an empty environment. */
function interpolate(text: string): string {
  return text.replace(
    /\$\{(\w+)(?::?-([^}]*))?\}/g,
    (_m, _name: string, fallback?: string) => fallback ?? '',
  );
}

/** Host ports a service publishes. */
function hostPorts(service: Json): number[] {
  return ((service['ports'] ?? []) as (string | Json)[]).flatMap((p) => {
    if (typeof p === 'object') return [Number(p['published'])];
    const parts = interpolate(p).split(':');
    const host = parts.length === 3 ? parts[1]! : parts.length === 2 ? parts[0]! : parts[0]!;
    const [from, to] = host.split('-').map(Number);
    return to ? Array.from({ length: to - from! + 1 }, (_, i) => from! + i) : [from!];
  });
}

function environment(service: Json): Record<string, string | null> {
  const env = service['environment'] ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      (env as string[]).map((e) => {
        const i = e.indexOf('=');
        return i < 0 ? [e, null] : [e.slice(0, i), e.slice(i + 1)];
      }),
    );
  }
  return env as Record<string, string | null>;
}

function dockerfileFroms(service: Json): string[] {
  const build = service['build'] as Json;
  const file = join(REPO_ROOT, build['context'] ?? '.', build['dockerfile'] ?? 'Dockerfile');
  expect(existsSync(file), file).toBe(true);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => /^FROM\s/i.test(l))
    .map((l) => l.split(/\s+/)[1]!);
}

/** `repo:tag` with an explicit tag that is a version (digits), not `latest`. */
function expectPinned(image: string): void {
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  expect(tag, `${image} has a tag`).toBeDefined();
  expect(tag, image).not.toMatch(/latest/i);
  expect(tag, `${image} is a version`).toMatch(/\d+\.\d+/);
}

describe('docker-compose.yml', () => {
  it('has the expected services', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'localstack', 'qdrant', 'vllm']);
  });

  it.each(Object.keys(services))(
    '%s: image (or the Dockerfile it builds from) is pinned, never latest',
    (name) => {
      const service = services[name]!;
      if (service['build']) {
        for (const from of dockerfileFroms(service)) expectPinned(from);
      } else {
        expectPinned(service['image'] as string);
      }
    },
  );

  it.each(Object.keys(services))('%s: has a health check', (name) => {
    const test = services[name]!['healthcheck']?.['test'] as string[] | string | undefined;
    expect(test, name).toBeDefined();
    expect([test].flat().length).toBeGreaterThan(1);
    expect(services[name]!['healthcheck']['disable']).toBeUndefined();
  });

  it("publishes each host port once, on loopback, and none of npm start's", () => {
    const all = Object.values(services).flatMap(hostPorts);
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all).size).toBe(all.length);
    for (const port of NPM_START_PORTS) expect(all).not.toContain(port);
    for (const service of Object.values(services)) {
      for (const p of (service['ports'] ?? []) as string[]) expect(p.startsWith('127.0.0.1:'), p).toBe(true);
    }
  });

  describe('localstack', () => {
    const localstack = services['localstack']!;
    const env = environment(localstack);

    it('is LocalStack, with the auth token from the environment (required, no default)', () => {
      expect(localstack['image']).toMatch(/^localstack\/localstack:/);
      expect(env['LOCALSTACK_AUTH_TOKEN']).toMatch(/^\$\{LOCALSTACK_AUTH_TOKEN:\?.+\}$/);
    });

    it('runs only services of the free tier', () => {
      const list = String(env['SERVICES'])
        .split(',')
        .map((s) => s.trim());
      expect(list).toEqual(
        expect.arrayContaining(['dynamodb', 'sqs', 'lambda', 'apigateway', 'stepfunctions']),
      );
      expect(list.filter((s) => !LOCALSTACK_FREE.has(s))).toEqual([]);
    });
  });

  describe("api (the project's own emulation)", () => {
    const api = services['api']!;
    const env = environment(api);

    it('is built from local/compose/Dockerfile, whose entry exists', () => {
      expect(api['build']).toMatchObject({ context: '.', dockerfile: 'local/compose/Dockerfile' });
      const dockerfile = readFileSync(join(REPO_ROOT, 'local/compose/Dockerfile'), 'utf8');
      const entry = /local\/compose\/[\w-]+\.ts/.exec(dockerfile)?.[0];
      expect(entry).toBeDefined();
      expect(existsSync(join(REPO_ROOT, entry!))).toBe(true);
    });

    it('points the handlers at LocalStack and waits for it to be healthy', () => {
      expect(env['DYNAMODB_ENDPOINT']).toBe('http://localstack:4566');
      expect(env['SQS_ENDPOINT']).toBe('http://localstack:4566');
      expect(env['TABLE_NAME']).toBeTruthy();
      expect(api['depends_on']['localstack']).toEqual({ condition: 'service_healthy' });
    });

    it('passes LLM_BASE_URL through only when set (unset = offline mode, never an empty URL)', () => {
      expect('LLM_BASE_URL' in env).toBe(true);
      expect(env['LLM_BASE_URL']).toBeNull();
    });
  });

  describe('vllm', () => {
    const vllm = services['vllm']!;
    const command = (vllm['command'] as string[]).map(interpolate);
    const flag = (name: string) => command[command.indexOf(name) + 1];

    it('is optional: only with --profile gpu', () => {
      expect(vllm['profiles']).toEqual(['gpu']);
      for (const [name, service] of Object.entries(services)) {
        if (name !== 'vllm') expect(service['profiles'], name).toBeUndefined();
      }
    });

    it('is the vllm/vllm-openai image at a v0.x version', () => {
      expect(vllm['image']).toMatch(/^vllm\/vllm-openai:v0\.\d+\.\d+$/);
    });

    it('serves a Qwen model with the flags of the serving notes', () => {
      expect(flag('--model')).toMatch(/^Qwen\//);
      expect(flag('--max-model-len')).toBe('16384');
      expect(flag('--gpu-memory-utilization')).toBe('0.90');
      expect(command).toContain('--enable-auto-tool-choice');
      expect(flag('--tool-call-parser')).toBe('hermes');
      // vLLM picks the fast Marlin kernel for AWQ itself; forcing `awq` is slower.
      expect(command).not.toContain('--quantization');
    });

    it('reserves one NVIDIA GPU', () => {
      expect(vllm['deploy']['resources']['reservations']['devices']).toEqual([
        { driver: 'nvidia', count: 1, capabilities: ['gpu'] },
      ]);
    });

    it('gives the model time to load before health counts', () => {
      const start = String(vllm['healthcheck']['start_period']);
      expect(Number(/^(\d+)s$/.exec(start)?.[1])).toBeGreaterThanOrEqual(300);
    });
  });

  it('declares every named volume it mounts', () => {
    const declared = new Set(Object.keys(compose['volumes'] ?? {}));
    for (const service of Object.values(services)) {
      for (const v of (service['volumes'] ?? []) as string[]) {
        const source = v.split(':')[0]!;
        if (!source.startsWith('/') && !source.startsWith('.'))
          expect(declared.has(source), source).toBe(true);
      }
    }
  });
});
