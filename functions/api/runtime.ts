/**
 * What handlers share within one process (one Lambda execution environment): configuration,
 * clients and repositories, created once at first use and reused by every invocation.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Providers } from '../../agents/ports/providers.js';
import type { BookingFollowUpQueue } from '../../agents/ports/workflow-queue.js';
import type { RealtimePublisher } from '../../agents/ports/realtime.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';
import { createDocumentClient, createDynamoClient } from '../data/dynamo-client.js';
import { plannerStarterFromEnv, type PlanTripStarter } from '../orchestration/starter.js';
import { PlanCountCache } from '../data/plan-count-cache.js';
import { createRepositories, type Repositories } from '../data/repositories.js';
import { DisabledWorkflowQueue, SqsWorkflowQueue } from '../workflows/sqs-workflow-queue.js';
import { realtimePublisherFromEnv } from '../notify/websocket-publisher.js';
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
   * Where a confirmed plan's booking follow-up goes (`BOOKING_FOLLOW_UP_QUEUE_URL`); without the
   * variable a queue that drops messages and logs that once.
   */
  bookingFollowUps: BookingFollowUpQueue;
  /**
   * Starts planning as a PlanTrip state machine execution (`PLANNER_MODE=stepfunctions`); absent,
   * the planner runs in-process.
   */
  planTripStarter?: PlanTripStarter;
  /**
   * Frames to WebSocket connections (`agent_status` of in-process planning, the WebSocket
   * `$default` route's replies); absent without `WEBSOCKET_ENDPOINT`.
   */
  realtime?: RealtimePublisher;
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
  const logger = new Logger({ serviceName: 'travel-planner-api', logLevel: config.LOG_LEVEL });
  runtime = {
    config,
    repos: createRepositories({
      client: createDocumentClient(client),
      tableName: config.TABLE_NAME,
      cursorSecret: config.CURSOR_SECRET,
    }),
    tokens: new TokenService(config.JWT_SECRET, config.JWT_ISSUER, config.ACCESS_TOKEN_TTL_SECONDS),
    providers: createOfflineProviders(),
    logger,
    now,
    bookingFollowUps: bookingFollowUpQueue(config, logger),
  };
  const starter = plannerStarterFromEnv();
  if (starter) runtime.planTripStarter = starter;
  const realtime = realtimePublisherFromEnv(runtime.repos.connections);
  if (realtime) runtime.realtime = realtime;
  if (config.PLAN_COUNT_CACHE_SECONDS > 0) {
    runtime.repos.plans = new PlanCountCache(runtime.repos.plans, config.PLAN_COUNT_CACHE_SECONDS * 1000);
  }
  installAuth(runtime);
  return runtime;
}

/** The booking follow-up queue of the configuration: SQS (fauxqs locally), or disabled. */
function bookingFollowUpQueue(config: ApiConfig, logger: Logger): BookingFollowUpQueue {
  const queueUrl = config.BOOKING_FOLLOW_UP_QUEUE_URL;
  if (!queueUrl) {
    return new DisabledWorkflowQueue({
      name: 'booking follow-up',
      env: 'BOOKING_FOLLOW_UP_QUEUE_URL',
      log: (message) => logger.warn(message),
    });
  }
  const client = new SQSClient({
    region: config.AWS_REGION,
    ...(config.SQS_ENDPOINT
      ? { endpoint: config.SQS_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  return new SqsWorkflowQueue({ client, queueUrl });
}

/** Replaces the runtime (tests) or drops it so the next call rebuilds it from the environment. */
export function setRuntime(next: ApiRuntime | undefined): void {
  runtime = next;
}
