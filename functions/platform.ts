/**
 * The composition root's shared half: the configuration every runtime of the repository reads
 * (validated with zod, once per process) and the parts they all build from it the same way — the
 * DynamoDB document client, the repositories, the travel data providers and the clock. The API
 * and WebSocket runtime (api/runtime.ts), the workflow consumers (workflows/runtime.ts) and the
 * PlanTrip task functions (orchestration/handlers.ts) each extend {@link BaseConfig} with what
 * only they read and call {@link buildPlatformParts}; what differs between AWS, `npm start` and
 * the tests (the clock, the providers) is passed as options at build time.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Providers } from '../agents/ports/providers.js';
import { createOfflineProviders } from '../knowledge/offline/providers.js';
import { createDocumentClient, createDynamoClient } from './data/dynamo-client.js';
import { createRepositories, type Repositories } from './data/repositories.js';

/** The variables every runtime reads (the CDK stacks set them; `npm start` and the tests locally). */
export const BaseConfig = z.object({
  TABLE_NAME: z.string().min(3),
  /** Only for DynamoDB Local; unset in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** Only for fauxqs (local SQS); unset in AWS. */
  SQS_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().default('us-east-1'),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
});
export type BaseConfig = z.infer<typeof BaseConfig>;

/** Parses `env` with `schema`; throws with every bad variable named (`label`: whose configuration). */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv,
  label: string,
): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid ${label} configuration: ${problems}`);
  }
  return parsed.data;
}

/** Client settings for a local emulator endpoint (DynamoDB Local, fauxqs), none in AWS. */
export function localEndpoint(endpoint: string | undefined) {
  return endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {};
}

/** What a runtime decides at build time; every part defaults to production's. */
export interface PlatformOptions {
  /** The clock of repositories, planners and workflows (default: the system clock). Tests fix it. */
  now?: () => Date;
  /** Travel data providers (default: the embedded offline bundle). */
  providers?: Providers;
  /** HMAC secret of pagination cursors (default: a random one, for runtimes that never paginate). */
  cursorSecret?: string;
}

/** The parts every runtime shares. */
export interface PlatformParts {
  doc: DynamoDBDocumentClient;
  repos: Repositories;
  providers: Providers;
  now: () => Date;
}

/** Builds the shared parts from a validated configuration and the build options. */
export function buildPlatformParts(config: BaseConfig, options: PlatformOptions = {}): PlatformParts {
  const now = options.now ?? (() => new Date());
  const doc = createDocumentClient(
    createDynamoClient({ region: config.AWS_REGION, ...localEndpoint(config.DYNAMODB_ENDPOINT) }),
  );
  const repos = createRepositories({
    client: doc,
    tableName: config.TABLE_NAME,
    cursorSecret: options.cursorSecret ?? randomBytes(32).toString('hex'),
    now,
  });
  return { doc, repos, providers: options.providers ?? createOfflineProviders(), now };
}
