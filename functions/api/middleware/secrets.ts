/** Signing keys from Secrets Manager in AWS, once per cold start (functions/edge/secrets.ts). */
import { resolveSecrets } from '../../edge/secrets.js';
import type { ApiMiddleware } from './state.js';

export function secretsMiddleware(): ApiMiddleware {
  return { before: () => resolveSecrets() };
}
