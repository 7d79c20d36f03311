/**
 * Realtime port: frames pushed to a traveller's open app sessions over the WebSocket API
 * (`agent_status`, in-app `notification`, and the replies of the WebSocket `$default` route).
 * Adapter: API Gateway's management API (postToConnection) in functions/notify — the same one
 * locally, where the API Gateway emulation serves the management endpoint.
 */

/** One WebSocket frame, already in wire form (snake_case `data`). */
export interface RealtimeFrame {
  type: string;
  data: Record<string, unknown>;
}

/** Pushes frames to WebSocket connections. */
export interface RealtimePublisher {
  /**
   * Sends the frame to every live connection of the user; returns how many received it (0 = the
   * user has no open app). Connections the gateway reports gone are forgotten.
   */
  sendToUser(userId: string, frame: RealtimeFrame): Promise<number>;
  /** Sends the frame to one connection; false when the connection is gone (and forgotten). */
  sendToConnection(connectionId: string, frame: RealtimeFrame): Promise<boolean>;
}
