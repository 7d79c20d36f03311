/**
 * Every versioned prompt of the prompt engine, and the engine holding them. (The narration and
 * structured-output prompts predate the engine and are plain per-language templates, used directly
 * by agents/llm/narration.ts and agents/llm/structured.ts.)
 */
import { PromptEngine, type VersionedPrompt } from '../llm/prompt-engine.js';
import { CHAT_SYSTEM } from './chat.js';
import { CHAT_REPLY_PROMPTS } from './chat-replies.js';
import {
  FOLLOW_UP_BUDGET,
  FOLLOW_UP_DATES,
  FOLLOW_UP_DAYS,
  FOLLOW_UP_DESTINATION,
  FOLLOW_UP_ORIGIN,
  FOLLOW_UP_READY,
  FOLLOW_UP_TRAVELERS,
} from './follow-up.js';
import { MCP_PLAN_TRIP, MCP_REFINE_PLAN } from './mcp.js';
import { REQUEST_UNDERSTANDING_SYSTEM, REQUEST_UNDERSTANDING_USER } from './request-understanding.js';

export const PROMPTS: readonly VersionedPrompt[] = [
  REQUEST_UNDERSTANDING_SYSTEM,
  REQUEST_UNDERSTANDING_USER,
  CHAT_SYSTEM,
  FOLLOW_UP_DESTINATION,
  FOLLOW_UP_DATES,
  FOLLOW_UP_DAYS,
  FOLLOW_UP_ORIGIN,
  FOLLOW_UP_TRAVELERS,
  FOLLOW_UP_BUDGET,
  FOLLOW_UP_READY,
  MCP_PLAN_TRIP,
  MCP_REFINE_PLAN,
  ...CHAT_REPLY_PROMPTS,
];

let shared: PromptEngine | undefined;

/** The engine with every prompt of {@link PROMPTS} (built once). */
export function defaultPromptEngine(): PromptEngine {
  shared ??= new PromptEngine(PROMPTS);
  return shared;
}
