/**
 * LLM endpoint configuration: offline when LLM_BASE_URL is unset, defaults, validation that fails
 * fast.
 */
import { describe, expect, it } from 'vitest';
import { llmConfigFromEnv, normalizeBaseUrl } from '../../functions/llm/config.js';

describe('llmConfigFromEnv', () => {
  it('is offline (null) without LLM_BASE_URL', () => {
    expect(llmConfigFromEnv({})).toBeNull();
    expect(llmConfigFromEnv({ LLM_BASE_URL: '  ', LLM_MODEL: 'x' })).toBeNull();
  });

  it('applies the defaults', () => {
    expect(llmConfigFromEnv({ LLM_BASE_URL: 'http://vllm.internal:8000/v1' })).toEqual({
      baseURL: 'http://vllm.internal:8000/v1',
      apiKey: 'EMPTY',
      model: 'Qwen/Qwen2.5-7B-Instruct',
      timeoutMs: 30_000,
      maxRetries: 1,
    });
  });

  it('reads every variable', () => {
    expect(
      llmConfigFromEnv({
        LLM_BASE_URL: 'https://llm.example.com',
        LLM_API_KEY: 'sk-1',
        LLM_MODEL: 'Qwen/Qwen3-8B-AWQ',
        LLM_TIMEOUT_MS: '12000',
        LLM_MAX_RETRIES: '0',
        LLM_ENABLE_THINKING: 'false',
      }),
    ).toEqual({
      baseURL: 'https://llm.example.com/v1',
      apiKey: 'sk-1',
      model: 'Qwen/Qwen3-8B-AWQ',
      timeoutMs: 12_000,
      maxRetries: 0,
      enableThinking: false,
    });
  });

  it('fails fast on invalid values, naming the field but not the value', () => {
    expect(() => llmConfigFromEnv({ LLM_BASE_URL: 'not a url' })).toThrow(
      /invalid LLM configuration \(baseURL\)/,
    );
    expect(() => llmConfigFromEnv({ LLM_BASE_URL: 'ftp://x/v1' })).toThrow(/baseURL/);
    expect(() => llmConfigFromEnv({ LLM_BASE_URL: 'http://x/v1', LLM_TIMEOUT_MS: 'soon' })).toThrow(
      /timeoutMs/,
    );
    expect(() => llmConfigFromEnv({ LLM_BASE_URL: 'http://x/v1', LLM_MAX_RETRIES: '9' })).toThrow(
      /maxRetries/,
    );
    expect(() => llmConfigFromEnv({ LLM_BASE_URL: 'http://x/v1', LLM_ENABLE_THINKING: 'maybe' })).toThrow(
      /LLM_ENABLE_THINKING/,
    );
  });

  it('adds /v1 to a bare origin only', () => {
    expect(normalizeBaseUrl('http://vllm:8000')).toBe('http://vllm:8000/v1');
    expect(normalizeBaseUrl('http://vllm:8000/')).toBe('http://vllm:8000/v1');
    expect(normalizeBaseUrl('http://gateway/llm/v1/')).toBe('http://gateway/llm/v1');
  });
});
