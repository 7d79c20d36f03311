/**
 * Handler configuration, read once per process from the environment and validated (fail fast).
 * In AWS the CDK stack sets these variables (and grants what they point to); locally `npm start`
 * and the tests set them.
 */
import { z } from 'zod';
import { BaseConfig, parseConfig } from '../platform.js';

/** {@link BaseConfig} (table, endpoints, region, log level) and what only the API reads. */
const Config = BaseConfig.extend({
  /** Queue a confirmed plan's booking follow-up goes to; unset, no follow-up is sent (logged once). */
  BOOKING_FOLLOW_UP_QUEUE_URL: z.url().optional(),
  /** HS256 key for access tokens (>= 32 bytes). In AWS it is resolved from Secrets Manager at cold start. */
  JWT_SECRET: z.string().min(32),
  JWT_ISSUER: z.string().default('ai-travel-planner'),
  CURSOR_SECRET: z.string().min(16),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(3600)
    .default(30 * 86_400),
  /** Seconds a positive session check is cached in the process (0: off); see auth/session-cache.ts. */
  SESSION_CHECK_CACHE_SECONDS: z.coerce.number().min(0).max(60).default(5),
  /** Seconds a user's plan count (list `total`) is cached in the process (0: off); see data/plan-count-cache.ts. */
  PLAN_COUNT_CACHE_SECONDS: z.coerce.number().min(0).max(60).default(2),
  /** Requests per minute per user and per IP. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(6 * 1024 * 1024)
    .default(256 * 1024),
  IDEMPOTENCY_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(24 * 3600),
  CORS_ORIGINS: z.string().default('*'),
  /** Public base URL of the API for links handed out (share links); default: the request's own. */
  PUBLIC_BASE_URL: z.url().optional(),
});
export type ApiConfig = z.infer<typeof Config>;

let cached: ApiConfig | undefined;

/** The validated configuration; throws with every bad variable named. */
export function apiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  if (cached && env === process.env) return cached;
  const config = parseConfig(Config, env, 'API');
  if (env === process.env) cached = config;
  return config;
}

/** Forgets the cached configuration (tests and the local stack set the environment first). */
export function resetApiConfig(): void {
  cached = undefined;
}
