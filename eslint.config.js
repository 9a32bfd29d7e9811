import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTIN = '^(node:|(fs|path|os|child_process|crypto|http|https|net|url|worker_threads|stream|util|events)(/|$))';

/**
 * Layers, checked by a machine (a review cannot hold a layer; a rule can):
 * - src/shared imports no runtime: only other files of src/shared;
 * - src/main/core is plain Node: never electron, never the electron adapters;
 * - the renderer never imports main, preload or Node.
 */
export const layerRules = [
  {
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!\\.{1,2}/)', message: 'src/shared imports no runtime: only other files of src/shared.' },
            { regex: '^(\\.\\./)+(main|renderer|preload)(/|$)', message: 'src/shared may not import main, renderer or preload.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^electron(/|$)', message: 'src/main/core is plain Node: never import electron; put Electron code in src/main/electron.' },
            { regex: '^(\\.\\./)+(electron|index)(/|\\.ts$|$)', message: 'src/main/core may not import the Electron shell.' },
            { regex: '^(\\.\\./)+(renderer|preload)(/|$)', message: 'src/main/core may not import the renderer or preload.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\./)+(main|preload)(/|$)', message: 'The renderer never imports main or preload: call routes through the bridge.' },
            { regex: '^electron(/|$)', message: 'The renderer never imports electron: use window.nxforge through the bridge client.' },
            { regex: NODE_BUILTIN, message: 'The renderer runs in a browser: no Node built-ins.' },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'dist-app/**', 'node_modules/**', '.test-output/**', '.scratch/**', 'modules/*/dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  ...layerRules,
);
