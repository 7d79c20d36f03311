/**
 * The WebSocket API's route table: the CDK stack creates one route and one Lambda function per
 * entry, the local API Gateway emulation (local/websocket-gateway.ts) invokes the same handlers.
 *
 * The seed's URL is `wss://.../v1/ws/chat/{user_id}?token={jwt}`. API Gateway WebSocket APIs do
 * not route on paths (a path after the stage is refused), so the handlers read the user id from
 * the `user_id` query parameter: in AWS clients connect to `{stage url}?user_id=...&token=...`;
 * the local emulation serves the seed's path and passes its `{user_id}` segment as that parameter,
 * as a path-rewriting front (e.g. a CloudFront function) would in AWS.
 */

/** The routes: API Gateway's three predefined ones; every frame type goes to `$default`. */
export const WS_ROUTE_KEYS = ['$connect', '$disconnect', '$default'] as const;
export type WsRouteKey = (typeof WS_ROUTE_KEYS)[number];

export interface WsRouteDef {
  routeKey: WsRouteKey;
  /** Entry file (exporting `handler`), relative to the repository root. */
  entry: string;
  description: string;
  /** Whether the function sends frames itself (postToConnection): it gets the management endpoint. */
  pushesFrames: boolean;
}

export const WS_ROUTES: readonly WsRouteDef[] = [
  {
    routeKey: '$connect',
    entry: 'functions/ws/connect.ts',
    description: 'verifies the token and stores the connection',
    pushesFrames: false,
  },
  {
    routeKey: '$disconnect',
    entry: 'functions/ws/disconnect.ts',
    description: 'forgets the connection',
    pushesFrames: false,
  },
  {
    routeKey: '$default',
    entry: 'functions/ws/default.ts',
    description: 'routes frames (ping, auth, user_message) and answers them',
    pushesFrames: true,
  },
];

/** Route selection: the frame's `type`. No route is keyed by a type, so every frame reaches `$default`. */
export const WS_ROUTE_SELECTION_EXPRESSION = '$request.body.type';

/** The seed's path (served as such by the local emulation). */
export const WS_CHAT_PATH = '/v1/ws/chat/{user_id}';

/** Query parameters of `$connect`. */
export const WS_QUERY = { userId: 'user_id', token: 'token' } as const;

/** API Gateway's limit on one WebSocket message. */
export const WS_MAX_MESSAGE_BYTES = 128 * 1024;

/** API Gateway closes a WebSocket connection after two hours whatever happens. */
export const WS_MAX_CONNECTION_SECONDS = 2 * 3600;
