/**
 * Demo data of the local stacks (`npm start`, the compose API container): a demo account created
 * over HTTP through the real auth handler (POST /v1/auth/register — whatever the auth internals,
 * this is how a user gets a password), a sample plan made by the planner over the offline
 * providers, and a conversation. Each piece is written only when missing, so restarts keep data.
 */
import { planTrip } from '../agents/planning/coordinator.js';
import { TripRequest } from '../agents/schemas/trip-request.js';
import type { Repositories } from '../functions/data/repositories.js';
import { createOfflineProviders } from '../knowledge/offline/providers.js';
import { demoConversation, demoMessage } from './demo-data.js';

export const DEMO_EMAIL = 'demo@example.com';
export const DEMO_USERNAME = 'demo_traveller';

export interface DemoAccount {
  email: string;
  password: string;
}

/** What seeding did; `problems` say what did not work and what to do about it. */
export interface SeedReport {
  userId: string | null;
  /** `created`, `existing`, or null when the account could not be made. */
  account: 'created' | 'existing' | null;
  /** An access token of the demo user (from logging in), when login works. */
  accessToken: string | null;
  /** Where the access token sits in the login response, e.g. `data.access_token`. */
  accessTokenPath: string | null;
  plan: { id: string; title: string; created: boolean; warnings: number; ms: number } | null;
  conversation: { id: string; created: boolean } | null;
  problems: string[];
}

interface HttpResult {
  status: number;
  body: unknown;
}

async function post(baseUrl: string, path: string, body: unknown): Promise<HttpResult> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': 'en' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: parsed };
}

/** Finds the first string under a key named like `access_token`, with its dotted path. */
export function findAccessToken(body: unknown, path = ''): { token: string; path: string } | null {
  if (!body || typeof body !== 'object') return null;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    const here = path ? `${path}.${key}` : key;
    if (/^access_?token$/i.test(key) && typeof value === 'string') return { token: value, path: here };
    const nested = findAccessToken(value, here);
    if (nested) return nested;
  }
  return null;
}

function errorText(result: HttpResult): string {
  const body = result.body as {
    error?: { code?: string; message?: string; details?: { field?: string; message?: string }[] };
    message?: string;
  } | null;
  const fields = (body?.error?.details ?? []).map((d) => `${d.field}: ${d.message}`).join('; ');
  const detail = body?.error
    ? `${body.error.code}: ${body.error.message}${fields ? ` — ${fields}` : ''}`
    : (body?.message ?? '');
  return `HTTP ${result.status}${detail ? ` (${detail})` : ''}`;
}

/** Creates the demo account over HTTP when missing and logs in with it. */
async function seedAccount(baseUrl: string, account: DemoAccount, repos: Repositories, report: SeedReport) {
  const registered = await post(baseUrl, '/v1/auth/register', {
    username: DEMO_USERNAME,
    email: account.email,
    password: account.password,
  });
  if (registered.status === 201 || registered.status === 200) report.account = 'created';
  else if (registered.status === 409) report.account = 'existing';
  else {
    report.problems.push(
      `could not register the demo account: POST /v1/auth/register answered ${errorText(registered)}`,
    );
  }
  const user = await repos.users.getByEmail(account.email);
  report.userId = user?.id ?? null;
  if (!report.account) return;

  const login = await post(baseUrl, '/v1/auth/login', { email: account.email, password: account.password });
  const found = login.status === 200 ? findAccessToken(login.body) : null;
  if (found) {
    report.accessToken = found.token;
    report.accessTokenPath = found.path;
  } else {
    report.problems.push(
      `the demo login failed: POST /v1/auth/login answered ${errorText(login)}` +
        (report.account === 'existing'
          ? ". The account predates this data folder's password (data from an older npm start?): run `npm start -- --reset`."
          : ''),
    );
  }
}

/** A sample trip, a month ahead: Shanghai to Paris, two adults, 7 days, ¥15,000. */
export function sampleTripRequest(now: Date): TripRequest {
  const start = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
  return TripRequest.parse({
    origin: { name: '上海' },
    destinations: [{ name: '巴黎' }],
    startDate: start,
    days: 7,
    travelers: { adults: 2 },
    budget: { amount: 15000, currency: 'CNY' },
    language: 'zh',
  });
}

async function seedPlan(repos: Repositories, userId: string, report: SeedReport, now: Date) {
  const existing = await repos.plans.list({ userId, sortBy: 'created_at', order: 'desc', limit: 1 });
  const first = existing.items[0];
  if (first) {
    report.plan = {
      id: first.id,
      title: first.title,
      created: false,
      warnings: first.warnings.length,
      ms: 0,
    };
    return;
  }
  const started = performance.now();
  const outcome = await planTrip(sampleTripRequest(now), { providers: createOfflineProviders(), userId });
  if (!outcome.plan) {
    report.problems.push(
      `the planner made no sample plan: ${outcome.failure?.code} ${outcome.failure?.message}`,
    );
    return;
  }
  const plan = await repos.plans.create(outcome.plan);
  report.plan = {
    id: plan.id,
    title: plan.title,
    created: true,
    warnings: plan.warnings.length,
    ms: Math.round(performance.now() - started),
  };
}

async function seedConversation(repos: Repositories, userId: string, report: SeedReport, now: Date) {
  const existing = await repos.conversations.list(userId, { limit: 1 });
  const first = existing.items[0];
  if (first) {
    report.conversation = { id: first.id, created: false };
    return;
  }
  const conversation = await repos.conversations.create(demoConversation(userId, {}, now));
  const texts = [
    ['user', '我们两个人想去巴黎玩7天，预算1.5万，有什么推荐吗？'],
    ['assistant', '很高兴为您规划巴黎之旅！已经为您生成了一份7天的示例行程，可以在行程列表里查看。'],
    ['user', 'Could day 3 be more relaxed?'],
  ] as const;
  for (const [i, [role, content]] of texts.entries()) {
    await repos.conversations.appendMessage(
      userId,
      demoMessage(conversation.id, content, { role }, new Date(now.getTime() + i)),
    );
  }
  report.conversation = { id: conversation.id, created: true };
}

/**
 * Seeds the demo account (over HTTP against `baseUrl`), then the sample plan and conversation
 * (through the repositories, owned by that account). Never throws for a missing piece: the
 * report's `problems` name it.
 */
export async function seedDemo(options: {
  baseUrl: string;
  repos: Repositories;
  account: DemoAccount;
  now?: Date;
}): Promise<SeedReport> {
  const now = options.now ?? new Date();
  const report: SeedReport = {
    userId: null,
    account: null,
    accessToken: null,
    accessTokenPath: null,
    plan: null,
    conversation: null,
    problems: [],
  };
  await seedAccount(options.baseUrl, options.account, options.repos, report);
  if (!report.userId) {
    report.problems.push('no demo user, so no sample plan or conversation was seeded');
    return report;
  }
  await seedPlan(options.repos, report.userId, report, now);
  await seedConversation(options.repos, report.userId, report, now);
  return report;
}
