/**
 * cdk-nag (AWS Solutions pack) over the whole app, as `cdk synth` builds it. In cdk-nag 3 the pack is
 * a policy-validation plugin: any unacknowledged finding, error or warning, makes `app.synth()`
 * throw. These tests also list the findings directly so a failure names them.
 */
import { type App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { buildApp, projectContext } from '../../infra/app-builder.js';

const CONTEXTS = {
  dev: { stage: 'dev' },
  prod: { stage: 'prod', region: 'eu-west-1' },
} as const;

function acknowledgments(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          path: c.node.path,
          id,
          reason,
        })),
      ),
  );
}

describe.each(Object.keys(CONTEXTS) as (keyof typeof CONTEXTS)[])(
  'cdk-nag AwsSolutions over the %s app',
  (stage) => {
    // One app per stage, synthesized once (the plugin runs inside synth).
    const { app } = buildApp({ ...projectContext(), ...CONTEXTS[stage] });
    let synthError: unknown;
    try {
      app.synth();
    } catch (err) {
      synthError = err;
    }

    it('synthesizes: no unacknowledged finding fails validation', () => {
      expect(synthError).toBeUndefined();
    });

    it('has no unacknowledged errors or warnings', () => {
      const report = new AwsSolutionsChecks().validateScope(app);
      expect(
        report.violations.map(
          (v) =>
            `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
        ),
      ).toEqual([]);
    });

    // Each Annotations.fromStack re-synthesizes the app (cdk-nag included): once per stack, and
    // more time than the default for the eight stacks.
    it('has no error or warning annotations on any stack', { timeout: 240_000 }, () => {
      for (const stack of app.node.children.filter((c): c is Stack => Stack.isStack(c))) {
        const annotations = Annotations.fromStack(stack);
        expect(annotations.findError('*', Match.anyValue())).toEqual([]);
        expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
      }
    });

    it('justifies every acknowledged rule in writing', () => {
      for (const ack of acknowledgments(app)) {
        expect(ack.reason.trim().length, `${ack.id} at ${ack.path}`).toBeGreaterThanOrEqual(30);
      }
    });
  },
);

describe('cdk-nag wiring', () => {
  it('a non-compliant resource makes synthesis fail', () => {
    const { app, dataStack }: { app: App; dataStack: Stack } = buildApp({
      ...projectContext(),
      stage: 'dev',
    });
    // An SQS queue without a DLQ or an SSL-only policy: AwsSolutions-SQS3 and -SQS4.
    new sqs.Queue(dataStack, 'NonCompliantCanary');
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS[34]/);
  });
});
