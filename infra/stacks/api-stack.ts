/**
 * The API stack: the REST API (API Gateway v1) built from the route table
 * (functions/api/routes.ts + route-schemas.ts), one Lambda function per function of the table;
 * and what serves the WebSocket API of the realtime stack (its routes, functions and stage, from
 * functions/ws/routes.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, Duration, Size, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { HANDLER_ENTRIES } from '../../functions/api/handlers/registry.js';
import { wireJsonSchemaOf } from '../../agents/schemas/json-schema.js';
import { CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS } from '../../functions/api/middleware/cors.js';
import {
  FUNCTIONS,
  ROUTES,
  pathParameters,
  type FunctionName,
  type RouteDef,
} from '../../functions/api/routes.js';
import type { StageConfig } from '../config/stage.js';
import { ApiFunction, REPO_ROOT, type FunctionProfile } from '../constructs/api-function.js';
import { HandlerSecrets } from '../constructs/handler-secrets.js';
import { WebSocketService } from '../constructs/websocket-service.js';
import type { DataStack } from './data-stack.js';
import type { RealtimeStack } from './realtime-stack.js';

/** Props of {@link ApiStack}. */
export interface ApiStackProps extends StackProps {
  /** The validated stage configuration (see infra/config/stage.ts). */
  readonly config: StageConfig;
  /** Where the table lives; every function is bound to it with {@link DataStack.bindTable}. */
  readonly dataStack: DataStack;
  /** The WebSocket API this stack serves (routes, functions, stage). */
  readonly realtime: RealtimeStack;
}

/**
 * Memory and timeout per function. The planner (plans: optimise; agents: sessions, in-process
 * until the Step Functions issue) is CPU-bound, so those get a full vCPU (1769 MB); auth hashes
 * passwords with scrypt. Typed by the route table's function names: a new function needs a line.
 */
export const FUNCTION_PROFILES: Readonly<Record<FunctionName, FunctionProfile>> = {
  system: { memorySize: 512, timeout: Duration.seconds(10) },
  auth: { memorySize: 1024, timeout: Duration.seconds(10) },
  users: { memorySize: 512, timeout: Duration.seconds(10) },
  conversations: { memorySize: 1024, timeout: Duration.seconds(29) },
  plans: { memorySize: 1769, timeout: Duration.seconds(29) },
  search: { memorySize: 1024, timeout: Duration.seconds(15) },
  recommendations: { memorySize: 1024, timeout: Duration.seconds(10) },
  agents: { memorySize: 1769, timeout: Duration.seconds(29) },
};

/** Fields of each access log line (JSON, one line per request). */
const ACCESS_LOG_FORMAT = apigateway.AccessLogFormat.custom(
  JSON.stringify({
    requestId: apigateway.AccessLogField.contextRequestId(),
    requestTime: apigateway.AccessLogField.contextRequestTime(),
    ip: apigateway.AccessLogField.contextIdentitySourceIp(),
    userAgent: apigateway.AccessLogField.contextIdentityUserAgent(),
    method: apigateway.AccessLogField.contextHttpMethod(),
    resourcePath: apigateway.AccessLogField.contextResourcePath(),
    path: apigateway.AccessLogField.contextPath(),
    status: apigateway.AccessLogField.contextStatus(),
    responseLength: apigateway.AccessLogField.contextResponseLength(),
    responseLatency: apigateway.AccessLogField.contextResponseLatency(),
    integrationLatency: apigateway.AccessLogField.contextIntegrationLatency(),
    integrationStatus: apigateway.AccessLogField.contextIntegrationStatus(),
    errorMessage: apigateway.AccessLogField.contextErrorMessage(),
    xrayTraceId: apigateway.AccessLogField.contextXrayTraceId(),
  }),
);

/**
 * The gateway-level body model of a route: a JSON object with the body schema's required
 * top-level (wire) properties, or undefined when the schema is not an object.
 *
 * Deliberately coarse. API Gateway validates with JSON Schema draft 4, whose regexes, formats and
 * defaults differ from zod's, and its errors bypass the handler's error envelope and field
 * details. So the gateway only rejects what the handler would reject too (not an object, a
 * required field missing) before a Lambda invocation is paid for; the zod schema in the handler
 * remains the one full validation.
 */
export function bodyModelSchema(route: RouteDef): apigateway.JsonSchema | undefined {
  // A body that may be left out has no model: API Gateway would validate the missing body.
  if (!route.body || route.optionalBody) return undefined;
  const json = wireJsonSchemaOf(route.body) as {
    type?: unknown;
    required?: unknown;
  };
  if (json.type !== 'object') return undefined;
  const required = Array.isArray(json.required) ? json.required.filter((r) => typeof r === 'string') : [];
  return {
    schema: apigateway.JsonSchemaVersion.DRAFT4,
    title: `${route.operation} request body`,
    type: apigateway.JsonSchemaType.OBJECT,
    ...(required.length > 0 ? { required } : {}),
  };
}

