/**
 * The auth function: register, login, refresh, logout, and the OAuth2/OIDC start and callback.
 * Each operation is one call into functions/api/auth/service.ts; bodies are validated by the
 * pipeline against the contract table (logout's and oauthStart's may be left out).
 */
import { login, logout, oauthCallback, oauthStart, refresh, register, warmUp } from '../auth/service.js';
import { createFunctionHandler } from '../http.js';
import { getRuntime } from '../runtime.js';

export const handler = createFunctionHandler('auth', {
  register: async (req, rt) => ({ data: await register(rt, req.body, req.lang) }),
  login: async (req, rt) => ({ data: await login(rt, req.body, req.sourceIp) }),
  refresh: async (req, rt) => ({
    data: await refresh(rt, req.body.refreshToken),
  }),
  logout: async (req, rt) => {
    await logout(rt, req.auth, req.body.refreshToken);
    return { data: { revoked: true } };
  },
  oauthStart: async (req, rt) => {
    return { data: await oauthStart(rt, req.params.provider, req.body.redirectUri) };
  },
  oauthCallback: async (req, rt) => ({
    data: await oauthCallback(rt, req.params.provider, req.body),
  }),
});

// Compute the dummy password hash during the cold start, not during the first login.
try {
  warmUp(getRuntime());
} catch {
  // No configuration yet (a test imports the module first); the first login computes it.
}
