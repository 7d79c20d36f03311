/**
 * The agents function: POST /v1/agents/sessions (202; the planner runs in-process until the Step
 * Functions issue replaces it), GET /v1/agents/sessions/{id}/status (per-agent progress) and
 * POST /v1/agents/sessions/{id}/cancel (stops the run; the session ends `cancelled`).
 */
import { NotFoundError, ValidationError } from '../../../agents/errors.js';
import { createFunctionHandler } from '../http.js';
import { assertKnownCurrency, callerId, say } from '../services/common.js';
import {
  cancelPlanningSession,
  currentSession,
  sessionStatusView,
  startPlanningSession,
  tripRequestFrom,
} from '../services/planning-session.js';

export const handler = createFunctionHandler('agents', {
  createSession: async (req, rt) => {
    const userId = callerId(req);
    const body = req.body;
    assertKnownCurrency(rt.providers.rates, body.requirements.currency, 'requirements.currency');
    const conversation = await rt.repos.conversations.get(userId, body.conversationId);
    if (!conversation) {
      throw new NotFoundError('Conversation not found', { context: { conversationId: body.conversationId } });
    }
    const contextOrigin = conversation.context['origin'];
    const origin = body.requirements.origin ?? (typeof contextOrigin === 'string' ? contextOrigin : null);
    if (!origin) {
      throw new ValidationError('Origin needed', {
        details: [{ field: 'requirements.origin', message: 'where does the trip start? / 请提供出发城市' }],
      });
    }
    const request = tripRequestFrom(body, origin, req.lang);
    const session = await startPlanningSession(rt, {
      userId,
      conversationId: conversation.id,
      taskType: body.taskType,
      request,
    });
    const view = sessionStatusView(session, req.lang);
    return {
      data: {
        sessionId: session.id,
        status: session.status,
        conversationId: session.conversationId,
        taskType: body.taskType,
        estimatedCompletion: view.estimatedCompletion,
        createdAt: session.createdAt,
      },
      message: say(req.lang, '规划任务已开始', 'Planning started'),
    };
  },

  getSessionStatus: async (req, rt) => {
    const session = await currentSession(rt, callerId(req), req.params.id);
    if (!session) throw new NotFoundError('Session not found');
    return { data: sessionStatusView(session, req.lang) };
  },

  cancelSession: async (req, rt) => {
    const session = await cancelPlanningSession(rt, callerId(req), req.params.id);
    return {
      data: sessionStatusView(session, req.lang),
      message: say(req.lang, '规划任务已取消', 'Planning cancelled'),
    };
  },
});
