/**
 * gpu-service/ as files (no Docker here): the Dockerfile pins its vLLM base image (never
 * `latest`, the CUDA 12.9 build for older drivers by default), sets the offline hub switches and a
 * health check whose start period covers model loading; the entrypoint (serve.sh) builds exactly
 * the command line of gpu-service/models.ts for each model — checked by running it with a stub
 * `vllm` on PATH — and refuses hub names; the compose file's vLLM uses the same flags.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  CHAT_MODELS,
  POOLING_MODELS,
  VLLM_IMAGE,
  VLLM_IMAGE_CU129,
  vllmArgs,
  type ModelSpec,
} from '../../gpu-service/models.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dockerfile = readFileSync(join(ROOT, 'gpu-service/Dockerfile'), 'utf8');

const stubDir = mkdtempSync(join(tmpdir(), 'vllm-stub-'));
writeFileSync(join(stubDir, 'vllm'), '#!/bin/sh\nprintf "%s\\n" "$@"\n');
chmodSync(join(stubDir, 'vllm'), 0o755);

function serve(env: Record<string, string>): { status: number | null; args: string[]; stderr: string } {
  const result = spawnSync('bash', [join(ROOT, 'gpu-service/serve.sh')], {
    env: { PATH: `${stubDir}:${process.env['PATH']}`, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, args: result.stdout.trim().split('\n'), stderr: result.stderr };
}

describe('gpu-service Dockerfile', () => {
  it('pins the vLLM base image to a version, never latest, defaulting to the CUDA 12.9 build', () => {
    const tag = /^ARG VLLM_TAG=(\S+)$/m.exec(dockerfile)?.[1];
    expect(tag).toBe(VLLM_IMAGE_CU129.split(':')[1]);
    expect(tag).toMatch(/^v\d+\.\d+\.\d+(-cu\d+)?$/);
    expect(dockerfile).toMatch(/^FROM vllm\/vllm-openai:\$\{VLLM_TAG\}$/m);
    expect(dockerfile).not.toMatch(/:latest/);
    // The runai extra matches the base image's vLLM release.
    const version = /^ARG VLLM_VERSION=(\S+)$/m.exec(dockerfile)?.[1];
    expect(`v${version}`).toBe(VLLM_IMAGE.split(':')[1]);
  });

  it('never reaches a model hub and checks /health with a start period that covers loading', () => {
    expect(dockerfile).toMatch(/HF_HUB_OFFLINE=1/);
    const health = /HEALTHCHECK (.*)/.exec(dockerfile)![1]!;
    const start = Number(/--start-period=(\d+)s/.exec(health)![1]);
    expect(start).toBeGreaterThanOrEqual(300);
    expect(dockerfile).toMatch(/127\.0\.0\.1:8000\/health/);
    expect(dockerfile).toMatch(/ENTRYPOINT \["\/opt\/travel-planner\/serve\.sh"\]/);
  });
});

describe('gpu-service entrypoint (serve.sh)', () => {
  const cases: [string, ModelSpec, Record<string, string>][] = [
    ['qwen2.5-7b-awq', CHAT_MODELS['qwen2.5-7b-awq'], {}],
    ['qwen3-8b-awq', CHAT_MODELS['qwen3-8b-awq'], { REASONING_PARSER: 'qwen3' }],
    ['bge-m3', POOLING_MODELS['bge-m3'], { MODEL_KIND: 'pooling' }],
    ['bge-reranker-v2-m3', POOLING_MODELS['bge-reranker-v2-m3'], { MODEL_KIND: 'pooling' }],
  ];

  it.each(cases)('builds the command line of models.ts for %s (weights from S3)', (_id, spec, extra) => {
    const modelPath = `s3://travel-planner-models/${spec.s3Prefix}/`;
    const out = serve({
      MODEL_PATH: modelPath,
      SERVED_MODEL_NAME: spec.servedName,
      MAX_MODEL_LEN: '16384',
      GPU_MEMORY_UTILIZATION: '0.9',
      ...extra,
    });
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.args).toEqual([
      'serve',
      ...vllmArgs(spec, {
        modelPath,
        servedName: spec.servedName,
        maxModelLen: 16384,
        gpuMemoryUtilization: 0.9,
      }),
    ]);
  });

  it('uses the flags the serving notes give, and no forced quantization', () => {
    const args = vllmArgs(CHAT_MODELS['qwen2.5-7b-awq'], {
      modelPath: '/models/qwen',
      servedName: 'q',
      maxModelLen: 16384,
      gpuMemoryUtilization: 0.9,
    });
    for (const flag of [
      '--max-model-len',
      '--gpu-memory-utilization',
      '--enable-auto-tool-choice',
      '--enable-prefix-caching',
    ]) {
      expect(args).toContain(flag);
    }
    expect(args[args.indexOf('--tool-call-parser') + 1]).toBe('hermes');
    expect(args).not.toContain('--quantization');
    // A local directory (instance cache) is read as it is, without the S3 streamer.
    expect(args).not.toContain('--load-format');
    expect(CHAT_MODELS['qwen3-8b-awq'].extraArgs).toEqual(
      expect.arrayContaining(['--reasoning-parser', 'qwen3']),
    );
  });

  it('reads an instance cache directory and refuses a hub name', () => {
    const local = serve({ MODEL_PATH: '/models/Qwen2.5-7B-Instruct-AWQ' });
    expect(local.status).toBe(0);
    expect(local.args).not.toContain('--load-format');
    expect(local.args[local.args.indexOf('--served-model-name') + 1]).toBe('Qwen2.5-7B-Instruct-AWQ');
    const hub = serve({ MODEL_PATH: 'Qwen/Qwen2.5-7B-Instruct-AWQ' });
    expect(hub.status).toBe(64);
    expect(hub.stderr).toMatch(/s3:\/\/\.\.\. or an absolute directory/);
    expect(() =>
      vllmArgs(CHAT_MODELS['qwen2.5-7b-awq'], {
        modelPath: 'Qwen/x',
        servedName: 'x',
        maxModelLen: 1,
        gpuMemoryUtilization: 0.5,
      }),
    ).toThrow();
    expect(serve({}).status).not.toBe(0);
  });

  it('is valid bash', () => {
    expect(() => execFileSync('bash', ['-n', join(ROOT, 'gpu-service/serve.sh')])).not.toThrow();
  });
});

describe('compose vLLM', () => {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, { image: string; command: string[] }>;
  };
  const vllm = compose.services['vllm']!;

  it('runs the same pinned release and the catalog flags of the default model', () => {
    expect(vllm.image.split(':')[0]).toBe('vllm/vllm-openai');
    expect(vllm.image.replace(/-cu\d+$/, '')).toBe(VLLM_IMAGE);
    const command = vllm.command.map(String);
    for (const flag of CHAT_MODELS['qwen2.5-7b-awq'].extraArgs) expect(command).toContain(flag);
    expect(command).not.toContain('--quantization');
  });
});
