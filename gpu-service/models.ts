/**
 * The models the GPU service can serve and the vLLM flags for each: one catalog read by the CDK
 * inference stack (task definitions), the load client (`npm run bench:llm`), the cost model and
 * the tests that keep the Dockerfile's entrypoint (gpu-service/serve.sh) and docker-compose.yml in
 * step with it.
 *
 * Flags (see gpu-service/README.md): `--max-model-len`, `--gpu-memory-utilization`, hermes tool
 * calling, no `--quantization` (vLLM picks the Marlin kernel for AWQ itself; forcing `awq` is
 * several times slower), prefix caching on for the chat models (the V1 engine's default, stated explicitly), and for
 * Qwen3 the `qwen3` reasoning parser with thinking switched off per request
 * (`chat_template_kwargs.enable_thinking: false`, what functions/llm/openai-client.ts sends).
 */

/** Ids of the chat models of {@link CHAT_MODELS}. */
export const CHAT_MODEL_IDS = ['qwen2.5-7b-awq', 'qwen3-8b-awq'] as const;
/** A chat model id. */
export type ChatModelId = (typeof CHAT_MODEL_IDS)[number];

/** Ids of the pooling (embedding, reranking) models of {@link POOLING_MODELS}. */
export const POOLING_MODEL_IDS = ['bge-m3', 'bge-reranker-v2-m3'] as const;
/** A pooling model id. */
export type PoolingModelId = (typeof POOLING_MODEL_IDS)[number];

/** One servable model. */
export interface ModelSpec {
  /** The Hugging Face repository the weights come from (copied to S3 once; see the README). */
  readonly hfRepo: string;
  /** The name clients send as `model` (`--served-model-name`; `LLM_MODEL` of the functions). */
  readonly servedName: string;
  /** Key prefix of the weights in the model bucket: `s3://<bucket>/<s3Prefix>/`. */
  readonly s3Prefix: string;
  /** Approximate size of the weights in GiB (load time, disk, cost notes). */
  readonly weightsGiB: number;
  /** Flags besides the model path and the shared serving flags. */
  readonly extraArgs: readonly string[];
}

/** The chat models. Qwen2.5-7B-Instruct-AWQ is the default: ~5.5 GiB, ~220k KV tokens on an A10G. */
export const CHAT_MODELS: Readonly<Record<ChatModelId, ModelSpec>> = {
  'qwen2.5-7b-awq': {
    hfRepo: 'Qwen/Qwen2.5-7B-Instruct-AWQ',
    servedName: 'Qwen/Qwen2.5-7B-Instruct-AWQ',
    s3Prefix: 'models/Qwen2.5-7B-Instruct-AWQ',
    weightsGiB: 5.5,
    extraArgs: ['--enable-prefix-caching', '--enable-auto-tool-choice', '--tool-call-parser', 'hermes'],
  },
  'qwen3-8b-awq': {
    hfRepo: 'Qwen/Qwen3-8B-AWQ',
    servedName: 'Qwen/Qwen3-8B-AWQ',
    s3Prefix: 'models/Qwen3-8B-AWQ',
    weightsGiB: 6.0,
    // Qwen3 emits hermes-style tool calls too; thinking is off per request, not per server.
    extraArgs: [
      '--enable-prefix-caching',
      '--enable-auto-tool-choice',
      '--tool-call-parser',
      'hermes',
      '--reasoning-parser',
      'qwen3',
    ],
  },
};

/** The pooling models (`--runner pooling`: /v1/embeddings, /score, /rerank). */
export const POOLING_MODELS: Readonly<Record<PoolingModelId, ModelSpec>> = {
  'bge-m3': {
    hfRepo: 'BAAI/bge-m3',
    servedName: 'BAAI/bge-m3',
    s3Prefix: 'models/bge-m3',
    weightsGiB: 2.2,
    extraArgs: ['--runner', 'pooling'],
  },
  'bge-reranker-v2-m3': {
    hfRepo: 'BAAI/bge-reranker-v2-m3',
    servedName: 'BAAI/bge-reranker-v2-m3',
    s3Prefix: 'models/bge-reranker-v2-m3',
    weightsGiB: 2.2,
    extraArgs: ['--runner', 'pooling'],
  },
};

/** The default chat model. */
export const DEFAULT_CHAT_MODEL: ChatModelId = 'qwen2.5-7b-awq';

/** The pinned vLLM image (never `latest`). See the README for the CUDA/driver pairing. */
export const VLLM_IMAGE = 'vllm/vllm-openai:v0.25.0';

/**
 * The CUDA 12.9 build of the same release, for hosts whose NVIDIA driver is older than 580 (the
 * plain tags from v0.20 on are CUDA 13 builds and need driver >= 580). What the ECS GPU AMI gets.
 */
export const VLLM_IMAGE_CU129 = `${VLLM_IMAGE}-cu129`;

/** The port vLLM listens on inside the container. */
export const VLLM_PORT = 8000;

/** Serving options shared by every model. */
export interface ServeOptions {
  /** Where the weights are: `s3://bucket/prefix/` (streamed) or a local directory (instance cache). */
  readonly modelPath: string;
  readonly servedName: string;
  readonly maxModelLen: number;
  readonly gpuMemoryUtilization: number;
}

/**
 * The vLLM command line (after the image's `vllm serve` entrypoint) for one model. Weights from S3
 * are streamed with the Run:ai model streamer (`--load-format runai_streamer`); a local path is
 * read as it is. Never a hub name: production never downloads from a model hub at start.
 */
export function vllmArgs(spec: ModelSpec, options: ServeOptions): string[] {
  if (!options.modelPath.startsWith('s3://') && !options.modelPath.startsWith('/')) {
    throw new Error(`model path must be s3://... or an absolute directory, not ${options.modelPath}`);
  }
  return [
    '--model',
    options.modelPath,
    ...(options.modelPath.startsWith('s3://') ? ['--load-format', 'runai_streamer'] : []),
    '--served-model-name',
    options.servedName,
    '--host',
    '0.0.0.0',
    '--port',
    String(VLLM_PORT),
    '--max-model-len',
    String(options.maxModelLen),
    '--gpu-memory-utilization',
    String(options.gpuMemoryUtilization),
    ...spec.extraArgs,
  ];
}
