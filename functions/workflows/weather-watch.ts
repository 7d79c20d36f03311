/** SQS consumer of the weather-watch queue (see queues.ts); partial batch failures, idempotent. */
import { workflowHandler } from './runtime.js';

export const handler = workflowHandler('weather-watch');
