#!/usr/bin/env node
// Builds the lean server (lib/dataplane/main.ts) into .next/keycap-server.mjs (beside the console build it
// serves; $NEXT_DIST_DIR honoured) with esbuild: our TypeScript bundled,
// every npm package left external (resolved from node_modules at run time). Part of `npm run build`.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Builds the server bundle into `outfile` (default dist/server.mjs). */
export async function buildServer(outfile = path.resolve(root, process.env.NEXT_DIST_DIR || '.next', 'keycap-server.mjs')) {
  const started = Date.now();
  await build({
  entryPoints: [path.join(root, 'lib/dataplane/main.ts')],
  outfile,
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
  return Date.now() - started;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
  const ms = await buildServer(out);
  console.log(`[build] ${path.relative(root, out ?? path.resolve(root, process.env.NEXT_DIST_DIR || '.next', 'keycap-server.mjs'))} in ${ms} ms`);
}