const pascal = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
const modelName = (operation: string) => `${pascal(operation)}Body`;

/**
 * The REST API of the travel planner.
 *
 * - **Routes:** one resource per path and one method per route of the route table (`{param}`
 *   segments become path parameters), each a Lambda proxy integration to the function the route
 *   names. One function per function of the table, entry from `HANDLER_ENTRIES`, bundled with
 *   esbuild for nodejs22.x on arm64 ({@link ApiFunction}); sizes in {@link FUNCTION_PROFILES}.
 * - **Environment and grants:** `TABLE_NAME` and the table permissions through
 *   `dataStack.bindTable`; `JWT_SECRET_ARN` and `CURSOR_SECRET_ARN` with read access through
 *   {@link HandlerSecrets.bind} (the handler resolves the values at cold start); `CORS_ORIGINS`
 *   and `LOG_LEVEL` from the stage.
 * - **Authentication is checked in the handler, not by an API Gateway authorizer.** Every method
 *   is `AuthorizationType.NONE` at the gateway; the shared middy stack (functions/api/http.ts)
 *   verifies the JWT (jose, HS256 pinned, issuer and audience checked) and the route's role before
 *   any operation runs. Why: (1) one verification path, shared by this API, the local stack
 *   (`npm start` has no authorizer to emulate) and the WebSocket API's `$connect`, so a token is
 *   accepted or refused the same way everywhere and tests of it cover production; (2) no
 *   authorizer Lambda to cold-start in front of every uncached request; (3) the route table
 *   already says per route who may call it (`auth: 'none' | 'user' | 'admin'`), which a single
 *   authorizer would have to duplicate. The cost: unauthenticated requests still invoke a
 *   function (bounded by stage throttling, the handlers' per-IP rate limits and, in prod, WAF).
 * - **Request validation:** a request validator checks path parameters and, for routes with a
 *   body schema, a coarse body model ({@link bodyModelSchema}).
 * - **Throttling:** stage-wide rate and burst from the stage config.
 * - **Logs and tracing:** JSON access logs to their own log group, execution logs at ERROR level
 *   (no request/response data, which carries passwords and tokens), X-Ray on the stage and the
 *   functions, log retention per stage.
 * - **CORS:** preflight (OPTIONS) on every resource answered by API Gateway; gateway-generated
 *   errors carry CORS headers too so browsers can read them; the handlers add CORS headers to
 *   their own responses from `CORS_ORIGINS`.
 * - **prod:** an AWS WAF web ACL (AWS managed common and known-bad-inputs rules, per-IP rate rule).
 */
export class ApiStack extends Stack {
  public readonly api: apigateway.RestApi;
  public readonly functions: Readonly<Record<FunctionName, ApiFunction>>;
  public readonly accessLogs: logs.LogGroup;
  public readonly secrets: HandlerSecrets;
  /** The WebSocket API's routes, functions and stage. */
  public readonly webSocket: WebSocketService;
  /** The MCP server (Streamable HTTP, stateless) behind `/mcp` (functions/mcp/handler.ts). */
  public readonly mcpFunction: ApiFunction;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    const { config, dataStack, realtime, ...stackProps } = props;
    super(scope, id, {
      description: `Travel planner (${config.stage}): REST API, the WebSocket API's routes, their Lambda functions`,
      terminationProtection: config.terminationProtection,
      tags: { ...config.tags },
      ...stackProps,
    });

    const missing = FUNCTIONS.filter((fn) => !existsSync(join(REPO_ROOT, HANDLER_ENTRIES[fn])));
    if (missing.length > 0) {
      throw new Error(
        `The route table names functions whose handler files do not exist: ` +
          missing.map((fn) => `${fn} (${HANDLER_ENTRIES[fn]})`).join(', '),
      );
    }

    const api = config.api;
    this.secrets = new HandlerSecrets(this, 'Secrets', {
      namePrefix: config.resourceNamePrefix,
      removalPolicy: config.removalPolicy,
    });

    const functions = {} as Record<FunctionName, ApiFunction>;
    for (const fn of FUNCTIONS) {
      const operations = ROUTES.filter((r) => r.fn === fn).map((r) => r.operation);
      const handler = new ApiFunction(this, `${pascal(fn)}Function`, {
        entry: HANDLER_ENTRIES[fn],
        description: `Travel planner API (${config.stage}) ${fn}: ${operations.join(', ')}`.slice(0, 256),
        profile: FUNCTION_PROFILES[fn],
        logRetention: api.logRetention,
        removalPolicy: config.removalPolicy,
        environment: {
          CORS_ORIGINS: api.corsOrigins.join(','),
          LOG_LEVEL: api.logLevel,
          POWERTOOLS_SERVICE_NAME: 'travel-planner-api',
        },
      });
      // Every function may write: the shared middy stack stores idempotency records and rate-limit
      // counters in the table on any route.
      dataStack.bindTable(handler.function, 'read-write');
      this.secrets.bind(handler.function);
      functions[fn] = handler;
    }
    this.functions = functions;

