/**
 * In-app notifications over the WebSocket API: a `notification` frame to each of the user's live
 * connections (postToConnection through the realtime publisher, which forgets connections API
 * Gateway reports gone).
 */
import type { InAppMessage, InAppSender } from '../../agents/ports/notifier.js';
import type { RealtimePublisher } from '../../agents/ports/realtime.js';

export class WebSocketInAppSender implements InAppSender {
  constructor(private readonly options: { publisher: RealtimePublisher }) {}

  async sendInApp(message: InAppMessage): Promise<number> {
    return this.options.publisher.sendToUser(message.userId, {
      type: 'notification',
      data: {
        id: message.id,
        user_id: message.userId,
        kind: message.kind,
        title: message.title,
        text: message.text,
        data: message.data,
      },
    });
  }
}
