/**
 * Prompt used by agents/llm/structured.ts when the model's JSON failed validation: the errors are
 * fed back once. Instructions to the model are in English for both languages (the user's text,
 * quoted in the conversation, keeps its own language).
 */
import type { PromptTemplate } from '../llm/prompt-template.js';

export const STRUCTURED_RETRY: PromptTemplate = {
  id: 'structured-output.retry',
  version: 1,
  lang: 'en',
  text: [
    'Your previous reply was not a valid `{{name}}` object. Problems:',
    '{{problems}}',
    '',
    'Reply again with only one JSON object that matches the `{{name}}` JSON schema exactly:',
    'no prose, no code fences, no comments. Use null or omit a field when the request does not say.',
  ].join('\n'),
};