    this.webSocket = new WebSocketService(this, 'WebSocket', {
      config,
      realtime,
      removalPolicy: config.removalPolicy,
      bind: (fn) => {
        // Read-write: $connect and $disconnect store connections, user_message stores messages.
        dataStack.bindTable(fn, 'read-write');
        this.secrets.bind(fn);
      },
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: api.logRetention,
      removalPolicy: config.removalPolicy,
    });

    const allowOrigins = [...api.corsOrigins];
    this.api = new apigateway.RestApi(this, 'RestApi', {
      restApiName: `${config.resourceNamePrefix}-api`,
      description: `Travel planner REST API (${config.stage}); routes from functions/api/routes.ts`,
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      minCompressionSize: Size.kibibytes(1),
      // Execution logging needs the account-level CloudWatch role: this stack sets it (regional,
      // one per account and region; retained when the stack goes).
      cloudWatchRole: true,
      deployOptions: {
        stageName: config.stage,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: ACCESS_LOG_FORMAT,
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: api.detailedMetrics,
        tracingEnabled: true,
        throttlingRateLimit: api.throttlingRateLimit,
        throttlingBurstLimit: api.throttlingBurstLimit,
      },
      defaultCorsPreflightOptions: {
        allowOrigins,
        allowHeaders: [...CORS_ALLOW_HEADERS],
        allowMethods: apigateway.Cors.ALL_METHODS,
        exposeHeaders: [...CORS_EXPOSE_HEADERS],
        maxAge: Duration.minutes(10),
      },
    });

    this.addGatewayResponses(allowOrigins);

    const validator = new apigateway.RequestValidator(this, 'RequestValidator', {
      restApi: this.api,
      requestValidatorName: 'body-and-parameters',
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    const integrations = new Map<FunctionName, apigateway.LambdaIntegration>();
    for (const route of ROUTES) {
      let integration = integrations.get(route.fn);
      if (!integration) {
        integration = new apigateway.LambdaIntegration(functions[route.fn].function, {
          proxy: true,
          allowTestInvoke: false,
        });
        integrations.set(route.fn, integration);
      }
      const schema = bodyModelSchema(route);
      const model = schema
        ? this.api.addModel(modelName(route.operation), {
            modelName: modelName(route.operation),
            contentType: 'application/json',
            schema,
          })
        : undefined;
      const requestParameters: Record<string, boolean> = {};
      for (const p of pathParameters(route.path)) requestParameters[`method.request.path.${p}`] = true;
      if (route.idempotent) requestParameters['method.request.header.Idempotency-Key'] = false;

      this.api.root.resourceForPath(route.path).addMethod(route.method, integration, {
        operationName: route.operation,
        // In-handler JWT verification: see the class documentation.
        authorizationType: apigateway.AuthorizationType.NONE,
        requestValidator: validator,
        requestParameters,
        ...(model ? { requestModels: { 'application/json': model } } : {}),
      });
    }

    // MCP (Streamable HTTP, stateless): POST JSON-RPC to /mcp with the API's bearer token; the
    // function verifies it and applies the REST rate limits itself (functions/mcp/http.ts).
    this.mcpFunction = new ApiFunction(this, 'McpFunction', {
      entry: 'functions/mcp/handler.ts',
      description: `Travel planner MCP server (${config.stage}): tools, resources, prompts over Streamable HTTP`,
      profile: { memorySize: 1769, timeout: Duration.seconds(29) },
      logRetention: api.logRetention,
      removalPolicy: config.removalPolicy,
      environment: { LOG_LEVEL: api.logLevel, POWERTOOLS_SERVICE_NAME: 'travel-planner-mcp' },
    });
    // Read-write: plan_itinerary and edit_plan store plans; the rate limiter writes counters.
    dataStack.bindTable(this.mcpFunction.function, 'read-write');
    this.secrets.bind(this.mcpFunction.function);
    const mcpIntegration = new apigateway.LambdaIntegration(this.mcpFunction.function, {
      proxy: true,
      allowTestInvoke: false,
    });
    const mcpResource = this.api.root.addResource('mcp');
    for (const method of ['POST', 'GET', 'DELETE']) {
      mcpResource.addMethod(method, mcpIntegration, {
        operationName: `mcp${method.charAt(0)}${method.slice(1).toLowerCase()}`,
        // In-function bearer verification, as for every route (see the class documentation).
        authorizationType: apigateway.AuthorizationType.NONE,
      });
    }

    if (api.webAcl) this.addWebAcl();

    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Authorization is enforced in the handlers: the shared middy stack verifies the JWT and the ' +
        "route's role (route table auth: none|user|admin) — one verification path shared with the " +
        'local stack and the WebSocket API, and no authorizer cold start. Public routes (health, ' +
        'register, login, shared plans) and CORS preflight must stay open.',
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-COG4',
      reason:
        "Users are the application's own accounts (scrypt passwords, OIDC sign-in, JWTs issued by the " +
        'auth function), not a Cognito user pool; tokens are verified in the handlers.',
    });
    if (!api.webAcl) {
      Validations.of(this.api).acknowledge({
        id: 'AwsSolutions-APIG3',
        reason:
          `No WAF web ACL in ${config.stage} (cost: a web ACL and its rules are billed monthly); prod ` +
          "has one. Abuse is bounded by stage throttling and the handlers' per-IP rate limits.",
      });
    }
    const cloudWatchRole = this.api.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      Validations.of(cloudWatchRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          'The account-level role API Gateway uses to write execution logs; AWS documents this ' +
          'managed policy for exactly that role, and API Gateway names its log groups itself.',
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the REST API (stage)' });
    new CfnOutput(this, 'McpUrl', {
      value: this.api.urlForPath('/mcp'),
      description: 'MCP Streamable HTTP endpoint (bearer token of the API)',
    });
    new CfnOutput(this, 'HealthUrl', {
      value: this.api.urlForPath('/health'),
      description: 'GET it to check the deployment',
    });
  }

