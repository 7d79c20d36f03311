/**
 * The PlanTrip state machine (JSONPath): parse and validate -> Parallel (flights, hotels, weather,
 * local guide) -> Map over the trip's cities (itinerary inputs per city) -> budget loop (build at a
 * level, Choice, bounded by a counter over the budget levels) -> verify -> compose -> notify.
 *
 * States pass a run id and small summaries; results live in DynamoDB (functions/orchestration).
 * Transient errors are retried with exponential backoff; a permanent failure of weather or tips
 * is caught inside its branch (the plan gets a warning), any other is caught into "Record partial
 * plan", which keeps the best plan built so far. The same definition runs locally
 * (local/stepfunctions/) with the task functions mapped to their local handlers.
 */
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { BUDGET_LEVELS } from '../agents/planning/budget-agent.js';
import { TRANSIENT_ERROR } from '../functions/orchestration/tasks.js';

/** The task functions, by the handler export each runs (functions/orchestration/handlers.ts). */
export const PLAN_TRIP_TASKS = [
  'resolveRequest',
  'searchFlights',
  'searchHotels',
  'fetchWeather',
  'gatherTips',
  'gatherCityPlaces',
  'buildPlan',
  'cheapestLevel',
  'verifyPlan',
  'composePlan',
  'recordPartial',
  'notify',
] as const;
export type PlanTripTask = (typeof PLAN_TRIP_TASKS)[number];

/** Readable state names (what the Step Functions console shows). */
export const STATE = {
  parse: 'Parse and validate request',
  plannable: 'Can the trip be planned?',
  unplannable: 'Report unplannable request',
  search: 'Search providers',
  flights: 'Search flights',
  hotels: 'Search hotels',
  weather: 'Fetch weather',
  weatherMissing: 'Weather unavailable',
  tips: 'Gather local tips',
  tipsMissing: 'Local tips unavailable',
  perCity: 'Prepare itinerary per city',
  cityPlaces: 'Gather places in city',
  startBudget: 'Start budget loop',
  build: 'Build plan at budget level',
  withinBudget: 'Within budget?',
  cheaper: 'Try a cheaper level',
  cheapest: 'Use the cheapest plan',
  keepCheapest: 'Keep cheapest level',
  verify: 'Verify plan',
  compose: 'Compose plan',
  partial: 'Record partial plan',
  notify: 'Notify traveller',
  done: 'Plan finished',
} as const;

