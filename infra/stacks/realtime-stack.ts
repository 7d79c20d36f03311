/**
 * The realtime stack: the WebSocket API's identity (API Gateway v2, protocol WEBSOCKET) and the
 * one way to let a function push frames to its connections ({@link RealtimeStack.grantPush}).
 *
 * Why a stack of its own, holding only the API: functions of three stacks push frames — the
 * WebSocket `$default` and agents functions (API stack), the PlanTrip tasks (orchestration stack)
 * and the workflow consumers (async stack) — and the API stack already depends on the other two
 * (it starts and stops PlanTrip executions, enqueues booking follow-ups). Granting them access to
 * an API that lived in the API stack would make that a cycle. So every one of them depends on
 * this stack, which depends on none; the API stack serves the API (its routes, functions and
 * stage: see ApiStack) and the stage name is the deployment stage, known here without a reference.
 */
import { Aws, CfnOutput, Fn, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { WebSocketApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { WEBSOCKET_ENDPOINT_ENV } from '../../functions/notify/websocket-publisher.js';
import { WS_ROUTE_SELECTION_EXPRESSION } from '../../functions/ws/routes.js';
import type { StageConfig } from '../config/stage.js';

/** Props of {@link RealtimeStack}. */
export interface RealtimeStackProps extends StackProps {
  readonly config: StageConfig;
}

export class RealtimeStack extends Stack {
  /** The WebSocket API (routes, integrations and stage are added by the API stack). */
  public readonly webSocketApi: WebSocketApi;
  /** Name of the API's one stage: the deployment stage (`dev`, `staging`, `prod`). */
  public readonly stageName: string;
  /** `wss://{api-id}.execute-api.{region}.amazonaws.com/{stage}`: what clients connect to. */
  public readonly webSocketUrl: string;
  /** Name of the export holding the API's id, which the stacks that push frames import. */
  public readonly apiIdExportName: string;

  constructor(scope: Construct, id: string, props: RealtimeStackProps) {
    const { config, ...stackProps } = props;
    super(scope, id, {
      description: `Travel planner (${config.stage}): WebSocket API (agent status, notifications, chat)`,
      terminationProtection: config.terminationProtection,
      tags: { ...config.tags },
      ...stackProps,
    });
    this.stageName = config.stage;
    this.webSocketApi = new WebSocketApi(this, 'WebSocketApi', {
      apiName: `${config.resourceNamePrefix}-ws`,
      description: `Travel planner WebSocket API (${config.stage}); routes from functions/ws/routes.ts`,
      routeSelectionExpression: WS_ROUTE_SELECTION_EXPRESSION,
    });
    this.webSocketUrl = `wss://${this.webSocketApi.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}/${this.stageName}`;

    // An explicit export: the grants name it (and cdk-nag's findings on them read it) the same
    // way in every stack and stage.
    this.apiIdExportName = `${config.resourceNamePrefix}-websocket-api-id`;
    new CfnOutput(this, 'WebSocketApiId', {
      value: this.webSocketApi.apiId,
      exportName: this.apiIdExportName,
      description: 'Id of the WebSocket API (imported by the stacks whose functions push frames)',
    });
    new CfnOutput(this, 'WebSocketUrl', {
      value: this.webSocketUrl,
      description: 'Connect with ?user_id={user_id}&token={access_token}',
    });
  }

  /** `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}`: the management API (postToConnection). */
  get managementEndpoint(): string {
    return `https://${Fn.importValue(this.apiIdExportName)}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}/${this.stageName}`;
  }

  /** The ARN of the stage's `POST /@connections/{id}`, for every connection id. */
  get postToConnectionArn(): string {
    return (
      `arn:${Aws.PARTITION}:execute-api:${Aws.REGION}:${Aws.ACCOUNT_ID}:` +
      `${Fn.importValue(this.apiIdExportName)}/${this.stageName}/POST/@connections/*`
    );
  }

  /**
   * Lets a function push frames: sets `WEBSOCKET_ENDPOINT` to the management endpoint and, in the
   * same place, grants `execute-api:ManageConnections` on POST /@connections/* of this API's
   * stage only (not other stages, not GET or DELETE). The function's stack then depends on this.
   */
  grantPush(fn: lambda.Function): iam.Grant {
    const stack = Stack.of(fn);
    if (stack !== this) stack.addStackDependency(this, 'imports the WebSocket API id to push frames');
    fn.addEnvironment(WEBSOCKET_ENDPOINT_ENV, this.managementEndpoint);
    const grant = iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['execute-api:ManageConnections'],
      resourceArns: [this.postToConnectionArn],
    });
    if (fn.role) {
      Validations.of(fn.role).acknowledge({
        id:
          'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:' +
          `${this.apiIdExportName}/${this.stageName}/POST/@connections/*]`,
        reason:
          'postToConnection on this WebSocket API stage only: connection ids are made by API Gateway ' +
          'at connect time, so the connection segment of the ARN cannot be named in advance.',
      });
    }
    return grant;
  }
}