  /**
   * Errors API Gateway itself produces: CORS headers on all of them; an unknown path answers 404
   * in the error envelope like the local emulation (API Gateway's default is 403 "Missing
   * Authentication Token"); a body refused by the model and throttling answer in the envelope too.
   */
  private addGatewayResponses(allowOrigins: string[]): void {
    const origin = allowOrigins.includes('*') ? '*' : allowOrigins[0]!;
    const cors = {
      'Access-Control-Allow-Origin': `'${origin}'`,
      'Access-Control-Allow-Headers': `'${CORS_ALLOW_HEADERS.join(',')}'`,
      'Access-Control-Expose-Headers': `'${CORS_EXPOSE_HEADERS.join(',')}'`,
    };
    // The error envelope (agents/schemas/envelope.ts) with API Gateway's own message, or ours.
    const envelope = (code: string, message?: string) => ({
      'application/json':
        `{"success":false,"error":{"code":"${code}","message":${message ? JSON.stringify(message) : '$context.error.messageString'},"details":[]},` +
        `"request_id":"$context.requestId"}`,
    });
    this.api.addGatewayResponse('Default4xx', {
      type: apigateway.ResponseType.DEFAULT_4XX,
      responseHeaders: cors,
    });
    this.api.addGatewayResponse('Default5xx', {
      type: apigateway.ResponseType.DEFAULT_5XX,
      responseHeaders: cors,
    });
    this.api.addGatewayResponse('UnknownRoute', {
      type: apigateway.ResponseType.MISSING_AUTHENTICATION_TOKEN,
      statusCode: '404',
      responseHeaders: cors,
      templates: envelope('NOT_FOUND', 'No such route'),
    });
    this.api.addGatewayResponse('BadRequestBody', {
      type: apigateway.ResponseType.BAD_REQUEST_BODY,
      statusCode: '400',
      responseHeaders: cors,
      templates: envelope('VALIDATION_ERROR'),
    });
    this.api.addGatewayResponse('Throttled', {
      type: apigateway.ResponseType.THROTTLED,
      statusCode: '429',
      responseHeaders: { ...cors, 'Retry-After': "'1'" },
      templates: envelope('RATE_LIMITED'),
    });
  }

  /** A regional WAF web ACL on the stage: AWS managed rules and a per-IP rate limit. */
  private addWebAcl(): void {
    const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName: name,
      sampledRequestsEnabled: true,
    });
    const managed = (
      name: string,
      priority: number,
      countOnly: string[] = [],
    ): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ...(countOnly.length > 0
            ? { ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }
            : {}),
        },
      },
      visibilityConfig: visibility(name),
    });
    const acl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('travel-planner-api'),
      rules: [
        // Plan bodies legitimately exceed the rule set's 8 KB body limit (the handlers cap at 256 KB).
        managed('AWSManagedRulesCommonRuleSet', 0, ['SizeRestrictions_BODY']),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 1),
        {
          name: 'PerIpRateLimit',
          priority: 2,
          action: { block: {} },
          statement: {
            rateBasedStatement: { limit: 2000, aggregateKeyType: 'IP', evaluationWindowSec: 300 },
          },
          visibilityConfig: visibility('PerIpRateLimit'),
        },
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.api.deploymentStage.stageArn,
      webAclArn: acl.attrArn,
    });
  }
}
