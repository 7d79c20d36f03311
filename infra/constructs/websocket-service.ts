/**
 * What serves the WebSocket API: one Lambda function and one route per entry of the WebSocket
 * route table (functions/ws/routes.ts), and the stage (auto-deployed, throttled, access-logged).
 */
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { LogGroupLogDestination, WebSocketRoute, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { CHAT_TURN_QUEUE_ENV } from '../../functions/ws/chat-queue.js';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { WS_ROUTES, type WsRouteKey } from '../../functions/ws/routes.js';
import type { StageConfig } from '../config/stage.js';
import type { RealtimeStack } from '../stacks/realtime-stack.js';
import { ApiFunction } from './api-function.js';

/** Props of {@link WebSocketService}. */
export interface WebSocketServiceProps {
  readonly config: StageConfig;
  readonly realtime: RealtimeStack;
  readonly removalPolicy: RemovalPolicy;
  /** Gives a function what every API function gets: the table and the signing secrets. */
  readonly bind: (fn: lambda.Function) => void;
}

/** Fields of each WebSocket access log line (connect, message, disconnect). */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    eventType: '$context.eventType',
    routeKey: '$context.routeKey',
    connectionId: '$context.connectionId',
    ip: '$context.identity.sourceIp',
    status: '$context.status',
    integrationStatus: '$context.integrationStatus',
    integrationLatency: '$context.integrationLatency',
    errorMessage: '$context.error.message',
  }),
);

const FUNCTION_IDS: Readonly<Record<WsRouteKey, string>> = {
  $connect: 'WsConnectFunction',
  $disconnect: 'WsDisconnectFunction',
  $default: 'WsDefaultFunction',
};

/**
 * The WebSocket API's routes, functions and stage.
 *
 * - Functions: bundled like the REST functions ({@link ApiFunction}: nodejs22.x, arm64), bound to
 *   the table and the signing secrets; the one that answers frames (`$default`) may push to
 *   connections ({@link RealtimeStack.grantPush}).
 * - Authentication is the `$connect` function's (same JWT verification and revocation check as
 *   the REST handlers), not an API Gateway authorizer: see ApiStack.
 * - Stage: the deployment stage's name, auto-deployed on route changes, throttled like the REST
 *   stage, JSON access logs in their own log group.
 */
export class WebSocketService extends Construct {
  public readonly functions: Readonly<Record<WsRouteKey, ApiFunction>>;
  /**
   * The chat turns: `$default` stores a `user_message`, acknowledges it and sends one job here;
   * the chat worker runs the turn and pushes its frames. Three failures move a job to the DLQ.
   */
  public readonly chatQueue: sqs.Queue;
  public readonly chatDeadLetterQueue: sqs.Queue;
  public readonly chatWorker: ApiFunction;
  public readonly routes: Readonly<Record<WsRouteKey, WebSocketRoute>>;
  public readonly stage: WebSocketStage;
  public readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WebSocketServiceProps) {
    super(scope, id);
    const { config, realtime } = props;
    const functions = {} as Record<WsRouteKey, ApiFunction>;
    const routes = {} as Record<WsRouteKey, WebSocketRoute>;
    for (const route of WS_ROUTES) {
      const fn = new ApiFunction(this, FUNCTION_IDS[route.routeKey], {
        entry: route.entry,
        description: `Travel planner WebSocket (${config.stage}) ${route.routeKey}: ${route.description}`,
        profile: { memorySize: 1024, timeout: Duration.seconds(29) },
        logRetention: config.api.logRetention,
        removalPolicy: props.removalPolicy,
        environment: {
          CORS_ORIGINS: config.api.corsOrigins.join(','),
          LOG_LEVEL: config.api.logLevel,
          POWERTOOLS_SERVICE_NAME: 'travel-planner-ws',
        },
      });
      props.bind(fn.function);
      if (route.pushesFrames) realtime.grantPush(fn.function);
      functions[route.routeKey] = fn;
      routes[route.routeKey] = new WebSocketRoute(this, `${FUNCTION_IDS[route.routeKey]}Route`, {
        webSocketApi: realtime.webSocketApi,
        routeKey: route.routeKey,
        integration: new WebSocketLambdaIntegration(
          `${FUNCTION_IDS[route.routeKey]}Integration`,
          fn.function,
        ),
      });
    }
    this.functions = functions;
    this.routes = routes;

    // Chat turns run outside API Gateway's 29-second integration limit, in the chat worker.
    this.chatDeadLetterQueue = new sqs.Queue(this, 'ChatTurnDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });
    this.chatQueue = new sqs.Queue(this, 'ChatTurnQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Six times the worker's timeout, as Lambda's SQS event source recommends.
      visibilityTimeout: Duration.seconds(6 * 29),
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.chatDeadLetterQueue, maxReceiveCount: 3 },
      removalPolicy: props.removalPolicy,
    });
    this.chatWorker = new ApiFunction(this, 'ChatWorkerFunction', {
      entry: 'functions/ws/chat-worker.ts',
      description: `Travel planner WebSocket (${config.stage}) chat worker: runs a turn, pushes its frames`,
      profile: { memorySize: 1536, timeout: Duration.seconds(29) },
      logRetention: config.api.logRetention,
      removalPolicy: props.removalPolicy,
      environment: { LOG_LEVEL: config.api.logLevel, POWERTOOLS_SERVICE_NAME: 'travel-planner-chat' },
    });
    props.bind(this.chatWorker.function);
    realtime.grantPush(this.chatWorker.function);
    this.chatWorker.function.addEventSource(
      new SqsEventSource(this.chatQueue, { batchSize: 1, reportBatchItemFailures: true }),
    );
    // The function that answers frames hands turns over (the env var and the grant in one place).
    const frames = functions.$default.function;
    frames.addEnvironment(CHAT_TURN_QUEUE_ENV, this.chatQueue.queueUrl);
    this.chatQueue.grantSendMessages(frames);

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: config.api.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: realtime.webSocketApi,
      stageName: realtime.stageName,
      // Auto-deploy needs a route: the stage is created after the routes of this construct.
      autoDeploy: true,
      throttle: { rateLimit: config.api.throttlingRateLimit, burstLimit: config.api.throttlingBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });
    for (const route of Object.values(routes)) this.stage.node.addDependency(route);

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Authorization is the $connect function: it verifies the JWT of the token query parameter ' +
        "with the REST handlers' verifier and revocation check, and refuses the handshake (401/403) " +
        'otherwise; $default and $disconnect only run on connections $connect accepted.',
    });
  }
}
