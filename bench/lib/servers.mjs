// Production builds and `next start` processes for the benchmark and the multi-instance test.
// Plain ESM so both bench/run.ts (tsx) and scripts/multi-instance.mjs (node) can use it.
// Every process started here runs in its own process group and is stopped by its PID.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, readFileSync, writeFileSync, closeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

/** The provider the Prisma client in lib/generated was generated for ('sqlite' | 'postgresql' | null). */
export function generatedProvider() {
  const f = path.join(root, 'lib', 'generated', 'prisma', 'internal', 'class.ts');
  if (!existsSync(f)) return null;
  const m = /"activeProvider":\s*"(\w+)"/.exec(readFileSync(f, 'utf8'));
  return m ? m[1] : null;
}

/**
 * Makes sure `distDir` holds a production build for `provider`: builds when BUILD_ID is missing, when the
 * build was made for another provider, or when `force`. It does not regenerate the Prisma client (that is
 * shared by everyone in the checkout): the client in lib/generated must already be for `provider`.
 * Returns the build time in ms (0 when none was needed).
 */
export function ensureBuild({ distDir, provider, force = false, log = console.error }) {
  const abs = path.resolve(root, distDir);
  const stamp = path.join(abs, 'keycap-provider');
  const have = existsSync(path.join(abs, 'BUILD_ID')) && existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : null;
  if (!force && have === provider) {
    buildServerInto(abs); // the data-plane bundle is rebuilt every time (~0.1 s): it must be the current source
    return 0;
  }
  const gen = generatedProvider();
  if (gen !== provider)
    throw new Error(`the Prisma client in lib/generated is for ${gen ?? 'nothing'}, not ${provider}: run DB_PROVIDER=${provider} node scripts/generate.mjs first (in a checkout of your own)`);
  log(`building ${distDir} for ${provider}${have ? ` (had ${have})` : ''} …`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [nextBin, 'build'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NEXT_DIST_DIR: distDir, DB_PROVIDER: provider, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status ?? r.signal}):\n${(r.stdout ?? '').slice(-4000)}\n${(r.stderr ?? '').slice(-4000)}`);
  buildServerInto(abs);
  writeFileSync(stamp, provider + '\n');
  return Date.now() - t0;
}

function buildServerInto(abs) {
  const s = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-server.mjs'), path.join(abs, 'keycap-server.mjs')], { cwd: root, encoding: 'utf8' });
  if (s.status !== 0) throw new Error(`server build failed:\n${s.stderr}`);
}

/**
 * Starts `next start` on 127.0.0.1:`port` in its own process group. Output goes to `logFile`.
 * Returns { pid, url, stop() }.
 */
export function startNext({ port, distDir, env, logFile }) {
  const fd = openSync(logFile, 'a');
  // The server users run: the lean data plane in front of Next (scripts/build-server.mjs), one port.
  const child = spawn(process.execPath, [path.resolve(root, distDir, 'keycap-server.mjs')], {
    cwd: root,
    detached: true,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, ...env, NEXT_DIST_DIR: distDir, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', PORT: String(port), HOST: '127.0.0.1' },
  });
  closeSync(fd);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start next on port ${port}`);
  let exited = false;
  child.on('exit', () => (exited = true));
  child.unref();
  return {
    pid,
    port,
    url: `http://127.0.0.1:${port}`,
    get exited() {
      return exited;
    },
    /** SIGTERM to the process (and its group), SIGKILL after `graceMs`. */
    stop: (graceMs = 5000) => stopPid(pid, graceMs, () => exited),
  };
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Stops a process we started (and the process group it leads) by its PID. */
export async function stopPid(pid, graceMs = 5000, isExited = () => !alive(pid)) {
  if (!pid) return;
  const signal = (sig, targets = [-pid, pid]) => {
    for (const target of targets) {
      try {
        process.kill(target, sig);
      } catch {
        /* already gone */
      }
    }
  };
  if (isExited()) return signal('SIGKILL', [-pid]); // the leader is gone; make sure nothing of its group is left
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (!isExited() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  signal('SIGKILL');
}

/** Waits until the server answers the gate (401 without a key), or throws after `timeoutMs`. */
export async function waitReady(url, timeoutMs = 60_000, isExited = () => false) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (isExited()) throw new Error(`server at ${url} exited during start-up`);
    try {
      const r = await fetch(`${url}/api/v1/gate/authorize`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(5000) });
      if (r.status === 401) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} not ready after ${timeoutMs} ms (${last})`);
}
