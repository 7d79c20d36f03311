#!/usr/bin/env bash
# Entrypoint of the GPU image: builds the vLLM command line from the environment the ECS task
# definition sets (flags as in gpu-service/models.ts; test/infra/gpu-service.test.ts keeps the two
# in step). Extra arguments given to the container are appended.
#
#   MODEL_PATH              s3://bucket/prefix/ (streamed) or /models/<dir> (instance cache). Required.
#   SERVED_MODEL_NAME       the `model` clients send (default: the path's last segment)
#   MODEL_KIND              chat (default) | pooling
#   REASONING_PARSER        e.g. qwen3 (Qwen3 models; thinking is switched off per request)
#   MAX_MODEL_LEN           default 16384
#   GPU_MEMORY_UTILIZATION  default 0.90
set -euo pipefail

: "${MODEL_PATH:?MODEL_PATH must be s3://bucket/prefix/ or an absolute directory (never a hub name)}"
case "$MODEL_PATH" in
  s3://*) load=(--load-format runai_streamer) ;;
  /*) load=() ;;
  *) echo "MODEL_PATH must be s3://... or an absolute directory, not: $MODEL_PATH" >&2; exit 64 ;;
esac

served="${SERVED_MODEL_NAME:-$(basename "${MODEL_PATH%/}")}"
args=(
  --model "$MODEL_PATH"
  "${load[@]}"
  --served-model-name "$served"
  --host 0.0.0.0
  --port 8000
  --max-model-len "${MAX_MODEL_LEN:-16384}"
  --gpu-memory-utilization "${GPU_MEMORY_UTILIZATION:-0.90}"
)
if [ "${MODEL_KIND:-chat}" = "pooling" ]; then
  args+=(--runner pooling)
else
  # No --quantization: vLLM detects AWQ and picks the Marlin kernel itself.
  args+=(--enable-prefix-caching --enable-auto-tool-choice --tool-call-parser hermes)
  if [ -n "${REASONING_PARSER:-}" ]; then args+=(--reasoning-parser "$REASONING_PARSER"); fi
fi

exec vllm serve "${args[@]}" "$@"
