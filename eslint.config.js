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
  {
    // The data plane runs on the raw drivers (lib/store): no Prisma, no next-auth in its import graph.
    files: ['lib/store/**', 'lib/dataplane/**', 'lib/gateway/**', 'lib/api/auth-key.ts', 'lib/cache.ts', 'lib/keys/object.ts', 'lib/workspace-object.ts',
      'lib/metering/{admit,charge,gate,lookups,record,reservations,thresholds,types}.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/db', '@/lib/db', '**/generated/**'], message: 'The data plane reads and writes through lib/store (raw drivers), not Prisma.' },
        { group: ['next-auth', 'next-auth/*', '**/auth/index', '**/auth/config', '**/auth/credentials'], message: 'The data plane authenticates API keys only (lib/api/auth-key.ts).' },
      ] }],
    },
  },
);
