import { defineConfig } from 'vitest/config';
import path from 'node:path';

// Integration tests run on a real, freshly migrated database: SQLite by default, PostgreSQL when
// DB_PROVIDER=postgresql and DATABASE_URL are set (tests/setup/global.ts refuses non-local URLs).
// Each run gets its own directory, so parallel runs in one checkout do not share a SQLite file.
const itDir = path.resolve(`tmp/it-${process.pid}`);
process.env.KEYCAP_IT_DIR = itDir;
const itDb = process.env.DB_PROVIDER === 'postgresql' ? process.env.DATABASE_URL : `file:${path.join(itDir, 'keycap.db')}`;

export default defineConfig({
  resolve: { alias: { '@': path.resolve('.') } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['lib/**/*.test.ts', 'components/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/global.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          env: {
            DATABASE_URL: itDb ?? '',
            KEYCAP_DATA_DIR: itDir,
            KEYCAP_SCRYPT_N: '16384',
            AUTH_SECRET: 'integration-test-secret-0123456789abcdef',
            WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
            KEY_CACHE_TTL_MS: '0',
          },
        },
      },
    ],
  },
});
