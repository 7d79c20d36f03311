/**
 * Small helpers the REST handlers share: the caller's id, bilingual text, and the checks that turn
 * provider look-ups (cities, currencies) into field-level validation errors.
 */
import { AuthFailedError } from '../../../agents/errors.js';
import {
  assertKnownCurrency,
  convertOrNull,
  resolveCityOrFail,
  round2,
} from '../../../agents/search/lookups.js';
import type { Lang } from '../../../agents/schemas/wire.js';
import type { ApiRequest } from '../http.js';

/** The authenticated caller's user id (every `auth: 'user'` route has one). */
export function callerId(req: Pick<ApiRequest, 'auth'>): string {
  if (!req.auth) throw new AuthFailedError('Missing authentication');
  return req.auth.userId;
}

/** Picks the text of the request's language. */
export function say(lang: Lang, zh: string, en: string): string {
  return lang === 'zh' ? zh : en;
}

// Provider look-ups moved to agents/search/lookups.ts (the travel tools share them).
export { assertKnownCurrency, convertOrNull, resolveCityOrFail, round2 };
