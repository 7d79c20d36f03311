/**
 * Signing keys in AWS: the stack passes `<NAME>_ARN` (never the value) and grants read on exactly
 * those secrets; at cold start each missing `<NAME>` is read from Secrets Manager once and put
 * into the environment before the configuration is validated. Locally the values are set directly
 * and nothing is fetched.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

const SECRET_VARIABLES = ['JWT_SECRET', 'CURSOR_SECRET'] as const;

let pending: Promise<void> | null = null;

async function load(env: NodeJS.ProcessEnv): Promise<void> {
  const wanted = SECRET_VARIABLES.filter((name) => !env[name] && env[`${name}_ARN`]);
  if (wanted.length === 0) return;
  const client = new SecretsManagerClient({});
  try {
    for (const name of wanted) {
      const out = await client.send(new GetSecretValueCommand({ SecretId: env[`${name}_ARN`] }));
      if (!out.SecretString) throw new Error(`Secret for ${name} has no string value`);
      env[name] = out.SecretString;
    }
  } finally {
    client.destroy();
  }
}

/** Resolves the signing keys once per process (memoised; a failure is retried on the next call). */
export function resolveSecrets(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  pending ??= load(env).catch((err: unknown) => {
    pending = null;
    throw err;
  });
  return pending;
}
