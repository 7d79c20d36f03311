/**
 * A generic OAuth 2.0 / OpenID Connect relying party for the authorization-code flow with PKCE
 * (RFC 7636, S256 only), configured per provider (auth-config.ts).
 *
 * - Discovery: `<issuer>/.well-known/openid-configuration`, whose `issuer` must equal the
 *   configured one exactly (mix-up protection); cached per process for an hour.
 * - Endpoints must be https, except on loopback (local providers and tests).
 * - The code is exchanged with the stored code_verifier and the redirect URI it was issued for.
 * - The ID token is verified with jose against the provider's JWKS: asymmetric algorithms only
 *   (never `none`, never HMAC with a public key), issuer, audience = our client id (and `azp`
 *   when there are several audiences), expiry with a small tolerance, issued recently, and the
 *   nonce the start step stored.
 * - Claims missing from the ID token (many providers put e-mail only in UserInfo for the code
 *   flow) come from the UserInfo endpoint, whose `sub` must equal the ID token's.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type RemoteJWKSet } from 'jose';
import { z } from 'zod';
import { AuthFailedError, DependencyFailedError } from '../../../agents/errors.js';
import type { OAuthProviderConfig } from './auth-config.js';

const HTTP_TIMEOUT_MS = 5_000;
const METADATA_TTL_MS = 3600_000;
/** ID tokens older than this are refused (the code was just exchanged; it must be fresh). */
const ID_TOKEN_MAX_AGE_SECONDS = 600;
const CLOCK_TOLERANCE_SECONDS = 60;
const ASYMMETRIC_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

const Metadata = z.object({
  issuer: z.string(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  userinfo_endpoint: z.url().optional(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
  id_token_signing_alg_values_supported: z.array(z.string()).optional(),
});
type Metadata = z.infer<typeof Metadata>;

const TokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  id_token: z.string().min(1),
});

/** The identity a provider vouched for. */
export interface ExternalIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  preferredUsername: string | null;
}

/** A PKCE verifier (43 base64url characters, 256 bits) and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}

/** `BASE64URL(SHA256(verifier))` (RFC 7636 §4.2). */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/** Refuses plain-http endpoints except on loopback. */
export function assertSafeEndpoint(raw: string, what: string): URL {
  const url = new URL(raw);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url))) return url;
  throw new DependencyFailedError(`OAuth ${what} must use https`, { context: { what } });
}

async function fetchJson(
  url: URL,
  init: RequestInit,
  what: string,
): Promise<{ status: number; body: unknown }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
  } catch (err) {
    throw new DependencyFailedError(`OAuth ${what} unreachable`, { cause: err, context: { what } });
  }
  const text = await res.text();
  try {
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  } catch (err) {
    throw new DependencyFailedError(`OAuth ${what} answered non-JSON`, {
      cause: err,
      context: { what, status: res.status },
    });
  }
}

