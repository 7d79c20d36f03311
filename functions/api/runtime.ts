/**
 * The composition root of the API and WebSocket handlers: what they share within one process (one
 * Lambda execution environment) — configuration (read once, validated with zod), clients,
 * repositories, providers, the logger, the rate limiter — built in one place at first use and
 * reused by every invocation. What differs between AWS, `npm start` and the tests is given as
 * {@link RuntimeOptions} before the runtime is built ({@link configureRuntime}), never patched
 * into a built runtime.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Providers } from '../../agents/ports/providers.js';
import type { BookingFollowUpQueue } from '../../agents/ports/workflow-queue.js';
import type { RealtimePublisher } from '../../agents/ports/realtime.js';
import { plannerStarterFromEnv, type PlanTripStarter } from '../orchestration/starter.js';
import { PlanCountCache } from '../data/plan-count-cache.js';
import type { Repositories } from '../data/repositories.js';
import { buildPlatformParts, localEndpoint } from '../platform.js';
import { DisabledWorkflowQueue, SqsWorkflowQueue } from '../workflows/sqs-workflow-queue.js';
import { realtimePublisherFromEnv } from '../notify/websocket-publisher.js';
import { readAuthConfig, type AuthConfig } from './auth/auth-config.js';
import { CachedAuthSessions } from './auth/session-cache.js';
import { createRateLimiter, type RateLimiter } from '../edge/rate-limit.js';
import { TokenService } from './auth/tokens.js';
import { apiConfig, type ApiConfig } from './config.js';

export interface ApiRuntime {
  config: ApiConfig;
  /** The authentication settings (auth/auth-config.ts), validated when the runtime is built. */
  authConfig: AuthConfig;
  repos: Repositories;
  tokens: TokenService;
  /** Travel data providers (offline by default). */
  providers: Providers;
  logger: Logger;
  now: () => Date;
  /**
   * The per-IP and per-user request limiter (`RATE_LIMIT_PER_MINUTE`), shared by the REST
   * pipeline, the WebSocket routes and the MCP transport.
   */
  rateLimit: RateLimiter;
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
  /**
   * In-process planning: answer POST /v1/agents/sessions only once the planner finished (in Lambda,
   * which may freeze the process as soon as the handler returns), instead of in the background.
   */
  awaitInProcessPlanning: boolean;
}

/** What the embedding process decides at build time (defaults: from the environment). */
export interface RuntimeOptions {
  /** The clock of every handler (default: the system clock). Tests fix it. */
  now?: () => Date;
  /**
   * Builds the PlanTrip starter from the runtime's parts (the local state machine under
   * `PLANNER_MODE=stepfunctions npm start`); default: Step Functions when the environment names
   * a state machine, else none (in-process planning).
   */
  planTripStarter?: (rt: ApiRuntime) => PlanTripStarter | undefined;
  /** See {@link ApiRuntime.awaitInProcessPlanning}; default: whether this runs in Lambda. */
  awaitInProcessPlanning?: boolean;
}

let runtime: ApiRuntime | undefined;
let runtimeOptions: RuntimeOptions = {};

/**
 * Sets the options the runtime is built with and drops the current one (the next
 * {@link getRuntime} builds it). Call before serving requests.
 */
export function configureRuntime(options: RuntimeOptions): void {
  runtimeOptions = options;
  runtime = undefined;
}

/**
 * The options the next build uses (what {@link configureRuntime} last set), for code that adds one
 * option and keeps the others (local/stepfunctions/install.ts).
 */
export function runtimeOptionsInUse(): RuntimeOptions {
  return runtimeOptions;
}

/** The runtime, built from the environment and the configured options on first use. */
export function getRuntime(): ApiRuntime {
  runtime ??= buildRuntime(runtimeOptions);
  return runtime;
}

/** Builds a runtime: configuration from `env`, everything else from it and `options`. */
export function buildRuntime(options: RuntimeOptions = {}, env: NodeJS.ProcessEnv = process.env): ApiRuntime {
  const config = apiConfig(env);
  const { repos, providers, now } = buildPlatformParts(config, {
    cursorSecret: config.CURSOR_SECRET,
    ...(options.now ? { now: options.now } : {}),
  });
  const logger = new Logger({ serviceName: 'travel-planner-api', logLevel: config.LOG_LEVEL });
  const rt: ApiRuntime = {
    config,
    // A bad auth setting fails the cold start.
    authConfig: readAuthConfig(env),
    repos,
    tokens: new TokenService(config.JWT_SECRET, config.JWT_ISSUER, config.ACCESS_TOKEN_TTL_SECONDS, now),
    providers,
    logger,
    now,
    rateLimit: createRateLimiter({
      counters: repos.counters,
      limit: config.RATE_LIMIT_PER_MINUTE,
      now,
      logger,
    }),
    bookingFollowUps: bookingFollowUpQueue(config, logger),
    awaitInProcessPlanning: options.awaitInProcessPlanning ?? Boolean(env['AWS_LAMBDA_FUNCTION_NAME']),
  };
  const realtime = realtimePublisherFromEnv(rt.repos.connections, env);
  if (realtime) rt.realtime = realtime;
  if (config.PLAN_COUNT_CACHE_SECONDS > 0) {
    rt.repos.plans = new PlanCountCache(rt.repos.plans, config.PLAN_COUNT_CACHE_SECONDS * 1000);
  }
  installSessionCheck(rt);
  const starter = options.planTripStarter ? options.planTripStarter(rt) : plannerStarterFromEnv(env);
  if (starter) rt.planTripStarter = starter;
  return rt;
}

/**
 * The session check of access-token verification: a token of a revoked session (logout, refresh
 * token reuse) is refused; positive answers are cached for a few seconds (auth/session-cache.ts),
 * revocations through this process take effect at once (they go through the same object).
 */
function installSessionCheck(rt: ApiRuntime): void {
  if (rt.config.SESSION_CHECK_CACHE_SECONDS > 0 && !(rt.repos.authSessions instanceof CachedAuthSessions)) {
    rt.repos.authSessions = new CachedAuthSessions(
      rt.repos.authSessions,
      rt.config.SESSION_CHECK_CACHE_SECONDS * 1000,
      () => rt.now().getTime(),
    );
  }
  rt.tokens.setSessionCheck((sessionId, userId) => rt.repos.authSessions.isActive(sessionId, userId));
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
  const client = new SQSClient({ region: config.AWS_REGION, ...localEndpoint(config.SQS_ENDPOINT) });
  return new SqsWorkflowQueue({ client, queueUrl });
}

/**
 * Replaces the runtime (tests) or drops it so the next call rebuilds it from the environment;
 * dropping it also forgets the configured options.
 */
export function setRuntime(next: ApiRuntime | undefined): void {
  runtime = next;
  if (!next) runtimeOptions = {};
}
