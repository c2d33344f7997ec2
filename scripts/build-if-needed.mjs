// Shared by scripts/start.mjs and scripts/e2e.mjs: make sure a production build of the
// current source exists, building only when it is missing or stale.
//
// Staleness: `.next/keycap-build-stamp` (or $NEXT_DIST_DIR/…) holds a hash of
//   git rev-parse HEAD + `git status --porcelain` for the app's sources (plus the contents of
//   every changed/untracked file listed there, so editing an already-modified file counts too)
//   + DB_PROVIDER (the generated Prisma client is bundled into the build).
// Without git (e.g. a tarball), we build only when `.next/BUILD_ID` is missing.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// What goes into the bundle. app/ components/ lib/ and the package files are the core; the
// root-level files Next reads are included so a config change also triggers a rebuild.
const WATCHED = [
  'app', 'components', 'lib', 'public', 'package.json', 'package-lock.json',
  'next.config.js', 'next.config.mjs', 'next.config.ts', 'postcss.config.mjs', 'tsconfig.json',
  'proxy.ts', 'middleware.ts', 'auth.ts', 'instrumentation.ts', 'prisma/schema.base.prisma',
];

// next.config.js honours NEXT_DIST_DIR (parallel builds in one checkout); so do we.
export const distDir = () => path.resolve(root, process.env.NEXT_DIST_DIR || '.next');
const buildIdFile = () => path.join(distDir(), 'BUILD_ID');
/** The lean server bundle that serves this build (scripts/build-server.mjs); it lives in the build's dir. */
export const serverFile = () => path.join(distDir(), 'keycap-server.mjs');
const stampFile = () => path.join(distDir(), 'keycap-build-stamp');

function git(args) {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error || r.status !== 0) return null;
  return r.stdout;
}

/** Hash identifying the current source, or null when git cannot tell us. */
export function sourceStamp() {
  if (git(['rev-parse', '--is-inside-work-tree'])?.trim() !== 'true') return null;
  const head = git(['rev-parse', '--verify', '-q', 'HEAD']) ?? 'no-commits\n'; // fresh repo: no HEAD yet
  const status = git(['status', '--porcelain', '-uall', '--', ...WATCHED]);
  if (status === null) return null;
  const h = createHash('sha256');
  h.update(head).update('\0').update(status).update('\0');
  h.update(`provider=${process.env.DB_PROVIDER === 'postgresql' ? 'postgresql' : 'sqlite'}\0`);
  // Porcelain lines look like "XY path" or "R  old -> new"; hash the current content of each.
  for (const line of status.split('\n')) {
    if (!line) continue;
    let p = line.slice(3);
    if (p.includes(' -> ')) p = p.split(' -> ').pop();
    if (p.startsWith('"')) { try { p = JSON.parse(p); } catch { /* keep as is */ } }
    const abs = path.join(root, p);
    h.update(p).update('\0');
    try {
      if (statSync(abs).isFile()) h.update(readFileSync(abs));
    } catch {
      h.update('<deleted>');
    }
    h.update('\0');
  }
  return h.digest('hex');
}

/** Why a build is needed, or null when the existing one is current. */
export function buildReason() {
  if (!existsSync(buildIdFile())) return 'no production build yet';
  if (!existsSync(serverFile())) return 'no server bundle yet';
  const stamp = sourceStamp();
  if (stamp === null) return null; // no git: keep whatever build exists
  const old = existsSync(stampFile()) ? readFileSync(stampFile(), 'utf8').trim() : '';
  if (old !== stamp) return old ? 'source changed since the last build' : 'build has no stamp';
  return null;
}

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    const err = new Error(`${[cmd, ...args].join(' ')} failed (exit ${r.status ?? r.signal})`);
    err.exitCode = r.status ?? 1;
    throw err;
  }
}

/**
 * Build when needed. Returns true when a build ran. Throws (with .exitCode) when it failed.
 * opts.log: function for progress lines (default console.log).
 */
export function buildIfNeeded({ log = console.log, force = false } = {}) {
  const reason = force ? 'forced' : buildReason();
  if (!reason) {
    log('Production build is up to date.');
    return false;
  }
  const first = !existsSync(buildIdFile());
  log(first
    ? 'Building the console (first start, about a minute)…'
    : `Rebuilding the console (${reason}, about a minute)…`);
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? '1' };
  const started = Date.now();
  const node = process.execPath;
  log('  [1/4] generating Prisma schemas');
  run(node, ['scripts/gen-schemas.mjs'], env);
  log('  [2/4] generating the Prisma client');
  run(node, ['scripts/generate.mjs'], env);
  log('  [3/4] next build (the console)');
  const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  if (existsSync(nextBin)) run(node, [nextBin, 'build'], env);
  else run('npx', ['next', 'build'], env);
  log('  [4/4] the data-plane server (esbuild)');
  run(node, ['scripts/build-server.mjs', serverFile()], env);
  const stamp = sourceStamp();
  if (stamp) writeFileSync(stampFile(), stamp + '\n');
  log(`Build finished in ${Math.round((Date.now() - started) / 1000)} s.`);
  return true;
}

// `node scripts/build-if-needed.mjs [--force]` works on its own too.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    buildIfNeeded({ force: process.argv.includes('--force') });
  } catch (e) {
    console.error(e.message);
    process.exit(e.exitCode ?? 1);
  }
}
