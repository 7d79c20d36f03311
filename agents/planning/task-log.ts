/**
 * Records what each agent did: a TaskResult per task and an AgentInteraction per message between
 * the coordinator and a specialist (the seed's agent domain model).
 */
import { newId } from '../ids.js';
import type { AgentInteraction, AgentType, TaskResult } from '../schemas/agent.js';

export class TaskLog {
  readonly results: TaskResult[] = [];
  readonly interactions: AgentInteraction[] = [];
  readonly #sessionId: string;
  readonly #now: () => Date;

  constructor(sessionId: string, now: () => Date) {
    this.#sessionId = sessionId;
    this.#now = now;
  }

  /** Logs the coordinator's request to an agent, runs the task, and logs the result and the response. */
  async run<T>(
    agent: AgentType,
    task: string,
    request: Record<string, unknown>,
    fn: () => Promise<T> | T,
    summarize: (value: T) => {
      resultType: 'success' | 'partial' | 'failed';
      confidence: number;
      data: Record<string, unknown>;
    },
  ): Promise<T> {
    const taskId = newId('task');
    this.#interact('coordinator', agent, 'request', { task_id: taskId, task, ...request });
    const started = performance.now();
    try {
      const value = await fn();
      const s = summarize(value);
      this.#result(taskId, agent, s.resultType, s.data, s.confidence, started);
      this.#interact(agent, 'coordinator', 'response', {
        task_id: taskId,
        result_type: s.resultType,
        ...s.data,
      });
      return value;
    } catch (err) {
      this.#result(taskId, agent, 'failed', { error: (err as Error).message }, 0, started);
      this.#interact(agent, 'coordinator', 'response', { task_id: taskId, result_type: 'failed' });
      throw err;
    }
  }

  #interact(
    from: AgentType,
    to: AgentType,
    type: AgentInteraction['interactionType'],
    content: Record<string, unknown>,
  ) {
    this.interactions.push({
      id: newId('interaction'),
      sessionId: this.#sessionId,
      fromAgent: from,
      toAgent: to,
      interactionType: type,
      content,
      timestamp: this.#now().toISOString(),
    });
  }

  #result(
    taskId: string,
    agent: AgentType,
    resultType: TaskResult['resultType'],
    data: Record<string, unknown>,
    confidence: number,
    startedMs: number,
  ) {
    this.results.push({
      taskId,
      agentType: agent,
      resultType,
      data,
      confidenceScore: Math.max(0, Math.min(1, confidence)),
      executionTime: (performance.now() - startedMs) / 1000,
      createdAt: this.#now().toISOString(),
    });
  }
}
