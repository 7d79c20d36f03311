/**
 * The knowledge-base ingestion consumer (SQS): any message ("documents changed", a deployment
 * hook, an operator's `{"reason": "..."}`) triggers one idempotent ingestion of the bundled corpus
 * into Qdrant — only chunks whose content hash changed are embedded and upserted, removed ones are
 * deleted. One run serves the whole batch; if it fails, every message of the batch is retried
 * (and lands in the dead-letter queue after the queue's maxReceiveCount).
 *
 * Environment: KNOWLEDGE_STORE=qdrant, QDRANT_URL, QDRANT_API_KEY_SECRET_ARN (read once from
 * Secrets Manager), optional EMBEDDINGS_BASE_URL / EMBEDDINGS_MODEL for dense vectors.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createKnowledgeRuntime } from '../../knowledge/rag/runtime.js';

const logger = new Logger({ serviceName: 'travel-planner-knowledge-ingest' });
let keyLoaded: Promise<void> | undefined;

async function loadApiKey(env: NodeJS.ProcessEnv): Promise<void> {
  if (env.QDRANT_API_KEY || !env.QDRANT_API_KEY_SECRET_ARN) return;
  const client = new SecretsManagerClient({});
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: env.QDRANT_API_KEY_SECRET_ARN }));
    if (!out.SecretString) throw new Error('The Qdrant API key secret has no string value');
    env.QDRANT_API_KEY = out.SecretString;
  } finally {
    client.destroy();
  }
}

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  try {
    keyLoaded ??= loadApiKey(process.env).catch((err: unknown) => {
      keyLoaded = undefined;
      throw err;
    });
    await keyLoaded;
    const runtime = createKnowledgeRuntime({ env: process.env });
    const report = await runtime.ingest();
    logger.info('knowledge ingestion done', { messages: event.Records.length, ...report });
    return { batchItemFailures: [] };
  } catch (err) {
    logger.error('knowledge ingestion failed', { error: err instanceof Error ? err.message : String(err) });
    return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
  }
}
