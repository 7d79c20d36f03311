/**
 * Where each Lambda function's handler lives: the CDK stack bundles these entry files, the local
 * API Gateway emulation imports them. Keyed by the route table's function names.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { FunctionName } from '../routes.js';

export type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Entry file of each function, relative to the repository root (for esbuild bundling in CDK). */
export const HANDLER_ENTRIES: Record<FunctionName, string> = {
  system: 'functions/api/handlers/system.ts',
  auth: 'functions/api/handlers/auth.ts',
  users: 'functions/api/handlers/users.ts',
  conversations: 'functions/api/handlers/conversations.ts',
  plans: 'functions/api/handlers/plans.ts',
  search: 'functions/api/handlers/search.ts',
  recommendations: 'functions/api/handlers/recommendations.ts',
  agents: 'functions/api/handlers/agents.ts',
};

/** Loads a function's handler module (for the local stack). */
export async function loadHandler(fn: FunctionName): Promise<ApiHandler> {
  const url = new URL(`../../../${HANDLER_ENTRIES[fn].replace(/\.ts$/, '.js')}`, import.meta.url);
  const mod = (await import(url.href)) as { handler: ApiHandler };
  return mod.handler;
}
