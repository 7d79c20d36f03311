/**
 * The auth function: register, login, refresh, logout, and the OAuth2/OIDC start and callback.
 * Each operation is one call into functions/api/auth/service.ts.
 */
import { parseWire } from '../../../agents/schemas/wire.js';
import { LogoutBody, OAuthStartBody } from '../auth/auth-schemas.js';
import {
  login,
  logout,
  oauthCallback,
  oauthStart,
  refresh,
  register,
  warmUp,
  type LoginInput,
  type OAuthCallbackInput,
  type RegisterInput,
} from '../auth/service.js';
import { createFunctionHandler } from '../http.js';
import { getRuntime } from '../runtime.js';

/** Optional JSON bodies: absent is `{}`. */
function optionalBody(body: unknown): unknown {
  return body === undefined || body === null ? {} : body;
}

export const handler = createFunctionHandler('auth', {
  register: async (req, rt) => ({ data: await register(rt, req.body as RegisterInput, req.lang) }),
  login: async (req, rt) => ({ data: await login(rt, req.body as LoginInput, req.sourceIp) }),
  refresh: async (req, rt) => ({
    data: await refresh(rt, (req.body as { refreshToken: string }).refreshToken),
  }),
  logout: async (req, rt) => {
    const body = parseWire(LogoutBody, optionalBody(req.body), req.lang);
    await logout(rt, req.auth!, body.refreshToken);
    return { data: { revoked: true } };
  },
  oauthStart: async (req, rt) => {
    const body = parseWire(OAuthStartBody, optionalBody(req.body), req.lang);
    return { data: await oauthStart(rt, req.params['provider']!, body.redirectUri) };
  },
  oauthCallback: async (req, rt) => ({
    data: await oauthCallback(rt, req.params['provider']!, req.body as OAuthCallbackInput),
  }),
});

// Compute the dummy password hash during the cold start, not during the first login.
try {
  warmUp(getRuntime());
} catch {
  // No configuration yet (a test imports the module first); the first login computes it.
}
