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
  UserRepository,
} from '../../agents/ports/repositories.js';
import { DynamoAgentSessionRepository } from './agent-session-repository.js';
import { DynamoConnectionRepository } from './connection-repository.js';
import { DynamoConversationRepository } from './conversation-repository.js';
import { CursorCodec } from './cursor.js';
import { DynamoIdempotencyRepository } from './idempotency-repository.js';
import { DynamoPlanRepository } from './plan-repository.js';
import { DynamoUserRepository } from './user-repository.js';

export interface Repositories {
  users: UserRepository;
  plans: PlanRepository;
  conversations: ConversationRepository;
  sessions: AgentSessionRepository;
  connections: ConnectionRepository;
  idempotency: IdempotencyRepository;
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
  };
}
