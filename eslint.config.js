// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Packages the pure domain layer must never import: it depends on ports only. */
const FORBIDDEN_IN_AGENTS = [
  {
    group: ['@aws-sdk/*', 'aws-cdk-lib', 'aws-cdk-lib/*'],
    message: 'agents/ is pure domain logic: put AWS adapters in functions/.',
  },
  {
    group: ['@qdrant/*'],
    message: 'agents/ is pure domain logic: the vector store adapter lives in knowledge/.',
  },
  {
    group: ['openai', 'openai/*'],
    message: 'agents/ talks to the LLM through its port; the OpenAI adapter lives outside agents/.',
  },
  {
    group: ['node:http', 'http', 'node:https', 'https', 'undici'],
    message: 'agents/ must not open network connections itself.',
  },
  {
    group: [
      '../functions/*',
      '../../functions/*',
      '../infra/*',
      '../../infra/*',
      '../local/*',
      '../../local/*',
      '../knowledge/*',
      '../../knowledge/*',
    ],
    message: 'agents/ must not depend on outer layers.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', '.local/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'Use explicit named exports; no `export *` barrels.' },
      ],
    },
  },
  {
    files: ['agents/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: FORBIDDEN_IN_AGENTS }],
    },
  },
);
