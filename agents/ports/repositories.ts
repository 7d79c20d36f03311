/**
 * Repository ports: how the domain reads and writes its state. Implemented over DynamoDB in
 * functions/data (AWS and DynamoDB Local alike). Every method that can lose a write reports it:
 * a failed condition is a typed error (CONFLICT, NOT_FOUND), never a silent no-op.
 *
 * Methods taking a `userId` enforce ownership: another user's item behaves exactly like a missing
 * one (NOT_FOUND), so ids cannot be probed.
 */
import type { User } from '../schemas/user.js';
import type { PlanStatus, TravelPlan, TravelPlanListing } from '../schemas/travel-plan.js';
import type { Conversation, ConversationStatus, Message } from '../schemas/conversation.js';
import type { AgentInteraction, AgentSession, AgentType } from '../schemas/agent.js';

/** One page of results. `nextCursor` is opaque, bound to the query that produced it, and null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type SortOrder = 'asc' | 'desc';

export interface PageRequest {
  /** 1..100 */
  limit: number;
  /** A `nextCursor` from the previous page of the same query. */
  cursor?: string;
}

/** Users, with unique e-mail addresses (and usernames). */
export interface UserRepository {
  /** Creates the user; CONFLICT when the e-mail or username is taken (checked atomically). */
  create(user: User): Promise<User>;
  getById(userId: string): Promise<User | null>;
  /** Case-insensitive lookup. */
  getByEmail(email: string): Promise<User | null>;
  /** Applies changes to mutable fields and bumps `updated_at`; NOT_FOUND when the user does not exist. */
  update(userId: string, changes: UserChanges): Promise<User>;
  /** Moves the user to a new e-mail address atomically; CONFLICT when it is taken. */
  changeEmail(userId: string, newEmail: string): Promise<User>;
}

export type UserChanges = Partial<
  Pick<
    User,
    | 'phone'
    | 'avatarUrl'
    | 'preferences'
    | 'travelHistory'
    | 'loyaltyPrograms'
    | 'paymentMethods'
    | 'isVerified'
    | 'isPremium'
    | 'lastLogin'
  >
>;

export interface PlanListQuery extends PageRequest {
  userId: string;
  sortBy: 'created_at' | 'updated_at';
  order: SortOrder;
  status?: PlanStatus;
}

/** Travel plans with optimistic versioning. */
export interface PlanRepository {
  /** Stores a new plan (its `version` as given, normally 1); CONFLICT when the id exists. */
  create(plan: TravelPlan): Promise<TravelPlan>;
  /** The plan if it exists and belongs to `userId`, else null. */
  get(userId: string, planId: string): Promise<TravelPlan | null>;
  /** A plan by id regardless of owner (for share links and back-office work). */
  getAnyOwner(planId: string): Promise<TravelPlan | null>;
  /**
   * Replaces the plan if its stored version equals `expectedVersion`; the stored copy gets
   * `version = expectedVersion + 1` and a new `updated_at`. CONFLICT (with the current version in
   * the error context) on a mismatch, NOT_FOUND when missing or not the caller's.
   */
  save(userId: string, plan: TravelPlan, expectedVersion: number): Promise<TravelPlan>;
  /** Deletes the plan (optionally only at `expectedVersion`); NOT_FOUND / CONFLICT as for save. */
  delete(userId: string, planId: string, expectedVersion?: number): Promise<void>;
  list(query: PlanListQuery): Promise<Page<TravelPlan>>;
  /** The same page as {@link list}, reading only the fields a plan list shows. */
  listSummaries(query: PlanListQuery): Promise<Page<TravelPlanListing>>;
  count(userId: string, status?: PlanStatus): Promise<number>;
  /**
   * Gives the plan a read-only share token: sets `share_token` and `is_public` (a new version) and
   * writes the lookup item `SHARE#<token>` -> plan id, in one transaction. A plan that already has
   * a token keeps it (returned unchanged). NOT_FOUND when missing or not the caller's; CONFLICT
   * when the plan changed while sharing (retry).
   */
  share(userId: string, planId: string, token: string): Promise<TravelPlan>;
  /** The plan a share token points to, while the token is still that plan's; else null. */
  getByShareToken(token: string): Promise<TravelPlan | null>;
  /** Removes a share token's lookup item (after its plan is deleted); absent is fine. */
  deleteShareLink(token: string): Promise<void>;
}

export interface MessageListQuery extends PageRequest {
  userId: string;
  conversationId: string;
  /** Only messages older than this one (the seed's `before_message_id`). */
  beforeMessageId?: string;
  /** `desc` (newest first, the default for chat history) or `asc`. */
  order?: SortOrder;
}

export type ConversationChanges = Partial<
  Pick<Conversation, 'title' | 'status' | 'context' | 'metadata' | 'travelPlanId' | 'agentSessionId'>
>;

