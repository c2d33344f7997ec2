#!/usr/bin/env node
// Builds the lean server (lib/dataplane/main.ts) into dist/server.mjs with esbuild: our TypeScript bundled,
// every npm package left external (resolved from node_modules at run time). Part of `npm run build`.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
await build({
  entryPoints: [path.join(root, 'lib/dataplane/main.ts')],
  outfile: path.join(root, 'dist/server.mjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: 'linked',
  alias: { '@': root },
  logLevel: 'warning',
  banner: { js: "import { createRequire as __kcCreateRequire } from 'node:module'; const require = __kcCreateRequire(import.meta.url);" },
});
console.log(`[build] dist/server.mjs in ${Date.now() - started} ms`);
