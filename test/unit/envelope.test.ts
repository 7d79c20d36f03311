/** The seed's success and error envelopes, their builders and request ids. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  DEFAULT_MESSAGES,
  DependencyFailedError,
  InternalError,
  NotFoundError,
  ProcessingFailedError,
  ValidationError,
  toAppError,
} from '../../agents/errors.js';
import {
  ErrorEnvelope,
  RequestId,
  SuccessEnvelope,
  errorEnvelope,
  newRequestId,
  successEnvelope,
} from '../../agents/schemas/envelope.js';
import { parseWire, toWire } from '../../agents/schemas/wire.js';
import { TaskResult } from '../../agents/schemas/agent.js';
import { TravelPlan } from '../../agents/schemas/travel-plan.js';

const NOW = Date.parse('2025-01-27T10:30:00Z');
const REQUEST_ID = 'req_1234567890abcdef';

const TASK_RESULT = {
  task_id: 'task_1',
  agent_type: 'flight',
  result_type: 'success',
  data: { flight_options: [] },
  confidence_score: 0.9,
  execution_time: 1.5,
  created_at: '2025-01-27T10:32:00Z',
};

const sortedKeys = (value: unknown) => Object.keys(value as object).sort();

describe('success envelope', () => {
  it('has exactly the seed keys on the wire, with data converted by its schema', () => {
    const result = parseWire(TaskResult, TASK_RESULT);
    const envelope = successEnvelope(result, { requestId: REQUEST_ID, now: NOW });
    expect(sortedKeys(envelope)).toEqual(['code', 'data', 'message', 'requestId', 'success', 'timestamp']);

    const body = toWire(SuccessEnvelope(TaskResult), envelope);
    expect(body).toStrictEqual({
      success: true,
      data: TASK_RESULT,
      message: '操作成功',
      code: 'SUCCESS',
      timestamp: '2025-01-27T10:30:00.000Z',
      request_id: REQUEST_ID,
    });
    expect(parseWire(SuccessEnvelope(TaskResult), body)).toStrictEqual(envelope);
  });

  it('takes a custom message and defaults the clock to now', () => {
    const before = Date.now();
    const envelope = successEnvelope({}, { requestId: REQUEST_ID, message: 'Created' });
    expect(envelope.message).toBe('Created');
    expect(Date.parse(envelope.timestamp)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(envelope.timestamp)).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("parses the seed's own example", () => {
    const seed = {
      success: true,
      data: {},
      message: '操作成功',
      code: 'SUCCESS',
      timestamp: '2025-01-27T10:30:00Z',
      request_id: 'req_1234567890abcdef',
    };
    const parsed = parseWire(SuccessEnvelope(z.object({})), seed);
    expect(parsed.requestId).toBe('req_1234567890abcdef');
  });

  it('rejects a wrong code, success flag or request id, with wire paths', () => {
    const Env = SuccessEnvelope(z.object({}));
    const base = { success: true, data: {}, message: '', code: 'SUCCESS', timestamp: '2025-01-27T10:30:00Z' };
    const fields = (input: unknown) => {
      try {
        parseWire(Env, input);
      } catch (err) {
        return (err as ValidationError).details.map((d) => d.field);
      }
      throw new Error('expected a failure');
    };
    expect(fields({ ...base, code: 'OK', request_id: REQUEST_ID })).toEqual(['code']);
    expect(fields({ ...base, success: false, request_id: REQUEST_ID })).toEqual(['success']);
    expect(fields({ ...base, request_id: 'req_XYZ' })).toEqual(['request_id']);
  });

  it('reports data problems under data.*', () => {
    const body = {
      ...(toWire(
        SuccessEnvelope(TaskResult),
        successEnvelope(parseWire(TaskResult, TASK_RESULT), { requestId: REQUEST_ID }),
      ) as object),
    };
    const bad = { ...body, data: { ...TASK_RESULT, confidence_score: 2 } };
    try {
      parseWire(SuccessEnvelope(TaskResult), bad);
      expect.unreachable();
    } catch (err) {
      expect((err as ValidationError).details.map((d) => d.field)).toEqual(['data.confidence_score']);
    }
  });
});

describe('error envelope', () => {
  it('has exactly the seed keys and shows a user fault with its details', () => {
    const err = new ValidationError('Validation failed: email', {
      details: [{ field: 'email', message: '邮箱格式不正确' }],
    });
    const envelope = errorEnvelope(err, { requestId: REQUEST_ID, lang: 'zh', now: NOW });
    const body = toWire(ErrorEnvelope, envelope) as Record<string, unknown>;
    expect(sortedKeys(body)).toEqual(['error', 'request_id', 'success', 'timestamp']);
    expect(sortedKeys(body.error)).toEqual(['code', 'details', 'message']);
    // Exactly the seed's documented error example.
    expect(body).toStrictEqual({
      success: false,
      error: {
        code: 'VALIDATION_ERROR',
        message: '请求参数验证失败',
        details: [{ field: 'email', message: '邮箱格式不正确' }],
      },
      timestamp: '2025-01-27T10:30:00.000Z',
      request_id: REQUEST_ID,
    });
    expect(parseWire(ErrorEnvelope, body)).toStrictEqual(envelope);
    expect(JSON.stringify(body)).not.toContain('Validation failed: email');
  });

  it('localizes the message and honours a user fault text override', () => {
    const err = new NotFoundError('plan plan_1 missing', {
      text: { zh: '旅行计划不存在', en: 'Travel plan not found' },
    });
    expect(errorEnvelope(err, { requestId: REQUEST_ID, lang: 'en' }).error.message).toBe(
      'Travel plan not found',
    );
    expect(errorEnvelope(err, { requestId: REQUEST_ID, lang: 'zh' }).error.message).toBe('旅行计划不存在');
    expect(errorEnvelope(new NotFoundError('x'), { requestId: REQUEST_ID, lang: 'en' }).error.message).toBe(
      DEFAULT_MESSAGES.NOT_FOUND.en,
    );
  });

  it.each([
    new InternalError('db password=hunter2 at 10.0.0.5', {
      details: [{ field: 'secret_field', message: 'stack trace here' }],
      text: { zh: '内部细节 hunter2', en: 'internal detail hunter2' },
    }),
    new DependencyFailedError('qdrant timeout at http://10.0.0.7:6333 hunter2'),
    new ProcessingFailedError('step function arn:aws:states:... hunter2'),
    toAppError(new Error('TypeError: hunter2 is undefined')),
  ])('hides everything internal for a system fault ($code)', (err) => {
    for (const lang of ['zh', 'en'] as const) {
      const envelope = errorEnvelope(err, { requestId: REQUEST_ID, lang, now: NOW });
      expect(envelope.error.code).toBe(err.code);
      expect(envelope.error.message).toBe(DEFAULT_MESSAGES[err.code][lang]);
      expect(envelope.error.details).toEqual([]);
      const text = JSON.stringify(toWire(ErrorEnvelope, envelope));
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('secret_field');
      expect(text).not.toContain(err.message);
    }
  });

  it('turns a parseWire failure into details with wire paths', () => {
    let caught: unknown;
    try {
      parseWire(TravelPlan, {});
    } catch (err) {
      caught = err;
    }
    const envelope = errorEnvelope(toAppError(caught), { requestId: REQUEST_ID, lang: 'en', now: NOW });
    const fields = envelope.error.details.map((d) => d.field);
    expect(fields).toContain('user_id');
    expect(fields).toContain('budget_breakdown');
    expect(fields).toContain('start_date');
    expect(fields.every((f) => !/[A-Z]/.test(f))).toBe(true);
  });

  it('does not share the error’s details array', () => {
    const err = new ValidationError('x', { details: [{ field: 'a', message: 'b' }] });
    const envelope = errorEnvelope(err, { requestId: REQUEST_ID, lang: 'en' });
    envelope.error.details.push({ field: 'c', message: 'd' });
    expect(err.details).toHaveLength(1);
  });
});

describe('request ids', () => {
  it('are req_ plus 16 lower-case hex digits', () => {
    for (let i = 0; i < 50; i++) {
      const id = newRequestId();
      expect(id).toMatch(/^req_[0-9a-f]{16}$/);
      expect(RequestId.safeParse(id).success).toBe(true);
    }
  });

  it('are unique', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newRequestId()));
    expect(ids.size).toBe(1000);
  });

  it('RequestId rejects other shapes', () => {
    for (const bad of [
      'req_1234567890ABCDEF',
      'req_123',
      'request_1234567890abcdef',
      '1234567890abcdef',
      '',
    ]) {
      expect(RequestId.safeParse(bad).success, bad).toBe(false);
    }
  });
});
