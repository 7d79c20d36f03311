/** SQS consumer of the trip-reminder queue (see queues.ts); partial batch failures, idempotent. */
import { workflowHandler } from './runtime.js';

export const handler = workflowHandler('trip-reminder');
