/**
 * The REST rate limits apply to the WebSocket API: every frame and every handshake count against
 * the caller's address, a stored `user_message` against the user as well. Clients connect from
 * their own loopback address (ws `localAddress`), so the API sees distinct source IPs.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { createConversation, registerUser, type TestUser } from './api-support.js';

const LIMIT = 8;
let api: TestApi;
let alice: TestUser;
let conversationId: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Frame = { type: string; data: any };

beforeAll(async () => {
  api = await startTestApi({ RATE_LIMIT_PER_MINUTE: String(LIMIT) });
  alice = await registerUser(api, 'alice');
  conversationId = await createConversation(api, alice, '去北京玩三天');
});
afterAll(async () => {
  await api?.close();
});

/** Waits for a fresh one-minute window when the current one is about to end. */
async function awayFromWindowEdge(): Promise<void> {
  const intoMinute = (Date.now() / 1000) % 60;
  if (intoMinute > 45) await new Promise((r) => setTimeout(r, (60 - intoMinute + 0.3) * 1000));
}

function open(ip: string): Promise<{ socket: WebSocket; status: number }> {
  return new Promise((resolve, reject) => {
    const url = `${api.gateway.wsUrl}/${alice.id}?token=${encodeURIComponent(alice.token)}`;
    const socket = new WebSocket(url, { localAddress: ip });
    socket.once('open', () => resolve({ socket, status: 101 }));
    socket.once('unexpected-response', (_req, res) => resolve({ socket, status: res.statusCode ?? 0 }));
    socket.once('error', reject);
  });
}

/** Frames the server pushes on its own (the assistant's streamed turns reach every connection of the user). */
const PUSHED = new Set(['stream_chunk', 'tool_call_status', 'agent_status', 'notification']);

/** Sends a frame and resolves with the server's answer to it, skipping pushed frames. */
function ask(socket: WebSocket, frame: unknown): Promise<Frame> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const answer = JSON.parse(String(data)) as Frame;
      if (PUSHED.has(answer.type)) return;
      socket.off('message', onMessage);
      resolve(answer);
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify(frame));
  });
}

describe('WebSocket rate limits', () => {
  it('counts handshakes and frames per address: RATE_LIMITED frames, then a refused handshake', async () => {
    await awayFromWindowEdge();
    const { socket, status } = await open('127.0.0.31');
    expect(status).toBe(101);
    // The handshake was request 1 of the address; LIMIT - 1 pings pass.
    for (let i = 1; i < LIMIT; i++) expect((await ask(socket, { type: 'ping' })).type).toBe('pong');
    const refused = await ask(socket, { type: 'ping' });
    expect(refused.type).toBe('error');
    expect(refused.data.code).toBe('RATE_LIMITED');
    expect(refused.data.retry_after_seconds).toBeGreaterThanOrEqual(1);
    expect(refused.data.message_en).toMatch(/too many/i);
    // The connection stays open; a new handshake from the address is refused with 429.
    expect(socket.readyState).toBe(WebSocket.OPEN);
    expect((await open('127.0.0.31')).status).toBe(429);
    // Another address goes on.
    const other = await open('127.0.0.32');
    expect(other.status).toBe(101);
    expect((await ask(other.socket, { type: 'ping' })).type).toBe('pong');
    socket.close();
    other.socket.close();
  });

  it('counts stored messages against the user whatever address they come from', async () => {
    await awayFromWindowEdge();
    const frame = (i: number) => ({
      type: 'user_message',
      data: { conversation_id: conversationId, content: `第${i}条`, message_id: `m${i}` },
    });
    const answers: Frame[] = [];
    for (let i = 0; i <= LIMIT; i++) {
      // A fresh address for each message: only the user's own limit can refuse.
      const { socket, status } = await open(`127.0.1.${i + 1}`);
      expect(status).toBe(101);
      answers.push(await ask(socket, frame(i)));
      socket.close();
    }
    // REST calls of the user in this window (conversation creation) count as well.
    const stored = answers.filter((a) => a.type === 'message_stored').length;
    expect(stored).toBeGreaterThanOrEqual(LIMIT - 2);
    expect(stored).toBeLessThan(answers.length);
    const last = answers[answers.length - 1]!;
    expect(last.type).toBe('message_error');
    expect(last.data).toMatchObject({ error_code: 'RATE_LIMITED', message_id: `m${LIMIT}` });
  });
});
