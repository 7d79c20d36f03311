/**
 * Request and response schemas per operation, attached to the route table. One zod schema per
 * contract: the same schema validates the request in the handler and describes it in the OpenAPI
 * document (and, for the MCP server, the tool input).
 */
import { z } from 'zod';
import { ROUTE_LIST, type RouteDef } from './routes.js';

type Schemas = Pick<RouteDef, 'body' | 'query' | 'response'>;

const Password = z
  .string()
  .min(8, 'at least 8 characters')
  .max(128)
  .refine((p) => /[a-z]/i.test(p) && /\d/.test(p), 'must contain letters and digits');

/** Schemas by operation id. Operations without an entry take no body and no query. */
export const SCHEMAS: Record<string, Schemas> = {
  register: {
    body: z.object({
      username: z
        .string()
        .min(3)
        .max(50)
        .regex(/^[\w.-]+$/, 'letters, digits, _ . - only'),
      email: z.email(),
      password: Password,
      phone: z
        .string()
        .regex(/^\+?[\d-]{6,20}$/)
        .nullish(),
      verificationCode: z.string().max(16).nullish(),
    }),
  },
  login: {
    body: z.object({
      email: z.email(),
      password: z.string().min(1).max(128),
      rememberMe: z.boolean().default(false),
    }),
  },
  refresh: { body: z.object({ refreshToken: z.string().min(20).max(512) }) },
  logout: { body: z.object({ refreshToken: z.string().min(20).max(512).nullish() }).default({}) },
  oauthCallback: {
    body: z.object({
      code: z.string().min(1).max(2048),
      state: z.string().min(8).max(512),
      redirectUri: z.url().nullish(),
    }),
  },
};

/** The route table with its schemas: what handlers, the local gateway, CDK and OpenAPI use. */
export const ROUTES: RouteDef[] = ROUTE_LIST.map((r) => ({ ...r, ...(SCHEMAS[r.operation] ?? {}) }));
