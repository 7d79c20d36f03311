/**
 * Wires every DynamoDB repository to one injected document client, table name and cursor secret.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  AgentSessionRepository,
  ConnectionRepository,
  ConversationRepository,
  IdempotencyRepository,
  PlanRepository,
  ReplyChunkRepository,
  UserRepository,
} from '../../agents/ports/repositories.js';
import type {
  AuthSessionRepository,
  CounterRepository,
  CredentialRepository,
  OAuthStateRepository,
} from '../../agents/ports/auth.js';
import { DynamoAuthSessionRepository } from './auth-session-repository.js';
import { DynamoCounterRepository } from './counter-repository.js';
import { DynamoCredentialRepository } from './credential-repository.js';
import { DynamoOAuthStateRepository } from './oauth-state-repository.js';
import { DynamoAgentSessionRepository } from './agent-session-repository.js';
import { DynamoConnectionRepository } from './connection-repository.js';
import { DynamoConversationRepository } from './conversation-repository.js';
import { CursorCodec } from './cursor.js';
import { DynamoIdempotencyRepository } from './idempotency-repository.js';
import { DynamoPlanRepository } from './plan-repository.js';
import { DynamoPlanRevisionRepository } from './plan-revision-repository.js';
import type { PlanRevisionStore } from '../../agents/conversation/conversation-tools.js';
import { DynamoReplyChunkRepository } from './reply-chunk-repository.js';
import { DynamoUserRepository } from './user-repository.js';

export interface Repositories {
  users: UserRepository;
  plans: PlanRepository;
  conversations: ConversationRepository;
  sessions: AgentSessionRepository;
  connections: ConnectionRepository;
  idempotency: IdempotencyRepository;
  /** Role and password hash per user (never part of a user read). */
  credentials: CredentialRepository;
  /** Login sessions (refresh-token families) and hashed refresh tokens. */
  authSessions: AuthSessionRepository;
  /** Rate-limit windows and login-failure counters. */
  counters: CounterRepository;
  /** OAuth authorization-code flows in progress (PKCE verifier, nonce). */
  oauthStates: OAuthStateRepository;
  /** Earlier plan versions (chat undo). */
  planRevisions: PlanRevisionStore;
  /** Chunks of replies while they stream (resume across connections and instances). */
  replyChunks: ReplyChunkRepository;
}

export interface RepositoriesConfig {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** HMAC secret for pagination cursors (>= 16 bytes); from Secrets Manager/SSM in AWS. */
  cursorSecret: string;
  now?: () => Date;
}

export function createRepositories(config: RepositoriesConfig): Repositories {
  const options = {
    client: config.client,
    tableName: config.tableName,
    cursors: new CursorCodec(config.cursorSecret),
    ...(config.now ? { now: config.now } : {}),
  };
  return {
    users: new DynamoUserRepository(options),
    plans: new DynamoPlanRepository(options),
    conversations: new DynamoConversationRepository(options),
    sessions: new DynamoAgentSessionRepository(options),
    connections: new DynamoConnectionRepository(options),
    idempotency: new DynamoIdempotencyRepository(options),
    credentials: new DynamoCredentialRepository(options),
    authSessions: new DynamoAuthSessionRepository(options),
    counters: new DynamoCounterRepository(options),
    oauthStates: new DynamoOAuthStateRepository(options),
    planRevisions: new DynamoPlanRevisionRepository(options),
    replyChunks: new DynamoReplyChunkRepository(options),
  };
}
