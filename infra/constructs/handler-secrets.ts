/**
 * The API handlers' signing secrets in Secrets Manager, handed to functions by ARN.
 */
import type { RemovalPolicy } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/**
 * The secret each handler variable comes from: the function receives `<NAME>_ARN` and must
 * resolve `<NAME>` from Secrets Manager at cold start (the secret's SecretString is the value
 * itself, 64 alphanumeric characters).
 */
export const HANDLER_SECRET_ENV = {
  /** HS256 key of the access tokens (>= 32 bytes). */
  JWT_SECRET: 'JWT_SECRET_ARN',
  /** HMAC key of the pagination cursors (>= 16 bytes). */
  CURSOR_SECRET: 'CURSOR_SECRET_ARN',
} as const;

/** A handler variable that comes from a secret. */
export type HandlerSecretName = keyof typeof HANDLER_SECRET_ENV;

/** Something that can be given secrets: a Lambda function. */
export interface SecretConsumer extends iam.IGrantable {
  addEnvironment(key: string, value: string): unknown;
}

/** Props of {@link HandlerSecrets}. */
export interface HandlerSecretsProps {
  /** Prefix of the secrets' names, e.g. `travel-planner-dev`. */
  readonly namePrefix: string;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Generates one secret per {@link HANDLER_SECRET_ENV} entry. {@link HandlerSecrets.bind} is the
 * only way to give a function a secret: it sets `<NAME>_ARN` and, in the same place, grants
 * `secretsmanager:GetSecretValue`/`DescribeSecret` on exactly that secret.
 *
 * Why ARNs and not values: a value resolved into the function's environment at deploy time
 * (`secretValue.unsafeUnwrap()`) would be readable in plain text by anyone who can read the
 * function's configuration or the CloudFormation template, and would need a redeploy to change.
 */
export class HandlerSecrets extends Construct {
  public readonly secrets: Readonly<Record<HandlerSecretName, secretsmanager.Secret>>;

  constructor(scope: Construct, id: string, props: HandlerSecretsProps) {
    super(scope, id);
    const make = (name: HandlerSecretName, description: string) => {
      const secret = new secretsmanager.Secret(this, name, {
        secretName: `${props.namePrefix}/api/${name.toLowerCase().replace(/_/g, '-')}`,
        description,
        generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
        removalPolicy: props.removalPolicy,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Rotating this key invalidates every token (or cursor) signed with it at once; rotation ' +
          'needs key ids and a verify-with-previous-key window in the handlers, which they do not ' +
          'have yet. Rotate by hand (put-secret-value) during a maintenance window.',
      });
      return secret;
    };
    this.secrets = {
      JWT_SECRET: make('JWT_SECRET', 'HS256 key signing the API access tokens'),
      CURSOR_SECRET: make('CURSOR_SECRET', 'HMAC key signing the API pagination cursors'),
    };
  }

  /** Sets `<NAME>_ARN` for each secret on the function and grants it read access to them. */
  public bind(consumer: SecretConsumer): void {
    for (const [name, env] of Object.entries(HANDLER_SECRET_ENV) as [HandlerSecretName, string][]) {
      const secret = this.secrets[name];
      consumer.addEnvironment(env, secret.secretArn);
      secret.grantRead(consumer);
    }
  }
}
