/**
 * The WebSocket API: the API itself in the realtime stack (frames routed by `type`), its routes
 * ($connect, $disconnect, $default), functions and auto-deployed stage in the API stack, and the
 * push permission — execute-api:ManageConnections on POST /@connections/* of this API's stage
 * only, with WEBSOCKET_ENDPOINT beside it — given to exactly the functions that push frames.
 * cdk-nag over the whole app is nag.test.ts's.
 */
import type { CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { AGENT_STATUS_TASKS } from '../../statemachines/plan-trip-tasks.js';
import { WEBSOCKET_ENDPOINT_ENV } from '../../functions/notify/websocket-publisher.js';
import { WS_ROUTES, WS_ROUTE_SELECTION_EXPRESSION } from '../../functions/ws/routes.js';
import { buildApp, projectContext } from '../../infra/app-builder.js';
import { PLAN_TRIP_TASKS } from '../../statemachines/plan-trip-tasks.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CONTEXTS = {
  dev: { stage: 'dev' },
  prod: { stage: 'prod', region: 'eu-west-1' },
} as const;

const ofType = (resources: Json, type: string): [string, Json][] =>
  Object.entries(resources).filter(([, r]) => r.Type === type);

describe.each(Object.keys(CONTEXTS) as (keyof typeof CONTEXTS)[])('WebSocket API (%s)', (stage) => {
  const built = buildApp({ ...projectContext(), ...CONTEXTS[stage] });
  const { realtimeStack, apiStack, orchestrationStack, asyncStack, config } = built;
  const stacks: Stack[] = [realtimeStack, apiStack, orchestrationStack, asyncStack, built.dataStack];
  const templates = new Map(stacks.map((s) => [s, Template.fromStack(s).toJSON() as Json]));
  const resourcesOf = (s: Stack) => templates.get(s)!['Resources'] as Json;
  const realtime = resourcesOf(realtimeStack);
  const api = resourcesOf(apiStack);
  const logicalId = (c: { node: { defaultChild?: unknown } }) =>
    (c.node.defaultChild as CfnResource).stack.getLogicalId(c.node.defaultChild as CfnResource);
  const exportName = realtimeStack.apiIdExportName;

  it('is a WEBSOCKET API whose frames are routed by their type', () => {
    const apis = ofType(realtime, 'AWS::ApiGatewayV2::Api');
    expect(apis).toHaveLength(1);
    expect(apis[0]![1].Properties).toMatchObject({
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: WS_ROUTE_SELECTION_EXPRESSION,
    });
    const outputs = Template.fromStack(realtimeStack).toJSON()['Outputs'] as Json;
    const exported = Object.values(outputs).find((o) => o.Export?.Name === exportName);
    expect(exported?.Value).toEqual({ Ref: apis[0]![0] });
  });

  it('has the $connect, $disconnect and $default routes, each a Lambda proxy to its function', () => {
    const routes = ofType(api, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties as Json);
    expect(routes.map((r) => r['RouteKey']).sort()).toEqual(['$connect', '$default', '$disconnect']);
    for (const def of WS_ROUTES) {
      const route = routes.find((r) => r['RouteKey'] === def.routeKey)!;
      // In-handler JWT verification at $connect (see WebSocketService), no gateway authorizer.
      expect(route['AuthorizationType']).toBe('NONE');
      const integrationId = route['Target']['Fn::Join'][1][1]['Ref'] as string;
      const integration = api[integrationId].Properties as Json;
      expect(integration['IntegrationType']).toBe('AWS_PROXY');
      const fnId = logicalId(apiStack.webSocket.functions[def.routeKey].function);
      expect(JSON.stringify(integration['IntegrationUri'])).toContain(`"${fnId}","Arn"`);
      expect(api[fnId].Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
      });
    }
    // Each function may be invoked by this API's own route only.
    const permissions = ofType(api, 'AWS::Lambda::Permission').map(([, p]) => JSON.stringify(p.Properties));
    for (const def of WS_ROUTES) {
      expect(permissions.some((p) => p.includes(`/*${def.routeKey}`))).toBe(true);
    }
  });

  it('deploys a stage named after the deployment stage: auto-deployed, throttled, access-logged', () => {
    const stages = ofType(api, 'AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(1);
    const [stageId, stageResource] = stages[0]!;
    expect(stageResource.Properties).toMatchObject({
      StageName: config.stage,
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: config.api.throttlingRateLimit,
        ThrottlingBurstLimit: config.api.throttlingBurstLimit,
      },
    });
    const logFormat = JSON.parse(stageResource.Properties.AccessLogSettings.Format as string) as Json;
    expect(logFormat).toMatchObject({ connectionId: '$context.connectionId', routeKey: '$context.routeKey' });
    // Created after the routes: auto-deploy needs at least one.
    const routeIds = ofType(api, 'AWS::ApiGatewayV2::Route').map(([id]) => id);
    expect(api[stageId].DependsOn).toEqual(expect.arrayContaining(routeIds));
  });

  /** Every function of the app with its stack's resources. */
  const functions = stacks.flatMap((s) =>
    ofType(resourcesOf(s), 'AWS::Lambda::Function').map(([id, r]) => ({
      stack: s,
      id,
      props: r.Properties as Json,
    })),
  );
  const pushStatements = (s: Stack, fnProps: Json): Json[] => {
    const role = fnProps['Role']['Fn::GetAtt'][0] as string;
    return ofType(resourcesOf(s), 'AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(`"${role}"`))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Json[])
      .filter((st) => [st['Action']].flat().some((a: string) => a.startsWith('execute-api:')));
  };

  it('lets exactly the functions that push frames post to connections, with the endpoint beside it', () => {
    const expected = new Set([
      `${apiStack.stackName}/${logicalId(apiStack.webSocket.functions.$default.function)}`,
      `${apiStack.stackName}/${logicalId(apiStack.functions.agents.function)}`,
      ...AGENT_STATUS_TASKS.map(
        (t) => `${orchestrationStack.stackName}/${logicalId(orchestrationStack.functions[t].function)}`,
      ),
      `${orchestrationStack.stackName}/${logicalId(orchestrationStack.executionEnded.function)}`,
      ...Object.values(asyncStack.workflows).map(
        (w) => `${asyncStack.stackName}/${logicalId(w.consumer.function)}`,
      ),
    ]);
    const granted = functions.filter((f) => pushStatements(f.stack, f.props).length > 0);
    expect(new Set(granted.map((f) => `${f.stack.stackName}/${f.id}`))).toEqual(expected);
    for (const f of functions) {
      const hasEndpoint = WEBSOCKET_ENDPOINT_ENV in (f.props['Environment']?.['Variables'] ?? {});
      expect(hasEndpoint, `${f.stack.stackName}/${f.id}`).toBe(expected.has(`${f.stack.stackName}/${f.id}`));
    }
    // Not every PlanTrip task: only those reporting progress or the session's end.
    expect(AGENT_STATUS_TASKS.length).toBeLessThan(PLAN_TRIP_TASKS.length);
  });

  it('scopes the grant to POST /@connections/* of this API and stage, and points the endpoint there', () => {
    for (const f of functions) {
      for (const st of pushStatements(f.stack, f.props)) {
        expect(st['Effect']).toBe('Allow');
        expect([st['Action']].flat()).toEqual(['execute-api:ManageConnections']);
        const resources = [st['Resource']].flat();
        expect(resources).toHaveLength(1);
        const arn = JSON.stringify(resources[0]);
        expect(arn).toContain(`{"Fn::ImportValue":"${exportName}"}`);
        expect(arn).toMatch(new RegExp(`"/${config.stage}/POST/@connections/\\*"\\]\\]\\}$`));
        expect(arn).toContain(':execute-api:');
        const endpoint = JSON.stringify(f.props['Environment']['Variables'][WEBSOCKET_ENDPOINT_ENV]);
        expect(endpoint).toContain('"https://"');
        expect(endpoint).toContain(`{"Fn::ImportValue":"${exportName}"}`);
        expect(endpoint).toContain(`/${config.stage}`);
      }
    }
  });

  it('makes every stack that imports the API id depend on the realtime stack, which depends on none', () => {
    for (const s of [apiStack, orchestrationStack, asyncStack]) {
      expect(s.dependencies).toContain(realtimeStack);
    }
    expect(realtimeStack.dependencies).toEqual([]);
  });
});
