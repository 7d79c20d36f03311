/**
 * What handlers share within one process (one Lambda execution environment): configuration,
 * clients and repositories, created once at first use and reused by every invocation.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Providers } from '../../agents/ports/providers.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';
import { createDocumentClient, createDynamoClient } from '../data/dynamo-client.js';
import { plannerStarterFromEnv, type PlanTripStarter } from '../orchestration/starter.js';
import { createRepositories, type Repositories } from '../data/repositories.js';
import { installAuth } from './auth/install.js';
import { TokenService } from './auth/tokens.js';
import { apiConfig, type ApiConfig } from './config.js';

export interface ApiRuntime {
  config: ApiConfig;
  repos: Repositories;
  tokens: TokenService;
  /** Travel data providers (offline by default). */
  providers: Providers;
  logger: Logger;
  now: () => Date;
  /**
   * Starts planning as a PlanTrip state machine execution (`PLANNER_MODE=stepfunctions`); absent,
   * the planner runs in-process.
   */
  planTripStarter?: PlanTripStarter;
}

let runtime: ApiRuntime | undefined;

/** Builds the runtime from the environment on first use. */
export function getRuntime(): ApiRuntime {
  if (runtime) return runtime;
  const config = apiConfig();
  const client = createDynamoClient({
    region: config.AWS_REGION,
    ...(config.DYNAMODB_ENDPOINT
      ? {
          endpoint: config.DYNAMODB_ENDPOINT,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
  });
  const now = () => new Date();
  runtime = {
    config,
    repos: createRepositories({
      client: createDocumentClient(client),
      tableName: config.TABLE_NAME,
      cursorSecret: config.CURSOR_SECRET,
    }),
    tokens: new TokenService(config.JWT_SECRET, config.JWT_ISSUER, config.ACCESS_TOKEN_TTL_SECONDS),
    providers: createOfflineProviders(),
    logger: new Logger({ serviceName: 'travel-planner-api', logLevel: config.LOG_LEVEL }),
    now,
  };
  const starter = plannerStarterFromEnv();
  if (starter) runtime.planTripStarter = starter;
  installAuth(runtime);
  return runtime;
}

/** Replaces the runtime (tests) or drops it so the next call rebuilds it from the environment. */
export function setRuntime(next: ApiRuntime | undefined): void {
  runtime = next;
}
