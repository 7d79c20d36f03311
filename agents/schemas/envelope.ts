/**
 * The seed's REST response envelopes ("REST API 接口规范 / 1. 基础架构"):
 *
 * - success: `{success: true, data, message, code: "SUCCESS", timestamp, request_id}`
 * - error:   `{success: false, error: {code, message, details: [{field, message}]}, timestamp, request_id}`
 *
 * As everywhere else, the schemas and builders are camelCase (`requestId`) and wire.ts produces the
 * wire form, converting the envelope and its `data` in one pass:
 *
 * ```ts
 * const body = toWire(SuccessEnvelope(TravelPlan), successEnvelope(plan, { requestId }));
 * const errorBody = toWire(ErrorEnvelope, errorEnvelope(err, { requestId, lang: 'zh' }));
 * ```
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_MESSAGES, ERROR_CODES, type AppError } from '../errors.js';
import { IsoDateTime } from './common.js';
import type { Lang } from './wire.js';

/** A request id: `req_` and 16 lower-case hex digits, as in the seed (`req_1234567890abcdef`). */
export const RequestId = z
  .string()
  .regex(/^req_[0-9a-f]{16}$/, 'must be req_ followed by 16 lower-case hex digits');
export type RequestId = z.infer<typeof RequestId>;

/** A fresh random request id (64 bits from node:crypto). */
export function newRequestId(): RequestId {
  return `req_${randomBytes(8).toString('hex')}`;
}

/** The seed's default success message. */
export const DEFAULT_SUCCESS_MESSAGE = '操作成功';

/** Schema of a success envelope carrying `data` of the given schema. */
export function SuccessEnvelope<T extends z.ZodType>(data: T) {
  return z.object({
    success: z.literal(true),
    data,
    message: z.string(),
    code: z.literal('SUCCESS'),
    timestamp: IsoDateTime,
    requestId: RequestId,
  });
}
export type SuccessEnvelope<T = unknown> = {
  success: true;
  data: T;
  message: string;
  code: 'SUCCESS';
  timestamp: string;
  requestId: string;
};

/** One field-level problem in an error envelope; `field` is already a wire (snake_case) path. */
export const ErrorDetail = z.object({
  field: z.string().min(1),
  message: z.string(),
});
export type ErrorDetail = z.infer<typeof ErrorDetail>;

/** Schema of the seed's error envelope; `error.code` is one of the stable {@link ERROR_CODES}. */
export const ErrorEnvelope = z.object({
  success: z.literal(false),
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.array(ErrorDetail),
  }),
  timestamp: IsoDateTime,
  requestId: RequestId,
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

/** Clock input for the builders: a Date or epoch milliseconds; defaults to now. */
type Now = Date | number;

function isoTimestamp(now: Now | undefined): string {
  return new Date(now ?? Date.now()).toISOString();
}

/**
 * Builds a success envelope around `data` (camelCase; convert it with
 * `toWire(SuccessEnvelope(schema), envelope)`). Pure apart from the default clock.
 */
export function successEnvelope<T>(
  data: T,
  options: { requestId: string; message?: string; now?: Now },
): SuccessEnvelope<T> {
  return {
    success: true,
    data,
    message: options.message ?? DEFAULT_SUCCESS_MESSAGE,
    code: 'SUCCESS',
    timestamp: isoTimestamp(options.now),
    requestId: options.requestId,
  };
}

/**
 * Builds the error envelope for an {@link AppError}. A user fault shows its localized message and
 * its field details; a system fault shows only the generic localized message for its code and no
 * details. `err.message` (internal, for logs) is never included.
 */
export function errorEnvelope(
  err: AppError,
  options: { requestId: string; lang: Lang; now?: Now },
): ErrorEnvelope {
  const isUserFault = err.fault === 'user';
  return {
    success: false,
    error: {
      code: err.code,
      message: isUserFault ? err.localizedMessage(options.lang) : DEFAULT_MESSAGES[err.code][options.lang],
      details: isUserFault ? err.details.map((d) => ({ field: d.field, message: d.message })) : [],
    },
    timestamp: isoTimestamp(options.now),
    requestId: options.requestId,
  };
}
