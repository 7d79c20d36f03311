/**
 * Frames to WebSocket connections through API Gateway's management API (postToConnection), the
 * adapter of the realtime port. In AWS the endpoint is the WebSocket stage's callback URL
 * (`https://{api-id}.execute-api.{region}.amazonaws.com/{stage}`); locally it is the API Gateway
 * emulation, which serves the same `POST /@connections/{id}` — only the endpoint differs.
 */
import {
  ApiGatewayManagementApiClient,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { RealtimeFrame, RealtimePublisher } from '../../agents/ports/realtime.js';
import type { ConnectionRepository } from '../../agents/ports/repositories.js';

/** Environment variable with the management endpoint; set (with the permission) by the CDK stack. */
export const WEBSOCKET_ENDPOINT_ENV = 'WEBSOCKET_ENDPOINT';

/** What the publisher needs of the connection store. */
export type PublisherConnections = Pick<ConnectionRepository, 'listByUser' | 'delete'>;

export class ApiGatewayRealtimePublisher implements RealtimePublisher {
  constructor(
    private readonly options: {
      client: ApiGatewayManagementApiClient;
      connections: PublisherConnections;
    },
  ) {}

  async sendToConnection(connectionId: string, frame: RealtimeFrame): Promise<boolean> {
    try {
      await this.options.client.send(
        new PostToConnectionCommand({
          ConnectionId: connectionId,
          Data: Buffer.from(JSON.stringify(frame), 'utf8'),
        }),
      );
      return true;
    } catch (err) {
      if (!(err instanceof GoneException)) throw err;
      // The client went away without $disconnect reaching us (or before it did).
      await this.options.connections.delete(connectionId);
      return false;
    }
  }

  /**
   * Every live connection is tried even when one fails; a failure other than Gone is rethrown
   * afterwards (the first one), so a queue consumer retries while the others were still served.
   */
  async sendToUser(userId: string, frame: RealtimeFrame): Promise<number> {
    let delivered = 0;
    let failure: unknown;
    for (const c of await this.options.connections.listByUser(userId)) {
      try {
        if (await this.sendToConnection(c.connectionId, frame)) delivered += 1;
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure !== undefined) throw failure;
    return delivered;
  }
}

/**
 * The publisher the environment configures, or undefined when `WEBSOCKET_ENDPOINT` is unset (no
 * WebSocket API: frames are not sent). An `http:` endpoint is the local emulation, which needs no
 * real credentials; API Gateway itself is https only.
 */
export function realtimePublisherFromEnv(
  connections: PublisherConnections,
  env: NodeJS.ProcessEnv = process.env,
): ApiGatewayRealtimePublisher | undefined {
  const endpoint = env[WEBSOCKET_ENDPOINT_ENV];
  if (!endpoint) return undefined;
  const local = endpoint.startsWith('http:');
  const client = new ApiGatewayManagementApiClient({
    endpoint,
    ...(local
      ? {
          region: env['AWS_REGION'] ?? 'us-east-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
  });
  return new ApiGatewayRealtimePublisher({ client, connections });
}
