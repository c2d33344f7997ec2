// Section 2: HTTP throughput and latency of POST /api/v1/gate/authorize on `next start` (loopback), driven by
// autocannon from this process. The server runs the bench's own build (NEXT_DIST_DIR=.next-bench[-pg]) on
// the bench's fresh database and is stopped by its PID whatever happens.
import path from 'node:path';
import autocannon from 'autocannon';
import { benchWorkspace } from '../lib/fixture';
import { ensureBuild, startNext, waitReady } from '../lib/servers.mjs';
import { ms, rate, type Row } from '../lib/stats';
import type { BenchEnv } from '../run';

export async function http(env: BenchEnv): Promise<Row[]> {
  const S = 'http';
  if (process.env.BENCH_SKIP_HTTP === '1') {
    env.log(`${S}: skipped (BENCH_SKIP_HTTP=1)`);
    return [{ section: S, metric: 'authorize over HTTP', measured: 'skipped (BENCH_SKIP_HTTP=1)', target: '≥ 2,000 req/s, p99 ≤ 10 ms' }];
  }
  const buildMs = ensureBuild({ distDir: env.distDir, provider: env.provider, force: process.env.BENCH_REBUILD === '1', log: env.log });
  if (buildMs) env.log(`${S}: built ${env.distDir} in ${(buildMs / 1000).toFixed(0)} s (not counted in the bench time)`);
  env.buildMs = buildMs;

  const w = await benchWorkspace('Bench HTTP', { creditUsd: 1e9, budgetUsd: 1e9 });
  const k = await w.key({ spendLimit: 1e9, spendLimitPeriod: 'daily' });
  const connections = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 8);
  const duration = env.quick ? 3 : Number(process.env.BENCH_HTTP_SECONDS ?? 10);
  const server = startNext({
    port: env.httpPort,
    distDir: env.distDir,
    logFile: path.join(env.runDir, 'next-start.log'),
    env: {
      DB_PROVIDER: env.provider,
      DATABASE_URL: env.databaseUrl,
      KEYCAP_DATA_DIR: env.runDir,
      AUTH_SECRET: 'bench-secret-0123456789abcdef0123456789',
      AUTH_TRUST_HOST: 'true',
    },
  });
  env.pids.add(server.pid);
  try {
    const t0 = Date.now();
    await waitReady(server.url, 60_000, () => server.exited);
    env.log(`${S}: next start ready in ${Date.now() - t0} ms (pid ${server.pid}); warm-up 2 s, then ${duration} s with ${connections} connections`);
    const opts = {
      url: `${server.url}/api/v1/gate/authorize`,
      method: 'POST',
      headers: { authorization: `Bearer ${k.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ estimatedCostUsd: 0.000001 }),
      connections,
      timeout: 10,
    };
    await autocannon({ ...opts, duration: 2 });
    const r = await autocannon({ ...opts, duration });
    // The framework's own ceiling on this machine: the same route answering 401 (no key: no database work).
    const floor = await autocannon({ ...opts, headers: { 'content-type': 'application/json' }, duration: env.quick ? 2 : 4 });
    const ok = r['2xx'];
    const reqPerSec = ok / r.duration; // only admitted (200) answers count
    const floorPerSec = floor.requests.total / floor.duration;
    env.figures.http = { connections, duration: r.duration, ok, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, reqPerSec, latency: r.latency, floor: { perSec: floorPerSec, latency: floor.latency } };
    const clean = r.non2xx === 0 && r.errors === 0 && r.timeouts === 0;
    return [
      {
        section: S,
        metric: `authorize throughput (${connections} conn, ${duration} s)`,
        measured: `${rate(reqPerSec, ' req/s')} (${ok.toLocaleString('en-US')} × 200${clean ? '' : `, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`})`,
        target: '≥ 2,000 req/s',
        pass: reqPerSec >= 2000 && clean,
      },
      { section: S, metric: 'authorize latency', measured: `p50 ${ms(r.latency.p50)} · p99 ${ms(r.latency.p99)} · max ${ms(r.latency.max)}`, target: 'p99 ≤ 10 ms', pass: r.latency.p99 <= 10 },
      {
        section: S,
        metric: 'same route, 401 without a key (no DB)',
        measured: `${rate(floorPerSec, ' req/s')} · p50 ${ms(floor.latency.p50)} · p99 ${ms(floor.latency.p99)}`,
        note: 'the ceiling of next start + autocannon sharing this machine: the gate cannot be faster than this',
      },
    ];
  } finally {
    await server.stop();
    env.pids.delete(server.pid);
  }
}
