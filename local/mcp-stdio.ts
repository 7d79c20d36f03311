/**
 * `npm run -s mcp`: the travel MCP server on stdin/stdout, for MCP clients that spawn a process
 * (Claude Desktop, VS Code, MCP Inspector). The public tools, destination resources and prompts
 * run on the embedded offline data: no AWS and no running stack needed.
 *
 * stdout carries protocol messages only: the transport keeps the real stdout, and everything else
 * that would write there (loggers, console.log) is sent to stderr.
 *
 * User-scoped tools and resources (get_plan, edit_plan, saved plans, travel://user/preferences,
 * travel://plans/{id}) need `TRAVEL_ACCESS_TOKEN` (an access token of the API, e.g. from
 * POST /v1/auth/login) and a reachable store. The store is the `npm start` stack's by default:
 * DynamoDB Local at `DYNAMODB_ENDPOINT` (default http://127.0.0.1:8000), table `TABLE_NAME`
 * (default travel-planner-local), token and cursor keys `JWT_SECRET` / `CURSOR_SECRET` (default:
 * the stack's `LOCAL_DATA_DIR/secrets.json`, `.local/` by default). The token gets the same
 * verification and revocation check as the REST API. Without a token, or when it does not verify,
 * those tools and resources answer with an error saying so.
 *
 * `TRAVEL_MCP_LANG=zh|en` picks the default language of summaries and errors (default zh).
 */
import { Writable } from 'node:stream';
import type { PlanRepository, UserRepository } from '../agents/ports/repositories.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

// Protocol on stdout only. Set up before any other module is loaded (they are imported below).
const protocolWrite = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
const protocolOut = new Writable({
  write(chunk: Buffer, _encoding, callback) {
    if (protocolWrite(chunk)) callback();
    else process.stdout.once('drain', () => callback());
  },
});

const log = (message: string) => process.stderr.write(`[travel-mcp] ${message}\n`);

interface UserScope {
  userId?: string;
  plans?: PlanRepository;
  users?: UserRepository;
  hint: { zh: string; en: string };
}

/** Verifies TRAVEL_ACCESS_TOKEN against the store, as the REST API does; never throws. */
async function userScope(): Promise<UserScope> {
  const token = process.env['TRAVEL_ACCESS_TOKEN']?.trim();
  if (!token) {
    return {
      hint: {
        zh: '请设置环境变量 TRAVEL_ACCESS_TOKEN（登录 API 得到的访问令牌），并确保数据存储可访问（DYNAMODB_ENDPOINT、TABLE_NAME）。',
        en: 'Set TRAVEL_ACCESS_TOKEN (an access token from the API login) and make the store reachable (DYNAMODB_ENDPOINT, TABLE_NAME).',
      },
    };
  }
  try {
    const { join } = await import('node:path');
    const { existsSync } = await import('node:fs');
    const dataDir = process.env['LOCAL_DATA_DIR'] ?? '.local';
    if (!process.env['JWT_SECRET'] && existsSync(join(dataDir, 'secrets.json'))) {
      const { loadLocalSecrets } = await import('./local-secrets.js');
      const secrets = loadLocalSecrets(dataDir);
      process.env['JWT_SECRET'] = secrets.jwtSecret;
      process.env['CURSOR_SECRET'] ??= secrets.cursorSecret;
    }
    process.env['DYNAMODB_ENDPOINT'] ??= 'http://127.0.0.1:8000';
    process.env['TABLE_NAME'] ??= 'travel-planner-local';
    process.env['AWS_REGION'] ??= 'us-east-1';
    process.env['LOG_LEVEL'] ??= 'WARN';
    const { getRuntime } = await import('../functions/api/runtime.js');
    const rt = getRuntime();
    const claims = await rt.tokens.verify(token);
    log(`signed in as ${claims.userId}`);
    return {
      userId: claims.userId,
      plans: rt.repos.plans,
      users: rt.repos.users,
      hint: { zh: '', en: '' },
    };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    log(`TRAVEL_ACCESS_TOKEN not usable: ${reason}`);
    return {
      hint: {
        zh: `TRAVEL_ACCESS_TOKEN 无法使用（${reason}）：请重新登录获取令牌，并确认数据存储可访问（DYNAMODB_ENDPOINT、TABLE_NAME、JWT_SECRET）。`,
        en: `TRAVEL_ACCESS_TOKEN is not usable (${reason}): sign in again for a fresh token and check the store is reachable (DYNAMODB_ENDPOINT, TABLE_NAME, JWT_SECRET).`,
      },
    };
  }
}

async function main(): Promise<void> {
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  const { createTravelToolsRuntime } = await import('../functions/mcp/deps.js');
  const { createTravelMcpServer } = await import('../functions/mcp/server.js');
  const scope = await userScope();
  const runtime = createTravelToolsRuntime({
    plans: scope.plans,
    users: scope.users,
    ...(scope.userId ? {} : { unavailableHint: scope.hint }),
  });
  const lang = process.env['TRAVEL_MCP_LANG'] === 'en' ? 'en' : 'zh';
  const server = createTravelMcpServer({
    ...runtime,
    userId: scope.userId,
    lang,
    unavailableHint: scope.userId ? undefined : scope.hint,
    onToolFailure: (tool, cause) =>
      log(`${tool} failed: ${cause instanceof Error ? cause.stack : String(cause)}`),
  });
  const transport = new StdioServerTransport(process.stdin, protocolOut);
  transport.onclose = () => process.exit(0);
  process.stdin.on('end', () => process.exit(0));
  await server.connect(transport);
  log(
    `ready on stdio (${runtime.tools.list().length} tools${scope.userId ? ', signed in' : ', public tools only'})`,
  );
}

main().catch((err: unknown) => {
  log(`fatal: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
