/** The environment variable naming the chat turn queue (set by the CDK WebSocket service). */
export const CHAT_TURN_QUEUE_ENV = 'CHAT_TURN_QUEUE_URL';
