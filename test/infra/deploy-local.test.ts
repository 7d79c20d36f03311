/**
 * The LocalStack path of `npm run deploy:local` (no Docker here, so this checks the wiring): the
 * cdklocal commands (pinned aws-cdk-local, LocalStack endpoint and credentials, dev stage with the
 * localstack context), that the stacks it deploys exist in the app, use only resource types of
 * LocalStack's free tier and import nothing from the stacks left out (WebSocket API, ECS).
 */
import { readFileSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp, projectContext } from '../../infra/app-builder.js';
import {
  LOCALSTACK_FREE_RESOURCE_PREFIXES,
  LOCALSTACK_STACKS,
  localDeployCommands,
} from '../../local/deploy-local.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Json;

describe('npm run deploy:local', () => {
  it('runs cdklocal from the pinned aws-cdk-local against the LocalStack endpoint', () => {
    expect(pkg['scripts']['deploy:local']).toBe('tsx local/deploy-local.ts');
    expect(pkg['devDependencies']['aws-cdk-local']).toMatch(/^\d+\.\d+\.\d+$/);
    const [bootstrap, deploy] = localDeployCommands({ endpoint: 'http://127.0.0.1:4566' });
    expect(bootstrap!.args.slice(0, 3)).toEqual(['cdklocal', 'bootstrap', 'aws://000000000000/us-east-1']);
    expect(deploy!.args.slice(0, 2)).toEqual(['cdklocal', 'deploy']);
    expect(deploy!.args).toEqual(expect.arrayContaining(['--exclusively', '--require-approval', 'never']));
    for (const c of [bootstrap!, deploy!]) {
      expect(c.args.join(' ')).toContain('-c stage=dev -c localstack=true');
      expect(c.env['AWS_ENDPOINT_URL']).toBe('http://127.0.0.1:4566');
      expect(c.env['AWS_ACCESS_KEY_ID']).toBe('test');
    }
  });

  const { app } = buildApp({ ...projectContext(), stage: 'dev', localstack: 'true' });
  const names = LOCALSTACK_STACKS.map((s) => `TravelPlanner-dev-${s}`);
  // Synthesized while collecting (the first template synthesizes the whole app: slow under load).
  const templates = Object.fromEntries(
    names.map((n) => {
      const stack = app.node.tryFindChild(n);
      return [n, stack ? (Template.fromStack(stack as never).toJSON() as Json) : undefined];
    }),
  );

  it.each(names)('%s uses only free-tier resource types and imports nothing from stacks left out', (name) => {
    const template = templates[name]!;
    expect(template, name).toBeDefined();
    const types = new Set(
      Object.values(template['Resources'] as Record<string, Json>).map((r) => String(r['Type'])),
    );
    for (const type of types) {
      expect(
        LOCALSTACK_FREE_RESOURCE_PREFIXES.some((p) => type.startsWith(p)),
        `${name}: ${type}`,
      ).toBe(true);
    }
    const imports = [...JSON.stringify(template).matchAll(/"Fn::ImportValue":"([^"]+)"/g)].map((m) => m[1]!);
    for (const imported of imports) {
      expect(
        names.some((n) => imported.startsWith(n)),
        `${name} imports ${imported}`,
      ).toBe(true);
    }
  });

  const regular = buildApp({ ...projectContext(), stage: 'dev' });
  const regularOrchestration = JSON.stringify(Template.fromStack(regular.orchestrationStack).toJSON());

  it('without the localstack context the PlanTrip tasks push frames to the WebSocket API', () => {
    const text = regularOrchestration;
    expect(text).toContain('WEBSOCKET_ENDPOINT');
    expect(text).toContain('Fn::ImportValue');
  });
});
