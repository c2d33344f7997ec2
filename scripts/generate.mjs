// Generate the Prisma client for the configured provider (DB_PROVIDER=sqlite|postgresql).
// The native schema engine cannot be downloaded here and is not needed for `generate`.
import { execFileSync } from 'node:child_process';
const provider = process.env.DB_PROVIDER === 'postgresql' ? 'postgresql' : 'sqlite';
execFileSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate', '--schema', `prisma/${provider}/schema.prisma`], {
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/false', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
});
