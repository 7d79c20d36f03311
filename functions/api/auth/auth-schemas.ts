/**
 * Request and response schemas of the auth routes (attached to the route table by
 * route-schemas.ts). Domain camelCase; the wire is snake_case.
 */
import { z } from 'zod';
import { passwordProblems } from '../../../agents/auth/password-policy.js';
import { User } from '../../../agents/schemas/user.js';

/** 8..128 characters with letters and digits; the register body adds the policy checks. */
export const Password = z
  .string()
  .min(8, 'at least 8 characters / 至少8个字符')
  .max(128)
  .refine((p) => /\p{L}/u.test(p) && /\p{Nd}/u.test(p), 'must contain letters and digits / 须包含字母和数字');

const Email = z.email().max(254);
const RefreshToken = z.string().min(20).max(512);

export const RegisterBody = z
  .object({
    username: z
      .string()
      .min(3)
      .max(50)
      .regex(/^[\w.-]+$/, 'letters, digits, _ . - only'),
    email: Email,
    password: Password,
    phone: z
      .string()
      .regex(/^\+?[\d-]{6,20}$/)
      .nullish(),
    /** Accepted for the seed's shape; no SMS/e-mail code is sent yet, so it is not checked. */
    verificationCode: z.string().max(16).nullish(),
  })
  .superRefine((b, ctx) => {
    if (typeof b.password !== 'string') return;
    for (const message of passwordProblems(b.password, { username: b.username, email: b.email }))
      ctx.addIssue({ code: 'custom', path: ['password'], message });
  });

export const LoginBody = z.object({
  email: Email,
  password: z.string().min(1).max(128),
  rememberMe: z.boolean().default(false),
});

export const RefreshBody = z.object({ refreshToken: RefreshToken });

/** Optional body: the handler parses it, so a bare `POST /v1/auth/logout` works. */
export const LogoutBody = z.object({ refreshToken: RefreshToken.nullish() });

/** Optional body of the start step (parsed by the handler, like logout's). */
export const OAuthStartBody = z.object({
  /** One of the provider's registered redirect URIs; default the first. */
  redirectUri: z.url().nullish(),
});

export const OAuthCallbackBody = z.object({
  code: z.string().min(1).max(2048),
  state: z.string().min(8).max(512),
  /** When given, must equal the start request's redirect URI. */
  redirectUri: z.url().nullish(),
  /** The authorization response's `iss` (RFC 9207), when the provider sends one. */
  iss: z.url().nullish(),
});

/** Tokens and the account (never a credential) after register, login, refresh or OAuth sign-in. */
export const TokenGrantView = z.object({
  user: User,
  accessToken: z.string(),
  refreshToken: z.string(),
  tokenType: z.literal('Bearer'),
  /** Access-token lifetime, seconds. */
  expiresIn: z.number().int(),
  /** Refresh-token (session) lifetime, seconds. */
  refreshExpiresIn: z.number().int(),
});

export const LogoutView = z.object({ revoked: z.boolean() });

export const OAuthStartView = z.object({
  provider: z.string(),
  /** Where to send the browser. */
  authorizationUrl: z.url(),
  /** The `state` value; the front end checks that the redirect carries it back. */
  state: z.string(),
  /** Seconds the flow stays valid. */
  expiresIn: z.number().int(),
});
