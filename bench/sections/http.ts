// Section 2: HTTP on loopback, driven by autocannon from this process, against the server users run
// (`npm start`: the lean data plane in front of Next, the bench's own build in .next-bench[-pg]):
//   - POST /api/v1/gate/authorize at 8 and 32 connections;
//   - the machine's ceiling in the same run: a bare node:http server (bench/lib/bare-server.mjs) answering the
//     same route with the same 401 envelope, at the same connection counts; the gate is reported as a ratio;
//   - the gateway's overhead: POST /chat/completions through Keycap to a loopback upstream vs the upstream direct.
// Every server is a child process of its own, stopped by its PID whatever happens.
import { spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { db } from '../../lib/db';
import { benchWorkspace } from '../lib/fixture';
import { ensureBuild, root, startNext, stopPid, waitReady } from '../lib/servers.mjs';
import { ms, rate, type Row } from '../lib/stats';
import type { BenchEnv } from '../run';

type Result = Awaited<ReturnType<typeof autocannon>>;

function startBare(port: number, upstream: boolean) {
  const child = spawn(process.execPath, [path.join(root, 'bench/lib/bare-server.mjs'), String(port), ...(upstream ? ['--upstream'] : [])], { stdio: 'ignore', detached: true });
  child.unref();
  let exited = false;
  child.on('exit', () => (exited = true));
  return { pid: child.pid!, url: `http://127.0.0.1:${port}`, stop: () => stopPid(child.pid!, 2000, () => exited), exited: () => exited };
}

async function untilUp(url: string) {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(url, { method: 'POST', body: '{}', signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not come up`);
}

export async function http(env: BenchEnv): Promise<Row[]> {
  const S = 'http';
  if (process.env.BENCH_SKIP_HTTP === '1') {
    env.log(`${S}: skipped (BENCH_SKIP_HTTP=1)`);
    return [{ section: S, metric: 'authorize over HTTP', measured: 'skipped (BENCH_SKIP_HTTP=1)', target: '≥ 5,000 req/s, p99 ≤ 5 ms' }];
  }
  const buildMs = ensureBuild({ distDir: env.distDir, provider: env.provider, force: process.env.BENCH_REBUILD === '1', log: env.log });
  if (buildMs) env.log(`${S}: built ${env.distDir} in ${(buildMs / 1000).toFixed(0)} s (not counted in the bench time)`);
  env.buildMs = buildMs;

  const w = await benchWorkspace('Bench HTTP', { creditUsd: 1e9, budgetUsd: 1e9 });
  const k = await w.key({ spendLimit: 1e9, spendLimitPeriod: 'daily' });
  await db.modelPrice.create({ data: { workspaceId: w.ws.id, model: 'bench-model', inputNanoPerToken: 100n, outputNanoPerToken: 200n, defaultReserveNano: 100_000n } });
  const duration = env.quick ? 2 : Number(process.env.BENCH_HTTP_SECONDS ?? 6);
  const connList = (process.env.BENCH_HTTP_CONNECTIONS ?? '8,32').split(',').map(Number);

  const upstream = startBare(env.httpPort + 2, true);
  env.pids.add(upstream.pid);
  const bare = startBare(env.httpPort + 1, false);
  env.pids.add(bare.pid);
  const server = startNext({
    port: env.httpPort,
    distDir: env.distDir,
    logFile: path.join(env.runDir, 'server.log'),
    env: {
      DB_PROVIDER: env.provider,
      DATABASE_URL: env.databaseUrl,
      KEYCAP_DATA_DIR: env.runDir,
      AUTH_SECRET: 'bench-secret-0123456789abcdef0123456789',
      AUTH_TRUST_HOST: 'true',
      UPSTREAM_BASE_URL: `${upstream.url}/v1`,
      KEYCAP_DISABLE_INPROCESS_WORKER: 'true',
    },
  });
  env.pids.add(server.pid);
  try {
    const t0 = Date.now();
    await Promise.all([waitReady(server.url, 60_000, () => server.exited), untilUp(bare.url), untilUp(`${upstream.url}/v1/chat/completions`)]);
    env.log(`${S}: server ready in ${Date.now() - t0} ms (pid ${server.pid}); ${duration} s per run at ${connList.join(' and ')} connections`);
    const gate = (base: string, headers: Record<string, string>, connections: number, secs = duration) =>
      autocannon({ url: `${base}/api/v1/gate/authorize`, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ estimatedCostUsd: 0.000001 }), connections, timeout: 10, duration: secs });
    const auth = { authorization: `Bearer ${k.secret}` };
    await gate(server.url, auth, 8, 2); // warm-up
    await gate(bare.url, {}, 8, 1);
    const rows: Row[] = [];
    const figs: Record<string, unknown> = {};
    for (const c of connList) {
      const r: Result = await gate(server.url, auth, c);
      const ceiling: Result = await gate(bare.url, {}, c);
      const noKey: Result = await gate(server.url, {}, c, Math.max(2, Math.round(duration / 2)));
      const perSec = r['2xx'] / r.duration;
      const ceilPerSec = ceiling.requests.total / ceiling.duration;
      const clean = r.non2xx === 0 && r.errors === 0 && r.timeouts === 0;
      figs[`c${c}`] = { perSec, latency: r.latency, ceiling: { perSec: ceilPerSec, latency: ceiling.latency }, noKey: { perSec: noKey.requests.total / noKey.duration, latency: noKey.latency }, non2xx: r.non2xx, errors: r.errors };
      const target = env.provider === 'sqlite' ? 5000 : 2000;
      rows.push(
        {
          section: S,
          metric: `authorize, ${c} connections`,
          measured: `${rate(perSec, ' req/s')} · p50 ${ms(r.latency.p50)} · p99 ${ms(r.latency.p99)}${clean ? '' : ` (${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts)`}`,
          target: c === 32 ? `≥ ${target.toLocaleString('en-US')} req/s${env.provider === 'sqlite' ? ', p99 ≤ 5 ms' : ''}` : undefined,
          pass: c === 32 ? perSec >= target && clean && (env.provider !== 'sqlite' || r.latency.p99 <= 5) : undefined,
        },
        { section: S, metric: `bare node:http, same route (401), ${c} conn`, measured: `${rate(ceilPerSec, ' req/s')} · p99 ${ms(ceiling.latency.p99)}`, note: 'the machine’s ceiling in this run' },
        { section: S, metric: `authorize ÷ bare ceiling, ${c} conn`, measured: `${((perSec / ceilPerSec) * 100).toFixed(1)} %`, target: c === 32 ? '≥ 20 %' : undefined, pass: c === 32 ? perSec / ceilPerSec >= 0.2 : undefined },
        { section: S, metric: `Keycap answering 401 (no key), ${c} conn`, measured: `${rate(noKey.requests.total / noKey.duration, ' req/s')} · p99 ${ms(noKey.latency.p99)}` },
      );
    }
    // Gateway overhead: the same completion direct from the loopback upstream, and through Keycap (admit,
    // forward over real HTTP, settle), one connection each so latencies are per request, not queueing.
    const chatBody = JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: 'hello' }], max_tokens: 20 });
    const chat = (url: string, headers: Record<string, string>) =>
      autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: chatBody, connections: 1, timeout: 10, duration: Math.max(2, Math.round(duration / 2)) });
    await chat(`${server.url}/api/v1/chat/completions`, auth);
    const direct = await chat(`${upstream.url}/v1/chat/completions`, {});
    const through = await chat(`${server.url}/api/v1/chat/completions`, auth);
    const added = through.latency.p99 - direct.latency.p99;
    figs.gateway = { direct: direct.latency, through: through.latency, non2xx: through.non2xx };
    rows.push({
      section: S,
      metric: 'gateway overhead (chat, 1 conn, loopback upstream)',
      measured: `p50 +${ms(through.latency.p50 - direct.latency.p50)} · p99 +${ms(added)} (direct p99 ${ms(direct.latency.p99)}, through Keycap ${ms(through.latency.p99)}${through.non2xx ? `, ${through.non2xx} non-2xx` : ''})`,
      target: 'p99 ≤ 3 ms added',
      pass: added <= 3 && through.non2xx === 0,
    });
    env.figures.http = figs;
    return rows;
  } finally {
    await Promise.all([server.stop(), bare.stop(), upstream.stop()]);
    for (const p of [server.pid, bare.pid, upstream.pid]) env.pids.delete(p);
  }
}
