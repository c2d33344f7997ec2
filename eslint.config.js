// ESLint flat config: @eslint/js + typescript-eslint recommended, and the two classic React hooks
// rules (not eslint-plugin-react-hooks' React-compiler rules). `npm run lint` allows no warnings.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

// The runtime globals our plain JS/MJS files use (Node scripts, config files).
const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'AbortController', 'AbortSignal', 'TextEncoder',
    'TextDecoder', 'fetch', 'Request', 'Response', 'Headers', 'FormData', 'Blob', 'crypto', 'performance',
    'structuredClone', 'queueMicrotask', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval',
    'setImmediate', 'clearImmediate', 'WebAssembly', 'globalThis', '__dirname', '__filename', 'require', 'module',
  ].map((g) => [g, 'readonly']),
);

export default tseslint.config(
  {
    ignores: [
      '.next/**', '.next-*/**', 'node_modules/**', 'lib/generated/**', 'tmp/**', 'data/**', 'test-results/**',
      'playwright-report/**', 'e2e/screenshots/**', 'next-env.d.ts', 'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs,jsx,ts,tsx,mts,cts}'],
    languageOptions: { globals: nodeGlobals },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_',
        ignoreRestSiblings: true,
      }],
    },
  },
);
