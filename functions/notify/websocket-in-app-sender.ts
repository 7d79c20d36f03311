/**
 * In-app notifications over the WebSocket API: a `notification` frame to each of the user's live
 * connections (postToConnection); a connection API Gateway reports gone is forgotten.
 */
import {
  type ApiGatewayManagementApiClient,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { InAppMessage, InAppSender } from '../../agents/ports/notifier.js';
import type { ConnectionRepository } from '../../agents/ports/repositories.js';

export class WebSocketInAppSender implements InAppSender {
  constructor(
    private readonly options: {
      client: ApiGatewayManagementApiClient;
      connections: Pick<ConnectionRepository, 'listByUser' | 'delete'>;
    },
  ) {}

  async sendInApp(message: InAppMessage): Promise<number> {
    const frame = JSON.stringify({ type: 'notification', data: message });
    let delivered = 0;
    for (const c of await this.options.connections.listByUser(message.userId)) {
      try {
        await this.options.client.send(
          new PostToConnectionCommand({ ConnectionId: c.connectionId, Data: Buffer.from(frame, 'utf8') }),
        );
        delivered += 1;
      } catch (err) {
        if (err instanceof GoneException) await this.options.connections.delete(c.connectionId);
        else throw err;
      }
    }
    return delivered;
  }
}
