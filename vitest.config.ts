// Silence the AWS SDK's Node 20 support notice in the main process (global setup) and the workers.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['node_modules/**', 'cdk.out/**', 'test/bench/**'],
    // Two cores: at most two forked workers.
    pool: 'forks',
    maxWorkers: 2,
    globalSetup: ['test/support/global-setup.ts'],
    // Upper bounds for a loaded 2-core machine (CDK synthesis of the whole app, DynamoDB Local), not
    // performance targets: those live in test/bench/.
    testTimeout: 90_000,
    hookTimeout: 180_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
