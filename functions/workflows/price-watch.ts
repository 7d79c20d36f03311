/** SQS consumer of the price-watch queue (see queues.ts); partial batch failures, idempotent. */
import { workflowHandler } from './runtime.js';

export const handler = workflowHandler('price-watch');