function claimString(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

export class OidcClient {
  readonly name: string;
  readonly config: OAuthProviderConfig;
  #metadata: { value: Metadata; at: number } | null = null;
  #jwks: RemoteJWKSet | null = null;

  constructor(name: string, config: OAuthProviderConfig) {
    this.name = name;
    this.config = config;
  }

  /** The redirect URIs a start request may use (the default first). */
  get redirectUris(): string[] {
    return [this.config.redirectUri, ...this.config.redirectUris];
  }

  async metadata(): Promise<Metadata> {
    if (this.#metadata && Date.now() - this.#metadata.at < METADATA_TTL_MS) return this.#metadata.value;
    const c = this.config;
    let value: Metadata;
    if (c.authorizationEndpoint && c.tokenEndpoint && c.jwksUri) {
      value = {
        issuer: c.issuer,
        authorization_endpoint: c.authorizationEndpoint,
        token_endpoint: c.tokenEndpoint,
        jwks_uri: c.jwksUri,
        ...(c.userinfoEndpoint ? { userinfo_endpoint: c.userinfoEndpoint } : {}),
      };
    } else {
      const url = assertSafeEndpoint(
        c.discoveryUrl ?? `${c.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
        'discovery',
      );
      const { status, body } = await fetchJson(url, { headers: { accept: 'application/json' } }, 'discovery');
      const parsed = Metadata.safeParse(body);
      if (status !== 200 || !parsed.success) {
        throw new DependencyFailedError('OAuth discovery document unusable', {
          context: { provider: this.name, status },
        });
      }
      value = parsed.data;
      if (value.issuer !== c.issuer) {
        throw new DependencyFailedError('OAuth discovery issuer mismatch', {
          context: { provider: this.name, expected: c.issuer, got: value.issuer },
        });
      }
    }
    if (value.code_challenge_methods_supported && !value.code_challenge_methods_supported.includes('S256')) {
      throw new DependencyFailedError('OAuth provider lacks PKCE S256', { context: { provider: this.name } });
    }
    for (const [what, u] of [
      ['authorization endpoint', value.authorization_endpoint],
      ['token endpoint', value.token_endpoint],
      ['jwks', value.jwks_uri],
      ...(value.userinfo_endpoint ? [['userinfo endpoint', value.userinfo_endpoint]] : []),
    ] as const) {
      assertSafeEndpoint(u, what);
    }
    this.#metadata = { value, at: Date.now() };
    if (!this.#jwks)
      this.#jwks = createRemoteJWKSet(new URL(value.jwks_uri), { timeoutDuration: HTTP_TIMEOUT_MS });
    return value;
  }

  /** The URL to send the browser to. */
  async authorizationUrl(p: { state: string; nonce: string; challenge: string; redirectUri: string }) {
    const m = await this.metadata();
    const url = new URL(m.authorization_endpoint);
    const params: Record<string, string> = {
      ...this.config.extraAuthParams,
      response_type: 'code',
      client_id: this.config.clientId,
      redirect_uri: p.redirectUri,
      scope: this.config.scopes.join(' '),
      state: p.state,
      nonce: p.nonce,
      code_challenge: p.challenge,
      code_challenge_method: 'S256',
    };
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url.toString();
  }

  #authMethod(): 'client_secret_basic' | 'client_secret_post' | 'none' {
    return this.config.tokenEndpointAuthMethod ?? (this.config.clientSecret ? 'client_secret_basic' : 'none');
  }

  /** Exchanges the code (with the PKCE verifier) and returns the verified identity. */
  async exchange(p: {
    code: string;
    codeVerifier: string;
    redirectUri: string;
    nonce: string;
  }): Promise<ExternalIdentity> {
    const m = await this.metadata();
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code: p.code,
      redirect_uri: p.redirectUri,
      code_verifier: p.codeVerifier,
    });
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    const method = this.#authMethod();
    if (method === 'client_secret_basic') {
      // RFC 6749 §2.3.1: each part form-urlencoded before base64.
      const id = encodeURIComponent(this.config.clientId);
      const secret = encodeURIComponent(this.config.clientSecret ?? '');
      headers['authorization'] = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
    } else {
      form.set('client_id', this.config.clientId);
      if (method === 'client_secret_post') form.set('client_secret', this.config.clientSecret ?? '');
    }
    const { status, body } = await fetchJson(
      assertSafeEndpoint(m.token_endpoint, 'token endpoint'),
      { method: 'POST', headers, body: form.toString() },
      'token endpoint',
    );
    if (status >= 500) {
      throw new DependencyFailedError('OAuth token endpoint failed', {
        context: { provider: this.name, status },
      });
    }
    const tokens = TokenResponse.safeParse(body);
    if (status !== 200 || !tokens.success) {
      const error = (body as { error?: unknown } | null)?.error;
      throw new AuthFailedError('Provider refused the authorization code', {
        context: { provider: this.name, status, error: typeof error === 'string' ? error : undefined },
      });
    }
    const claims = await this.#verifyIdToken(tokens.data.id_token, p.nonce, m);
    let email = claimString(claims['email']);
    let emailVerified = claims['email_verified'] === true;
    let name = claimString(claims['name']);
    let preferredUsername = claimString(claims['preferred_username']);
    if (!email && m.userinfo_endpoint) {
      const info = await this.#userinfo(m.userinfo_endpoint, tokens.data.access_token);
      if (info['sub'] !== claims.sub) {
        throw new AuthFailedError('UserInfo subject differs from the ID token', {
          context: { provider: this.name },
        });
      }
      email = claimString(info['email']);
      emailVerified = info['email_verified'] === true;
      name ??= claimString(info['name']);
      preferredUsername ??= claimString(info['preferred_username']);
    }
    return {
      issuer: this.config.issuer,
      subject: claims.sub!,
      email: email ? email.trim().toLowerCase() : null,
      emailVerified,
      name,
      preferredUsername,
    };
  }

  async #verifyIdToken(idToken: string, nonce: string, m: Metadata): Promise<JWTPayload> {
    const offered = m.id_token_signing_alg_values_supported ?? ['RS256'];
    const algorithms = offered.filter((a) => ASYMMETRIC_ALGS.includes(a));
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, this.#jwks!, {
        algorithms: algorithms.length ? algorithms : ['RS256'],
        issuer: this.config.issuer,
        audience: this.config.clientId,
        requiredClaims: ['sub', 'iat', 'exp'],
        maxTokenAge: ID_TOKEN_MAX_AGE_SECONDS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (err) {
      throw new AuthFailedError('ID token rejected', { cause: err, context: { provider: this.name } });
    }
    if (payload['nonce'] !== nonce) {
      throw new AuthFailedError('ID token nonce mismatch', { context: { provider: this.name } });
    }
    if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload['azp'] !== this.config.clientId) {
      throw new AuthFailedError('ID token azp mismatch', { context: { provider: this.name } });
    }
    return payload;
  }

  async #userinfo(endpoint: string, accessToken: string): Promise<Record<string, unknown>> {
    const { status, body } = await fetchJson(
      assertSafeEndpoint(endpoint, 'userinfo endpoint'),
      { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } },
      'userinfo endpoint',
    );
    if (status !== 200 || !body || typeof body !== 'object') {
      throw new DependencyFailedError('OAuth userinfo failed', { context: { provider: this.name, status } });
    }
    return body as Record<string, unknown>;
  }
}

const clients = new Map<string, OidcClient>();

/** The client of a configured provider (reused while its configuration is unchanged), or null. */
export function oidcClient(name: string, providers: Record<string, OAuthProviderConfig>): OidcClient | null {
  const config = Object.hasOwn(providers, name) ? providers[name] : undefined;
  if (!config) return null;
  const cacheKey = `${name}\n${JSON.stringify(config)}`;
  let client = clients.get(cacheKey);
  if (!client) {
    client = new OidcClient(name, config);
    clients.set(cacheKey, client);
  }
  return client;
}
