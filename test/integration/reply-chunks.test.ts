/**
 * Resume across instances: the chunks of a reply in progress are persisted (DynamoDB Local, with
 * TTL), so a `resume` handled by another Lambda instance — which has no in-process buffer of the
 * turn — still gets the chunks it missed; another user gets nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../agents/ids.js';
import { resumeFrames } from '../../functions/api/services/chat.js';
import type { ApiRuntime } from '../../functions/api/runtime.js';
import { createRepositories } from '../../functions/data/repositories.js';
import { REPLY_CHUNK_TTL_SECONDS } from '../../functions/data/reply-chunk-repository.js';
import { createTestTable, type TestTable } from '../support/dynamo.js';
import { GetCommand } from '@aws-sdk/lib-dynamodb';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable('chunks');
});
afterAll(async () => {
  await table?.client.destroy?.();
});

describe('reply chunks', () => {
  it('persists chunks with a TTL and lists them in order for the owner only', async () => {
    const now = new Date('2026-12-02T01:00:00Z');
    const repos = createRepositories({
      client: table.doc,
      tableName: table.tableName,
      cursorSecret: table.cursorSecret,
      now: () => now,
    });
    const user = newId('user');
    const conv = newId('conversation');
    const msg = newId('message');
    // Out of order, as concurrent writes may land.
    await repos.replyChunks.put(user, conv, msg, 1, '第二段。');
    await repos.replyChunks.put(user, conv, msg, 0, '第一段，');
    await repos.replyChunks.put(user, conv, msg, 2, 'third.');
    expect(await repos.replyChunks.list(user, conv, msg)).toEqual(['第一段，', '第二段。', 'third.']);
    expect(await repos.replyChunks.list(newId('user'), conv, msg)).toEqual([]);
    expect(await repos.replyChunks.list(user, newId('conversation'), msg)).toEqual([]);
    const item = await table.doc.send(
      new GetCommand({ TableName: table.tableName, Key: { pk: `REPLY#${msg}`, sk: 'CHUNK#000000' } }),
    );
    expect(item.Item?.['expires_at']).toBe(Math.floor(now.getTime() / 1000) + REPLY_CHUNK_TTL_SECONDS);
    // A gap (a write still in flight) ends the list: only the contiguous prefix is resumable.
    await repos.replyChunks.put(user, conv, msg, 4, 'later');
    expect(await repos.replyChunks.list(user, conv, msg)).toHaveLength(3);
  });

  it('a resume on another instance (no in-process turn) gets the missed chunks from the table', async () => {
    const user = newId('user');
    const conv = newId('conversation');
    const msg = newId('message');
    // What the chat worker on instance A wrote while streaming.
    for (const [i, c] of ['你好，', '这是', '一段回复。'].entries())
      await table.repos.replyChunks.put(user, conv, msg, i, c);
    // Instance B: its own runtime over the same table, nothing of the turn in memory.
    const rtB = { repos: table.repos } as unknown as ApiRuntime;
    const frames = await resumeFrames(rtB, user, conv, msg, 0);
    expect(frames).toEqual([
      {
        type: 'stream_chunk',
        data: { conversation_id: conv, message_id: msg, chunk: '这是', chunk_index: 1, is_final: false },
      },
      {
        type: 'stream_chunk',
        data: {
          conversation_id: conv,
          message_id: msg,
          chunk: '一段回复。',
          chunk_index: 2,
          is_final: false,
        },
      },
    ]);
    expect(await resumeFrames(rtB, newId('user'), conv, msg, -1)).toBeNull();
  });
});
