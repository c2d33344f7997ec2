// Optional section (BENCH_ONLY=proposals, or BENCH_PROPOSALS=1): the lean admission/settlement prototype
// of bench/proposals/lean-gate.ts, measured like the hot path and checked for correctness (reconcile
// drift 0, spend = sum of costs), so the gain quoted in bench/proposals/README.md is a measurement.
import { authenticateKey } from '../../lib/api/auth-key';
import { reconcile } from '../../lib/metering/reconcile';
import { windowSpend } from '../../lib/metering/spend';
import { groupSettle, leanAdmit, leanSettle } from '../proposals/lean-gate';
import { benchWorkspace } from '../lib/fixture';
import { concurrent, ms, rate, sequential, type Latency, type Row } from '../lib/stats';
import type { BenchEnv } from '../run';

const EST = 100_000n;
const COST = 100_000n;

export async function proposals(env: BenchEnv): Promise<Row[]> {
  const S = 'proposal: lean gate';
  const w = await benchWorkspace('Bench lean', { creditUsd: 1e9, budgetUsd: 1e9 });
  const k = await w.key({ spendLimit: 1e9, spendLimitPeriod: 'daily' });
  const header = `Bearer ${k.secret}`;
  let seq = 0;
  const authorize = async () => (await leanAdmit(await authenticateKey(header), EST, null)).reservationId;
  const settleOne = async (reservationId: string) =>
    leanSettle(await authenticateKey(header), { reservationId, requestId: `lean-${process.pid}-${seq++}`, model: 'keycap-echo', costNano: COST, bodyHash: 'h'.repeat(64) });
  env.log(`${S}: warm-up`);
  for (let i = 0; i < 100; i++) await settleOne(await authorize());
  const held: string[] = [];
  const aSeq = await sequential(async () => held.push(await authorize()), env.quick ? 300 : 3000, env.budgetMs(10_000));
  const sSeq = await sequential(async (i) => settleOne(held[i]), held.length, env.budgetMs(12_000));
  const pool: string[] = [];
  const aCon = await concurrent(async () => void pool.push(await authorize()), env.concurrency, 100_000, env.budgetMs(6_000));
  const sCon = await concurrent(async (i) => (i < pool.length ? settleOne(pool[i]) : undefined), env.concurrency, pool.length, env.budgetMs(8_000));

  // group commit: concurrent settles through the per-workspace queue, at 16 and at 64 in flight
  const pool2: string[] = [];
  await concurrent(async () => void pool2.push(await authorize()), env.concurrency, 100_000, env.budgetMs(6_000));
  const half = Math.floor(pool2.length / 2);
  const group = (workers: number, from: number, to: number) =>
    concurrent(
      async (i) => (from + i < to ? groupSettle(await authenticateKey(header), { reservationId: pool2[from + i], requestId: `leang-${process.pid}-${from + i}`, model: 'keycap-echo', costNano: COST, bodyHash: 'h'.repeat(64) }) : undefined),
      workers,
      to - from,
      env.budgetMs(8_000),
    );
  const g16 = await group(16, 0, half);
  const gCon = await group(64, half, pool2.length);
  const gWorkers = 64;
  const settled = 100 + sSeq.n + sCon.n + g16.n + gCon.n;
  const day = await windowSpend(k.id, 'daily', new Date());
  const drift = (await reconcile({ workspaceId: w.ws.id, dryRun: true })).drift;
  const correct = day.spentNano === BigInt(settled) * COST && day.reservedNano === BigInt(aSeq.n - sSeq.n + aCon.n - sCon.n + pool2.length - g16.n - gCon.n) * EST && drift === 0;
  env.figures.proposals = { aSeq, sSeq, aCon, sCon, g16, gCon, drift, correct };
  const lat = (l: Latency) => `p50 ${ms(l.p50)} · p99 ${ms(l.p99)} (n=${l.n})`;
  return [
    { section: S, metric: 'authorize latency (sequential)', measured: lat(aSeq), target: 'p99 ≤ 1 ms', pass: aSeq.p99 <= 1 },
    { section: S, metric: `authorize throughput (${env.concurrency} concurrent)`, measured: `${rate(aCon.perSec)} · p99 ${ms(aCon.p99)}` },
    { section: S, metric: 'settle latency (sequential, incl. commit)', measured: lat(sSeq), target: 'commit p99 ≤ 10 ms', pass: sSeq.p99 <= 10 },
    {
      section: S,
      metric: `settle throughput (best of sequential / ${env.concurrency} concurrent)`,
      measured: rate(Math.max(sSeq.perSec, sCon.perSec), ' events/s'),
      target: '≥ 5,000 events/s',
      pass: Math.max(sSeq.perSec, sCon.perSec) >= 5000,
    },
    { section: S, metric: 'settle with group commit (16 concurrent)', measured: `${rate(g16.perSec, ' events/s')} · p50 ${ms(g16.p50)} · p99 ${ms(g16.p99)} (n=${g16.n})` },
    {
      section: S,
      metric: `settle with group commit (${gWorkers} concurrent)`,
      measured: `${rate(gCon.perSec, ' events/s')} · p50 ${ms(gCon.p50)} · p99 ${ms(gCon.p99)} (n=${gCon.n})`,
      target: '≥ 5,000 events/s, p99 ≤ 10 ms',
      pass: gCon.perSec >= 5000 && gCon.p99 <= 10,
    },
    { section: S, metric: 'same results as the product path', measured: correct ? `yes (spend = ${settled} × cost, reconcile drift 0)` : `NO (drift ${drift}, spent ${day.spentNano})`, pass: correct },
  ];
}
