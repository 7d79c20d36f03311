/**
 * The Lambda proxy events of API Gateway WebSocket APIs, as they arrive (the `aws-lambda` types
 * leave out the `$connect` request's headers and the caller's identity).
 */
import type { APIGatewayEventWebsocketRequestContextV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

/** A `$connect`, `$disconnect` or message event. */
export type WebSocketEvent = Omit<APIGatewayProxyWebsocketEventV2, 'requestContext'> & {
  requestContext: APIGatewayEventWebsocketRequestContextV2 & {
    identity?: { sourceIp?: string; userAgent?: string | null };
  };
  /** Headers of the `$connect` request (absent on messages). */
  headers?: Record<string, string | undefined>;
  multiValueHeaders?: Record<string, string[] | undefined>;
};

/** What a WebSocket route's function returns; for `$connect`, a non-2xx status refuses the connection. */
export interface WebSocketResult {
  statusCode: number;
  body?: string;
}
