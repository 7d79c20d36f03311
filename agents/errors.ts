/**
 * Typed error hierarchy shared by every layer.
 *
 * Two families: {@link UserFaultError} (the caller can fix it; mapped to a 4xx with the seed's
 * error envelope, including field details) and {@link SystemFaultError} (our fault; mapped to a
 * generic 5xx whose body never carries internals — details go to the logs only).
 * Codes are stable strings that clients may switch on.
 */

/** Stable error codes. Never rename one: clients depend on them. */
export const ERROR_CODES = [
  'VALIDATION_ERROR',
  'AUTH_FAILED',
  'TOKEN_EXPIRED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'PROCESSING_FAILED',
  'DEPENDENCY_FAILED',
  'INTERNAL_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One field-level problem, as in the seed's `error.details[]`. */
export interface ErrorDetail {
  /** Wire-format (snake_case) path of the field, dotted, array indices as numbers: `destinations.0.arrival_date`. */
  field: string;
  message: string;
}

/** A message in both languages the product speaks. */
export interface LocalizedText {
  zh: string;
  en: string;
}

/** Default user-facing messages per code, used when an error carries no message of its own. */
export const DEFAULT_MESSAGES: Record<ErrorCode, LocalizedText> = {
  VALIDATION_ERROR: { zh: '请求参数验证失败', en: 'Request validation failed' },
  AUTH_FAILED: { zh: '认证失败', en: 'Authentication failed' },
  TOKEN_EXPIRED: { zh: '登录已过期，请重新登录', en: 'The session has expired; please sign in again' },
  FORBIDDEN: { zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND: { zh: '资源不存在', en: 'The resource was not found' },
  CONFLICT: {
    zh: '资源状态冲突，请刷新后重试',
    en: 'The resource changed or already exists; refresh and retry',
  },
  PAYLOAD_TOO_LARGE: { zh: '请求内容过大', en: 'The request body is too large' },
  RATE_LIMITED: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  PROCESSING_FAILED: { zh: '处理失败，请稍后重试', en: 'Processing failed; please retry later' },
  DEPENDENCY_FAILED: { zh: '依赖服务暂时不可用', en: 'A service we depend on is temporarily unavailable' },
  INTERNAL_ERROR: { zh: '服务器内部错误', en: 'Internal server error' },
};

export interface AppErrorOptions {
  /** Field-level details (user faults only; never shown for system faults). */
  details?: ErrorDetail[];
  /** Bilingual message overriding the code's default. */
  text?: LocalizedText;
  /** Underlying cause, for logs only. */
  cause?: unknown;
  /** Extra machine-readable context for logs (and for some user faults, e.g. the current version). */
  context?: Record<string, unknown>;
}

/** Base of every error this codebase throws on purpose. */
export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly httpStatus: number;
  abstract readonly fault: 'user' | 'system';
  readonly details: ErrorDetail[];
  readonly text: LocalizedText | undefined;
  readonly context: Record<string, unknown>;

  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = options.details ?? [];
    this.text = options.text;
    this.context = options.context ?? {};
  }

  /** The user-facing message in the requested language. */
  localizedMessage(lang: 'zh' | 'en'): string {
    return (this.text ?? DEFAULT_MESSAGES[this.code])[lang];
  }
}

/** The caller can fix it: 4xx, safe to show with details. */
export abstract class UserFaultError extends AppError {
  readonly fault = 'user' as const;
}

/** Our fault or a dependency's: 5xx, shown generically. */
export abstract class SystemFaultError extends AppError {
  readonly fault = 'system' as const;
}

export class ValidationError extends UserFaultError {
  readonly code = 'VALIDATION_ERROR' as const;
  readonly httpStatus = 400;
}

export class AuthFailedError extends UserFaultError {
  readonly code = 'AUTH_FAILED' as const;
  readonly httpStatus = 401;
}

export class TokenExpiredError extends UserFaultError {
  readonly code = 'TOKEN_EXPIRED' as const;
  readonly httpStatus = 401;
}

export class ForbiddenError extends UserFaultError {
  readonly code = 'FORBIDDEN' as const;
  readonly httpStatus = 403;
}

export class NotFoundError extends UserFaultError {
  readonly code = 'NOT_FOUND' as const;
  readonly httpStatus = 404;
}

export class ConflictError extends UserFaultError {
  readonly code = 'CONFLICT' as const;
  readonly httpStatus = 409;
}

export class PayloadTooLargeError extends UserFaultError {
  readonly code = 'PAYLOAD_TOO_LARGE' as const;
  readonly httpStatus = 413;
}

export class RateLimitedError extends UserFaultError {
  readonly code = 'RATE_LIMITED' as const;
  readonly httpStatus = 429;
  /** Seconds the caller should wait (sent as Retry-After). */
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number, options: AppErrorOptions = {}) {
    super(message, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class ProcessingFailedError extends SystemFaultError {
  readonly code = 'PROCESSING_FAILED' as const;
  readonly httpStatus = 500;
}

export class DependencyFailedError extends SystemFaultError {
  readonly code = 'DEPENDENCY_FAILED' as const;
  readonly httpStatus = 503;
}

export class InternalError extends SystemFaultError {
  readonly code = 'INTERNAL_ERROR' as const;
  readonly httpStatus = 500;
}

/** Wraps anything thrown into an AppError; unknown errors become INTERNAL_ERROR (message kept for logs only). */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new InternalError('Unexpected error', { cause: err });
}