/** Errors worth retrying: the providers' transient failures and Lambda's own service errors. */
export const RETRYABLE_ERRORS = [
  TRANSIENT_ERROR,
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

/** Retry policy of every task: 3 retries, 1 s then doubling, with jitter. */
export const TASK_RETRY = { interval: 1, maxAttempts: 3, backoffRate: 2 } as const;

/** Props of {@link PlanTripStateMachine}. */
export interface PlanTripStateMachineProps {
  /** One function per task. */
  readonly functions: Readonly<Record<PlanTripTask, lambda.IFunction>>;
  /** Log group for execution history (ALL events). */
  readonly logGroup: logs.ILogGroup;
  /** @default 5 minutes */
  readonly timeout?: Duration;
}

const REF = { 'runId.$': '$.runId', 'sessionId.$': '$.sessionId', 'userId.$': '$.userId' };

/** The PlanTrip Standard state machine with X-Ray tracing and full execution logging. */
export class PlanTripStateMachine extends Construct {
  public readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: PlanTripStateMachineProps) {
    super(scope, id);
    const fns = props.functions;
    const task = (
      name: string,
      fn: PlanTripTask,
      options: {
        payload?: Record<string, unknown>;
        resultPath?: string;
        resultSelector?: Record<string, unknown>;
      } = {},
    ) => {
      const t = new tasks.LambdaInvoke(this, name, {
        stateName: name,
        lambdaFunction: fns[fn],
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        ...(options.payload ? { payload: sfn.TaskInput.fromObject(options.payload) } : {}),
        ...(options.resultPath !== undefined ? { resultPath: options.resultPath } : {}),
        ...(options.resultSelector ? { resultSelector: options.resultSelector } : {}),
      });
      t.addRetry({
        errors: RETRYABLE_ERRORS,
        interval: Duration.seconds(TASK_RETRY.interval),
        maxAttempts: TASK_RETRY.maxAttempts,
        backoffRate: TASK_RETRY.backoffRate,
        jitterStrategy: sfn.JitterType.FULL,
      });
      return t;
    };

    const done = new sfn.Succeed(this, STATE.done, { stateName: STATE.done });
    const notify = task(STATE.notify, 'notify', {
      payload: { ...REF, 'result.$': '$.result' },
      resultPath: '$.result',
    }).next(done);
    const partial = task(STATE.partial, 'recordPartial', {
      payload: { ...REF, 'error.$': '$.error' },
      resultPath: '$.result',
    }).next(notify);
    const catchInto = <T extends sfn.TaskStateBase | sfn.Parallel | sfn.Map>(s: T): T => {
      s.addCatch(partial, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
      return s;
    };

    const parse = catchInto(
      task(STATE.parse, 'resolveRequest', {
        payload: { ...REF, 'request.$': '$.request' },
        resultPath: '$.resolved',
      }),
    );
    const unplannable = task(STATE.unplannable, 'notify', {
      payload: { ...REF, 'failure.$': '$.resolved.failure' },
      resultPath: '$.result',
    }).next(done);

    const branchTask = (name: string, fn: PlanTripTask) => task(name, fn, { payload: REF });
    const optional = (name: string, fn: PlanTripTask, missingName: string) => {
      const t = task(name, fn, { payload: REF, resultSelector: { missing: false } });
      t.addCatch(
        new sfn.Pass(this, missingName, {
          stateName: missingName,
          result: sfn.Result.fromObject({ missing: true }),
        }),
        {
          errors: [sfn.Errors.ALL],
          resultPath: '$.error',
        },
      );
      return t;
    };
    const search = catchInto(
      new sfn.Parallel(this, STATE.search, { stateName: STATE.search, resultPath: '$.search' })
        .branch(branchTask(STATE.flights, 'searchFlights'))
        .branch(branchTask(STATE.hotels, 'searchHotels'))
        .branch(optional(STATE.weather, 'fetchWeather', STATE.weatherMissing))
        .branch(optional(STATE.tips, 'gatherTips', STATE.tipsMissing)),
    );

    const perCity = catchInto(
      new sfn.Map(this, STATE.perCity, {
        stateName: STATE.perCity,
        itemsPath: '$.resolved.cities',
        maxConcurrency: 4,
        resultPath: sfn.JsonPath.DISCARD,
      }).itemProcessor(task(STATE.cityPlaces, 'gatherCityPlaces')),
    );

    const loopState = (levelPath: string) => ({
      ...REF,
      'missing.$': '$.missing',
      'level.$': levelPath,
    });
    const startBudget = new sfn.Pass(this, STATE.startBudget, {
      stateName: STATE.startBudget,
      parameters: {
        ...REF,
        missing: { 'weather.$': '$.search[2].missing', 'tips.$': '$.search[3].missing' },
        level: 0,
      },
    });
    const build = catchInto(task(STATE.build, 'buildPlan', { resultPath: '$.build' }));
    const cheaper = new sfn.Pass(this, STATE.cheaper, {
      stateName: STATE.cheaper,
      parameters: loopState('States.MathAdd($.level, 1)'),
    });
    const cheapest = catchInto(
      task(STATE.cheapest, 'cheapestLevel', { payload: REF, resultPath: '$.cheapest' }),
    );
    const keepCheapest = new sfn.Pass(this, STATE.keepCheapest, {
      stateName: STATE.keepCheapest,
      parameters: loopState('$.cheapest.level'),
    });
    const verify = catchInto(task(STATE.verify, 'verifyPlan', { resultPath: '$.verify' }));
    const compose = catchInto(task(STATE.compose, 'composePlan', { payload: REF, resultPath: '$.result' }));

    verify.next(compose).next(notify);
    cheaper.next(build);
    cheapest.next(keepCheapest).next(verify);
    build.next(
      new sfn.Choice(this, STATE.withinBudget, { stateName: STATE.withinBudget })
        .when(sfn.Condition.booleanEquals('$.build.withinBudget', true), verify)
        // The counter bounds the loop: at most one build per budget level.
        .when(sfn.Condition.numberLessThan('$.level', BUDGET_LEVELS.length - 1), cheaper)
        .otherwise(cheapest),
    );

    const definition = parse.next(
      new sfn.Choice(this, STATE.plannable, { stateName: STATE.plannable })
        .when(sfn.Condition.stringEquals('$.resolved.status', 'failed'), unplannable)
        .otherwise(search.next(perCity).next(startBudget).next(build)),
    );

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      stateMachineType: sfn.StateMachineType.STANDARD,
      timeout: props.timeout ?? Duration.minutes(5),
      tracingEnabled: true,
      logs: { destination: props.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      comment: 'PlanTrip: plans a trip with the agents, step by step',
    });
  }
}
