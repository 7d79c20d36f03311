/**
 * The local stack the HTTP benchmarks run against, started in-process as `npm start` starts it:
 * DynamoDB Local (in memory), a fresh table, the handler environment, and the API Gateway
 * emulation (REST and WebSocket) with the real handlers.
 */
import { randomBytes } from 'node:crypto';
import { resetApiConfig } from '../../functions/api/config.js';
import { setRuntime } from '../../functions/api/runtime.js';
import { startApiGateway, type LocalApiGateway } from '../../local/api-gateway.js';
import { localDynamoClient, startDynamoDbLocal } from '../../local/dynamodb-local.js';
import { ensureTable } from '../../local/table.js';

export interface BenchApi {
  /** `http://127.0.0.1:<port>` of the gateway. */
  base: string;
  tableName: string;
  gateway: LocalApiGateway;
  client: ReturnType<typeof localDynamoClient>;
  close(): Promise<void>;
}

/**
 * Starts the stack. `rateLimitPerMinute`: the load comes from one address and one user, so the
 * default limit (600/min) would turn a benchmark into 429s; `RATE_LIMIT_PER_MINUTE` overrides it.
 */
export async function startBenchApi(options: {
  tablePrefix: string;
  rateLimitPerMinute: number;
}): Promise<BenchApi> {
  const db = await startDynamoDbLocal();
  const client = localDynamoClient(db.endpoint);
  const tableName = `${options.tablePrefix}-${randomBytes(3).toString('hex')}`;
  await ensureTable(client, tableName);
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: db.endpoint,
    JWT_SECRET: randomBytes(32).toString('hex'),
    CURSOR_SECRET: randomBytes(16).toString('hex'),
    LOG_LEVEL: 'ERROR',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    RATE_LIMIT_PER_MINUTE: process.env['RATE_LIMIT_PER_MINUTE'] ?? String(options.rateLimitPerMinute),
  });
  resetApiConfig();
  setRuntime(undefined);
  const gateway = await startApiGateway();
  // As npm start: handlers reach WebSocket clients through the gateway's management API (set
  // before the API runtime is built, which reads it once).
  process.env['WEBSOCKET_ENDPOINT'] = gateway.managementEndpoint;
  return {
    base: gateway.url,
    tableName,
    gateway,
    client,
    close: async () => {
      gateway.server.closeAllConnections();
      await gateway.close();
      client.destroy();
      await db.stop();
    },
  };
}
