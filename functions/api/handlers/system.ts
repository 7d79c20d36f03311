/**
 * The system function: GET /health and GET /v1/openapi.json.
 */
import { sharedModelService } from '../../llm/model-service.js';
import { createFunctionHandler } from '../http.js';
import { buildOpenApi } from '../openapi.js';

export const handler = createFunctionHandler('system', {
  health: async (_req, rt) => {
    const started = performance.now();
    let database: 'ok' | 'unavailable' = 'ok';
    try {
      // A read of a key that never exists: proves the table answers, costs half a read unit.
      await rt.repos.users.getById('health-check');
    } catch {
      database = 'unavailable';
    }
    return {
      data: {
        status: database === 'ok' ? 'ok' : 'degraded',
        database,
        llm: process.env['LLM_BASE_URL'] ? 'configured' : 'offline',
        // cold | warming | ready | unavailable (never wakes it); 'offline' without an LLM.
        model_service: (await sharedModelService()?.status()) ?? 'offline',
        latency_ms: Math.round(performance.now() - started),
        time: rt.now().toISOString(),
      },
    };
  },
  openapi: async () => ({ data: buildOpenApi(), raw: true }),
});
