/**
 * The PlanTrip tasks that push `agent_status` frames (tasks.ts: a progress report reaching 100,
 * and the session's end in `notify`). The CDK app gives exactly these functions the WebSocket
 * management endpoint and the permission to post to connections.
 */
import type { PlanTripTask } from '../../statemachines/plan-trip.js';

export const AGENT_STATUS_TASKS: readonly PlanTripTask[] = [
  'searchFlights',
  'searchHotels',
  'buildPlan',
  'notify',
];