/** Conversations and their messages. */
export interface ConversationRepository {
  create(conversation: Conversation): Promise<Conversation>;
  get(userId: string, conversationId: string): Promise<Conversation | null>;
  update(userId: string, conversationId: string, changes: ConversationChanges): Promise<Conversation>;
  /** The user's conversations, most recently active first. */
  list(userId: string, page: PageRequest & { status?: ConversationStatus }): Promise<Page<Conversation>>;
  /**
   * Appends a message and updates the conversation's counters (message_count, total_tokens,
   * last_message_at) in one transaction. NOT_FOUND when the conversation is missing or not the
   * user's; CONFLICT when the message id exists.
   */
  appendMessage(userId: string, message: Message): Promise<Message>;
  listMessages(query: MessageListQuery): Promise<Page<Message>>;
  /** One message of the user's conversation, or null (missing, or not the user's conversation). */
  getMessage(userId: string, conversationId: string, messageId: string): Promise<Message | null>;
}

export type AgentSessionChanges = Partial<
  Pick<AgentSession, 'status' | 'currentTask' | 'activeAgents' | 'sharedContext'>
>;

/**
 * Agent sessions with per-agent progress and their interaction log. A session that has ended
 * (status completed, failed or cancelled) never changes again: a late write of a planner that
 * was cancelled cannot bring the session back.
 */
export interface AgentSessionRepository {
  create(session: AgentSession): Promise<AgentSession>;
  /** The session with its interactions, if it belongs to `userId`. */
  get(userId: string, sessionId: string): Promise<AgentSession | null>;
  /**
   * Applies changes and bumps `updated_at`. NOT_FOUND when the session does not exist; CONFLICT
   * (with the stored `status` in the error context) when it has already ended.
   */
  update(sessionId: string, changes: AgentSessionChanges): Promise<AgentSession>;
  /**
   * Cancels a running session: status `cancelled`, `shared_context.cancelled_at`, no active
   * agents, in one conditional write. An already cancelled session is returned unchanged
   * (idempotent); CONFLICT (with the stored `status` in the error context) when it completed or
   * failed; NOT_FOUND when missing or not the user's.
   */
  cancel(userId: string, sessionId: string): Promise<AgentSession>;
  /**
   * Sets one task's progress (0..100) without touching the others, so concurrent agents never
   * overwrite each other. Progress never moves backwards: a lower value than stored is ignored,
   * and so is any report on a session that has ended. True when the report was written.
   */
  setProgress(
    sessionId: string,
    task: string,
    progress: number,
    /** Also replaces `active_agents` in the same write (for a caller that reports in order). */
    activeAgents?: readonly AgentType[],
  ): Promise<boolean>;
  addInteraction(interaction: AgentInteraction): Promise<void>;
  /**
   * Stores many interactions in batches (unconditional puts: ids are unique ULIDs, and writing the
   * same interaction again stores the same item).
   */
  addInteractions(interactions: readonly AgentInteraction[]): Promise<void>;
  list(userId: string, page: PageRequest): Promise<Page<AgentSession>>;
}

/** A WebSocket connection of a user, expiring by TTL (API Gateway closes idle ones after 10 min, all after 2 h). */
export interface ConnectionRecord {
  connectionId: string;
  userId: string;
  connectedAt: string;
  /** Epoch seconds after which the record is treated as gone (and DynamoDB TTL deletes it). */
  expiresAt: number;
}

/**
 * Chunks of an assistant reply as it streams (a `resume` on another connection or instance reads
 * them). Reads are scoped to the owner: another user's reply lists as empty.
 */
export interface ReplyChunkRepository {
  put(userId: string, conversationId: string, messageId: string, index: number, chunk: string): Promise<void>;
  /** The reply's chunks so far, in order (the contiguous prefix from index 0). */
  list(userId: string, conversationId: string, messageId: string): Promise<string[]>;
}

export interface ConnectionRepository {
  put(connection: ConnectionRecord): Promise<void>;
  get(connectionId: string): Promise<ConnectionRecord | null>;
  delete(connectionId: string): Promise<void>;
  /** The user's live connections (expired ones are filtered out even before TTL deletes them). */
  listByUser(userId: string): Promise<ConnectionRecord[]>;
  /** Extends a connection's expiry (on activity). */
  touch(connectionId: string, expiresAt: number): Promise<void>;
}

/** What a finished idempotent request returned, replayed on a retry with the same key. */
export interface StoredResponse {
  statusCode: number;
  body: string;
  headers?: Record<string, string>;
}

export type IdempotencyBegin = { state: 'started' } | { state: 'completed'; response: StoredResponse };

/**
 * Idempotency records (Idempotency-Key header), expiring by TTL. `scope` separates callers
 * (e.g. user id + route) so two users' keys never collide.
 */
export interface IdempotencyRepository {
  /**
   * Claims the key. Returns `started` for the first caller, `completed` with the stored response
   * when the same request already finished; CONFLICT when the request is still in flight or the
   * key was used with a different payload (`requestHash` differs).
   */
  begin(scope: string, key: string, requestHash: string, ttlSeconds: number): Promise<IdempotencyBegin>;
  complete(scope: string, key: string, response: StoredResponse): Promise<void>;
  /** Gives the key up after a failure so a retry can run again. */
  release(scope: string, key: string): Promise<void>;
}
