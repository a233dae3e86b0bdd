// @ts-check
// One lint command for the whole tree: typed TypeScript rules, the layering rule that keeps each
// top-level folder in its lane, and purity rules for the code that must run anywhere.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import layering from './scripts/lint/layering.js';

/** Globals that are neither DOM nor Node and that pure code may use. */
const PURE_ALLOWED = new Set([
  'URL',
  'URLSearchParams',
  'TextEncoder',
  'TextDecoder',
  'structuredClone',
]);
const hostGlobals = [
  ...new Set([...Object.keys(globals.browser), ...Object.keys(globals.node)]),
].filter((name) => !PURE_ALLOWED.has(name) && !(name in globals.es2021));

/** Pure code receives time and randomness from its caller, so results replay exactly. */
const impureCalls = [
  { object: 'Date', property: 'now', message: 'Pure code takes the time as an argument.' },
  { object: 'Math', property: 'random', message: 'Pure code takes randomness as an argument.' },
  { object: 'performance', property: 'now', message: 'Pure code takes the time as an argument.' },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'release/',
      'dist/',
      '.data/',
      'bench/results/',
      'test-results/',
      'playwright-report/',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        project: [
          './app/tsconfig.json',
          './renderer/tsconfig.json',
          './tsconfig.json',
          './tsconfig.test.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/*.{js,ts,tsx}'],
    plugins: { local: layering },
    rules: { 'local/layering': 'error' },
  },
  {
    // Pure layers: no host globals, no clock, no randomness, no console.
    files: ['app/**/*.ts', 'sync/protocol/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', ...hostGlobals],
      'no-restricted-properties': ['error', ...impureCalls],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Pure code takes the time as an argument.',
        },
      ],
      'no-console': 'error',
    },
  },
  {
    // The UI runs in a sandboxed renderer: no Node globals.
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...Object.keys(globals.node).filter((n) => !(n in globals.browser)),
      ],
    },
  },
  {
    // The register's main connection begins write transactions IMMEDIATE, through one helper
    // (main/store/write-transaction.ts): a deferred one fails with SQLITE_BUSY when the background
    // writer commits between its first read and its first write.
    files: ['main/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='transaction'][callee.object.name='db']",
          message:
            'Use writeTransaction (or readSnapshot for reads) from main/store: a deferred write transaction fails when the background writer commits meanwhile.',
        },
      ],
    },
  },
);
