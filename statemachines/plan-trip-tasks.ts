/**
 * The PlanTrip task table: every task function of the state machine by the handler export it runs
 * (functions/orchestration/handlers.ts, `satisfies Record<PlanTripTask, ...>`), and which of them
 * push `agent_status` frames (the CDK app gives exactly those the WebSocket management endpoint
 * and the permission to post to connections). Read by statemachines/plan-trip.ts, infra/, the
 * Lambda entry points and the local runner (local/stepfunctions/). Data only: importing it pulls
 * in neither CDK nor the planner.
 */
export const PLAN_TRIP_TASK_TABLE = {
  resolveRequest: { pushesAgentStatus: false },
  searchFlights: { pushesAgentStatus: true },
  searchHotels: { pushesAgentStatus: true },
  fetchWeather: { pushesAgentStatus: false },
  gatherTips: { pushesAgentStatus: false },
  gatherCityPlaces: { pushesAgentStatus: false },
  buildPlan: { pushesAgentStatus: true },
  cheapestLevel: { pushesAgentStatus: false },
  verifyPlan: { pushesAgentStatus: false },
  composePlan: { pushesAgentStatus: false },
  recordPartial: { pushesAgentStatus: false },
  notify: { pushesAgentStatus: true },
} as const satisfies Record<string, { pushesAgentStatus: boolean }>;

export type PlanTripTask = keyof typeof PLAN_TRIP_TASK_TABLE;

/** The task functions, in table order. */
export const PLAN_TRIP_TASKS = Object.keys(PLAN_TRIP_TASK_TABLE) as readonly PlanTripTask[];

/** The tasks that push `agent_status` frames (a progress report reaching 100, the session's end). */
export const AGENT_STATUS_TASKS: readonly PlanTripTask[] = PLAN_TRIP_TASKS.filter(
  (task) => PLAN_TRIP_TASK_TABLE[task].pushesAgentStatus,
);
