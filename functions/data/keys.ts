/**
 * Key layout of the single table. Every key string is built here and nowhere else; the access
 * patterns these keys serve are listed in docs/data-model.md.
 */

export const ENTITY = {
  user: 'USER',
  emailLock: 'EMAIL_LOCK',
  usernameLock: 'USERNAME_LOCK',
  plan: 'PLAN',
  conversation: 'CONVERSATION',
  message: 'MESSAGE',
  session: 'AGENT_SESSION',
  interaction: 'AGENT_INTERACTION',
  connection: 'CONNECTION',
  idempotency: 'IDEMPOTENCY',
  credential: 'CREDENTIAL',
  identity: 'IDENTITY',
  authSession: 'AUTH_SESSION',
  refreshToken: 'REFRESH_TOKEN',
  rateWindow: 'RATE_WINDOW',
  loginFailures: 'LOGIN_FAILURES',
  oauthState: 'OAUTH_STATE',
  shareLink: 'SHARE_LINK',
  planRevision: 'PLAN_REVISION',
} as const;

/** Attributes that belong to the table layout, not to the entity; stripped when reading. */
export const LAYOUT_ATTRIBUTES = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'entity',
  'expires_at',
] as const;

export const keys = {
  user: (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' }),
  emailLock: (email: string) => ({ pk: `EMAIL#${email.trim().toLowerCase()}`, sk: 'LOCK' }),
  usernameLock: (username: string) => ({ pk: `USERNAME#${username.trim().toLowerCase()}`, sk: 'LOCK' }),

  plan: (planId: string) => ({ pk: `PLAN#${planId}`, sk: 'PLAN' }),
  /** Plans of a user: gsi1 by created_at, gsi2 by updated_at, gsi3 per status by created_at. */
  planIndexes: (userId: string, planId: string, status: string, createdAt: string, updatedAt: string) => ({
    gsi1pk: `USER#${userId}#PLANS`,
    gsi1sk: `${createdAt}#${planId}`,
    gsi2pk: `USER#${userId}#PLANS`,
    gsi2sk: `${updatedAt}#${planId}`,
    gsi3pk: `USER#${userId}#PLANS#${status}`,
    gsi3sk: `${createdAt}#${planId}`,
  }),
  plansOfUser: (userId: string) => `USER#${userId}#PLANS`,
  plansOfUserWithStatus: (userId: string, status: string) => `USER#${userId}#PLANS#${status}`,

  conversation: (conversationId: string) => ({ pk: `CONV#${conversationId}`, sk: 'CONV' }),
  /** Conversations of a user by last activity (gsi1). */
  conversationIndexes: (userId: string, conversationId: string, lastActivityAt: string) => ({
    gsi1pk: `USER#${userId}#CONVS`,
    gsi1sk: `${lastActivityAt}#${conversationId}`,
  }),
  conversationsOfUser: (userId: string) => `USER#${userId}#CONVS`,
  /** Messages live in their own partition, sorted by their time-ordered (ULID) id. */
  messagePartition: (conversationId: string) => `CONV#${conversationId}#MSGS`,
  message: (conversationId: string, messageId: string) => ({
    pk: `CONV#${conversationId}#MSGS`,
    sk: `MSG#${messageId}`,
  }),
  messageSortKey: (messageId: string) => `MSG#${messageId}`,

  session: (sessionId: string) => ({ pk: `SESSION#${sessionId}`, sk: 'SESSION' }),
  sessionPartition: (sessionId: string) => `SESSION#${sessionId}`,
  sessionIndexes: (userId: string, sessionId: string, createdAt: string) => ({
    gsi1pk: `USER#${userId}#SESSIONS`,
    gsi1sk: `${createdAt}#${sessionId}`,
  }),
  sessionsOfUser: (userId: string) => `USER#${userId}#SESSIONS`,
  interaction: (sessionId: string, interactionId: string) => ({
    pk: `SESSION#${sessionId}`,
    sk: `IX#${interactionId}`,
  }),

  connection: (connectionId: string) => ({ pk: `CONN#${connectionId}`, sk: 'CONN' }),
  connectionIndexes: (userId: string, connectionId: string, connectedAt: string) => ({
    gsi1pk: `USER#${userId}#CONNS`,
    gsi1sk: `${connectedAt}#${connectionId}`,
  }),
  connectionsOfUser: (userId: string) => `USER#${userId}#CONNS`,

  idempotency: (scope: string, key: string) => ({ pk: `IDEMP#${scope}#${key}`, sk: 'IDEMP' }),

  /** A user's credential (role, password hash): in the user's partition, never in the profile item. */
  credential: (userId: string) => ({ pk: `USER#${userId}`, sk: 'CREDENTIAL' }),
  /** An external identity (OIDC issuer alias + subject) linked to a user. */
  identity: (provider: string, subject: string) => ({ pk: `IDENTITY#${provider}#${subject}`, sk: 'LINK' }),
  /** A login session = one refresh-token family; access tokens carry its id. */
  authSession: (sessionId: string) => ({ pk: `AUTHSESSION#${sessionId}`, sk: 'AUTHSESSION' }),
  /** A refresh token by the SHA-256 (hex) of its value. */
  refreshToken: (tokenHash: string) => ({ pk: `REFRESH#${tokenHash}`, sk: 'REFRESH' }),
  /** A fixed-window request counter: `key` is `ip:<address>` or `user:<id>`, window start in epoch seconds. */
  rateWindow: (key: string, windowStart: number) => ({ pk: `RATE#${key}#${windowStart}`, sk: 'RATE' }),
  /** Login failures under one key (`account:<sha256 of the e-mail>` or `ip:<address>`). */
  loginFailures: (key: string) => ({ pk: `LOGINFAIL#${key}`, sk: 'LOGINFAIL' }),
  /** An OAuth authorization-code flow in progress, by the SHA-256 of its `state`. */
  oauthState: (stateHash: string) => ({ pk: `OAUTHSTATE#${stateHash}`, sk: 'OAUTHSTATE' }),

  /** A plan's read-only share link: the token's lookup item holds the plan id. */
  shareLink: (token: string) => ({ pk: `SHARE#${token}`, sk: 'SHARE' }),

  /** An earlier version of a plan (what a chat "undo" restores), in its own partition per plan. */
  planRevision: (planId: string, version: number) => ({
    pk: `PLAN#${planId}#REVS`,
    sk: `REV#${String(version).padStart(8, '0')}`,
  }),
};
