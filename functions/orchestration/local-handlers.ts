/**
 * The PlanTrip tasks bound to a given context, by handler export name: what the local runner
 * maps each synthesized Lambda task to (same names as handlers.ts).
 */
import type { PlanTripTask } from '../../statemachines/plan-trip-tasks.js';
import {
  buildPlanTask,
  cheapestLevelTask,
  composePlanTask,
  fetchWeatherTask,
  gatherCityPlacesTask,
  gatherTipsTask,
  recordPartialTask,
  resolveRequestTask,
  searchFlightsTask,
  searchHotelsTask,
  verifyPlanTask,
} from './tasks.js';
import type { TaskContext } from './run-state.js';
import { notifyTask } from './session-end.js';

/** A task as the local runner calls it. */
export type LocalTask = (input: never, ctx: TaskContext) => Promise<unknown>;

/** Every task by its handler export name. */
export const LOCAL_TASKS: Readonly<Record<PlanTripTask, LocalTask>> = {
  resolveRequest: resolveRequestTask,
  searchFlights: searchFlightsTask,
  searchHotels: searchHotelsTask,
  fetchWeather: fetchWeatherTask,
  gatherTips: gatherTipsTask,
  gatherCityPlaces: gatherCityPlacesTask,
  buildPlan: buildPlanTask,
  cheapestLevel: cheapestLevelTask,
  verifyPlan: verifyPlanTask,
  composePlan: composePlanTask,
  recordPartial: recordPartialTask,
  notify: notifyTask,
};
