/**
 * Authentication settings, read from the environment once per runtime and validated (fail fast),
 * beside the shared API configuration (config.ts holds the token TTLs and the request rate).
 *
 * OAuth2/OIDC providers come from `OAUTH_PROVIDERS`, a JSON object keyed by provider name:
 *   {"google": {"issuer": "https://accounts.google.com", "clientId": "...", "clientSecret": "...",
 *               "redirectUri": "https://app.example.com/oauth/callback", "scopes": ["openid", "email"]}}
 * or from a config object given to {@link configureOAuthProviders} (which wins over the variable).
 * In AWS the client secrets belong in Secrets Manager; the stack resolves them into this variable.
 */
import { z } from 'zod';

const ProviderName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'lower-case name, up to 32 characters');

/** One OAuth2/OIDC provider. Endpoints come from discovery unless all of them are given. */
export const OAuthProviderConfig = z.object({
  /** Issuer identifier; the discovery document and every ID token must name exactly this issuer. */
  issuer: z.url(),
  /** Discovery document; default `<issuer>/.well-known/openid-configuration`. */
  discoveryUrl: z.url().optional(),
  clientId: z.string().min(1),
  /** Absent for a public client (PKCE only, token endpoint auth `none`). */
  clientSecret: z.string().min(1).optional(),
  tokenEndpointAuthMethod: z.enum(['client_secret_basic', 'client_secret_post', 'none']).optional(),
  /** Where the provider sends the browser back (the front end, which then calls our callback). */
  redirectUri: z.url(),
  /** Further redirect URIs a start request may ask for. */
  redirectUris: z.array(z.url()).default([]),
  scopes: z.array(z.string().min(1)).default(['openid', 'email', 'profile']),
  /** Link a first sign-in to an existing account with the same e-mail when the provider verified it. */
  linkByEmail: z.boolean().default(true),
  /** Endpoints, for providers without discovery (all of the first three together). */
  authorizationEndpoint: z.url().optional(),
  tokenEndpoint: z.url().optional(),
  jwksUri: z.url().optional(),
  userinfoEndpoint: z.url().optional(),
  /** Extra authorization request parameters (e.g. `prompt`, `hd`). */
  extraAuthParams: z.record(z.string(), z.string()).default({}),
});
export type OAuthProviderConfig = z.infer<typeof OAuthProviderConfig>;
export type OAuthProviderInput = z.input<typeof OAuthProviderConfig>;

const OAuthProviders = z.record(ProviderName, OAuthProviderConfig);

const AuthConfigSchema = z.object({
  /** Refresh-session lifetime without remember_me; with it, REFRESH_TOKEN_TTL_SECONDS (config.ts). */
  SESSION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(300)
    .default(24 * 3600),
  /** Consecutive failures per account before logins to it are refused for a while. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  /** The same per client IP address (higher: many people can share one address). */
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(10_000).default(50),
  LOGIN_BACKOFF_BASE_SECONDS: z.coerce.number().int().min(1).default(30),
  LOGIN_BACKOFF_MAX_SECONDS: z.coerce.number().int().min(1).default(3600),
  /** Failures are forgotten this long after the last one. */
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(60).default(3600),
  /** scrypt cost as log2(N): 15 = 32 MiB per hash with r = 8. */
  PASSWORD_SCRYPT_LOG_N: z.coerce.number().int().min(14).max(20).default(15),
  OAUTH_STATE_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(600),
  OAUTH_PROVIDERS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (!text) return {};
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(OAuthProviders),
});
export type AuthConfig = z.infer<typeof AuthConfigSchema>;

let providersOverride: Record<string, OAuthProviderConfig> | null = null;

/** Sets the OAuth providers from a config object (instead of `OAUTH_PROVIDERS`); null to go back to the variable. */
export function configureOAuthProviders(providers: Record<string, OAuthProviderInput> | null): void {
  providersOverride = providers === null ? null : OAuthProviders.parse(providers);
}

/** Reads and validates the authentication settings; throws naming every bad variable. */
export function readAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const parsed = AuthConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid auth configuration: ${problems}`);
  }
  return providersOverride ? { ...parsed.data, OAUTH_PROVIDERS: providersOverride } : parsed.data;
}
