/** SQS consumer of the booking-follow-up queue (see queues.ts); partial batch failures, idempotent. */
import { workflowHandler } from './runtime.js';

export const handler = workflowHandler('booking-follow-up');
