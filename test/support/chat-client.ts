/**
 * A WebSocket chat client for tests, the chat benchmark and `npm run chat`: connects to the seed's
 * path, records every frame, sends `user_message` frames and collects one reply (its
 * `stream_chunk` frames up to `is_final`, the `tool_call_status` and `agent_status` frames between).
 */
import WebSocket from 'ws';

/** One received frame. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Frame = { type: string; data: any; at: number };

export interface Reply {
  /** `message_stored`'s data (message_id, reply_message_id, ...). */
  stored: Frame['data'];
  messageId: string;
  text: string;
  chunks: Frame[];
  /** Every frame from the acknowledgement to the final chunk, in order of arrival. */
  frames: Frame[];
  sentAt: number;
  firstChunkAt: number | null;
  finalAt: number;
}

export class ChatClient {
  readonly frames: Frame[] = [];
  #waiters = new Set<() => void>();
  #counter = 0;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: WebSocket.RawData) => {
      try {
        const f = JSON.parse(String(data)) as Omit<Frame, 'at'>;
        this.frames.push({ ...f, at: performance.now() });
      } catch {
        return;
      }
      for (const w of [...this.#waiters]) w();
    });
  }

  /** Opens `ws(s)://.../v1/ws/chat/{userId}?token=...`. */
  static connect(wsBase: string, userId: string, token: string): Promise<ChatClient> {
    const socket = new WebSocket(
      `${wsBase}/${encodeURIComponent(userId)}?token=${encodeURIComponent(token)}`,
    );
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new ChatClient(socket)));
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
    });
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** Waits until `done(frames)` holds (checked on every frame), up to `timeoutMs`. */
  waitFor<T>(check: (frames: Frame[]) => T | undefined, timeoutMs = 20_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const run = () => {
        const v = check(this.frames);
        if (v === undefined) return false;
        this.#waiters.delete(run);
        clearTimeout(timer);
        resolve(v);
        return true;
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(run);
        reject(
          new Error(
            `timed out; frames: ${this.frames
              .slice(-8)
              .map((f) => f.type)
              .join(',')}`,
          ),
        );
      }, timeoutMs);
      if (!run()) this.#waiters.add(run);
    });
  }

  /** Sends a message and collects its reply (up to the final chunk). */
  async say(conversationId: string, content: string, timeoutMs = 30_000): Promise<Reply> {
    const clientId = `c${++this.#counter}-${Math.random().toString(36).slice(2, 8)}`;
    const start = this.frames.length;
    const sentAt = performance.now();
    this.send({
      type: 'user_message',
      data: { conversation_id: conversationId, content, message_id: clientId },
    });
    const stored = await this.waitFor((fs) => {
      return fs
        .slice(start)
        .find(
          (x) =>
            (x.type === 'message_stored' && x.data.client_message_id === clientId) ||
            (x.type === 'message_error' && x.data.message_id === clientId),
        );
    }, timeoutMs);
    if (stored.type === 'message_error') throw new Error(`message_error: ${JSON.stringify(stored.data)}`);
    const messageId = stored.data.reply_message_id as string;
    return this.collect(messageId, stored.data, sentAt, start, timeoutMs);
  }

  /** The reply of `messageId` once its final chunk arrived. */
  async collect(
    messageId: string,
    stored: Frame['data'],
    sentAt: number,
    from = 0,
    timeoutMs = 30_000,
  ): Promise<Reply> {
    const finalFrame = await this.waitFor(
      (fs) =>
        fs
          .slice(from)
          .find((f) => f.type === 'stream_chunk' && f.data.message_id === messageId && f.data.is_final),
      timeoutMs,
    );
    const frames = this.frames.slice(from).filter((f) => f.at <= finalFrame.at);
    const chunks = frames.filter(
      (f) => f.type === 'stream_chunk' && f.data.message_id === messageId && !f.data.is_final,
    );
    return {
      stored,
      messageId,
      text: chunks.map((c) => c.data.chunk as string).join(''),
      chunks,
      frames,
      sentAt,
      firstChunkAt: chunks[0]?.at ?? null,
      finalAt: finalFrame.at,
    };
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close(1000);
    });
  }
}
