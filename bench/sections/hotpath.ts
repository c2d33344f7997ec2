// Section 1: authorize and settle in-process (the data plane's metering code on the raw driver, no HTTP), sequential
// latency and concurrent throughput, and the same statements through the raw driver as the baseline.
import { estimateNano, admitOrRefuse as admit, settle } from '../../lib/metering/gate';
import { authenticateKey } from '../../lib/api/auth-key';
import { benchWorkspace } from '../lib/fixture';
import { openRaw } from '../lib/raw';
import { rawAdmit, rawSettle, type RawCtx } from '../lib/raw-hotpath';
import { concurrent, ms, rate, ratio, sequential, type Latency, type Row } from '../lib/stats';
import type { BenchEnv } from '../run';

const EST_USD = 0.0001;
const COST_USD = 0.0001;

export async function hotPath(env: BenchEnv): Promise<Row[]> {
  const S = 'in-process';
  const budget = env.budgetMs;
  const w = await benchWorkspace('Bench hot path', { creditUsd: 1e9, budgetUsd: 1e9 });
  const k = await w.key({ spendLimit: 1e9, spendLimitPeriod: 'daily' });
  const header = `Bearer ${k.secret}`;

  // What /api/v1/gate/authorize does after parsing: key auth (cached), estimate, admit (+ remaining headroom).
  const authorize = async () => {
    const key = await authenticateKey(header);
    const est = await estimateNano(key.workspaceId, { estimatedCostUsd: EST_USD });
    return (await admit(key, est, null)).reservationId;
  };
  // What /api/v1/gate/settle does after parsing: key auth, settle (one transaction), remaining headroom.
  let seq = 0;
  const settleOne = async (reservationId: string) => {
    const key = await authenticateKey(header);
    await settle(key, { reservationId, requestId: `b-${process.pid}-${seq++}`, model: 'keycap-echo', costUsd: COST_USD }); // headroom comes from its own transaction
  };

  env.log(`${S}: warm-up`);
  for (let i = 0; i < 100; i++) await settleOne(await authorize());

  env.log(`${S}: sequential authorize / settle`);
  const held: string[] = [];
  const aSeq = await sequential(async () => held.push(await authorize()), env.quick ? 300 : 3000, budget(12_000));
  const sSeq = await sequential(async (i) => settleOne(held[i]), held.length, budget(15_000));

  const workers = env.concurrency;
  env.log(`${S}: ${workers} concurrent authorize / settle`);
  const pool: string[] = [];
  const aCon = await concurrent(async () => void pool.push(await authorize()), workers, 100_000, budget(8_000));
  const sCon = await concurrent(async (i) => (i < pool.length ? settleOne(pool[i]) : undefined), workers, pool.length, budget(10_000));

  // Raw driver, same statements (see lib/raw-hotpath.ts), on its own workspace and key.
  env.log(`${S}: raw-driver baseline`);
  const rw = await benchWorkspace('Bench raw', { creditUsd: 1e9, budgetUsd: 1e9 });
  const rk = await rw.key({ spendLimit: 1e9, spendLimitPeriod: 'daily' });
  const rctx: RawCtx = { workspaceId: rw.ws.id, keyId: rk.id, keyLimitNano: 1_000_000_000n * 1_000_000_000n, budgetNano: 1_000_000_000n * 1_000_000_000n };
  const est = 100_000n;
  const raw = await openRaw(env.provider, env.databaseUrl, workers);
  let rseq = 0;
  const rawRun = async (mode: 'full' | 'writes') => {
    const ids: string[] = [];
    const a = await sequential(async () => ids.push(await rawAdmit(raw, rctx, est, mode)), env.quick ? 300 : 3000, budget(6_000));
    const s = await sequential(async (i) => rawSettle(raw, rctx, ids[i], est, `raw-${process.pid}-${rseq++}`, est, mode), ids.length, budget(6_000));
    return { a, s };
  };
  const rawFull = await rawRun('full');
  const rawWrites = await rawRun('writes');
  let rawCon: { a: Latency; s: Latency } | null = null;
  if (env.provider === 'postgresql') {
    const ids: string[] = [];
    const a = await concurrent(async () => void ids.push(await rawAdmit(raw, rctx, est, 'full')), workers, 100_000, budget(5_000));
    const s = await concurrent(async (i) => (i < ids.length ? rawSettle(raw, rctx, ids[i], est, `rawc-${process.pid}-${rseq++}`, est, 'full') : undefined), workers, ids.length, budget(5_000));
    rawCon = { a, s };
  }
  await raw.close();

  const lat = (l: Latency) => `p50 ${ms(l.p50)} · p99 ${ms(l.p99)} (n=${l.n})`;
  const rows: Row[] = [
    { section: S, metric: 'authorize latency (sequential)', measured: lat(aSeq), target: 'p99 ≤ 1 ms', pass: aSeq.p99 <= 1 },
    { section: S, metric: `authorize throughput (${workers} concurrent)`, measured: `${rate(aCon.perSec)} · p99 ${ms(aCon.p99)}` },
    { section: S, metric: 'settle latency (sequential, incl. commit)', measured: lat(sSeq), target: 'commit p99 ≤ 10 ms', pass: sSeq.p99 <= 10 },
    { section: S, metric: `settle throughput (${workers} concurrent)`, measured: `${rate(Math.max(sCon.perSec, sSeq.perSec), ' events/s')} · p99 ${ms(sCon.p99)}`, target: '≥ 5,000 events/s', pass: Math.max(sCon.perSec, sSeq.perSec) >= 5000, note: `sequential ${rate(sSeq.perSec, ' events/s')}, ${workers} concurrent ${rate(sCon.perSec, ' events/s')}; the better of the two is judged` },
    { section: S, metric: 'raw driver: authorize (same statements)', measured: `${lat(rawFull.a)} · ${rate(rawFull.a.perSec)}` },
    { section: S, metric: 'raw driver: settle (same statements)', measured: `${lat(rawFull.s)} · ${rate(rawFull.s.perSec)}` },
    { section: S, metric: 'raw driver: authorize, writes only', measured: lat(rawWrites.a) },
    { section: S, metric: 'raw driver: settle, writes only', measured: lat(rawWrites.s) },
    { section: S, metric: 'hot path ÷ raw (p50, same statements)', measured: `authorize ${ratio(aSeq.p50 / rawFull.a.p50)} · settle ${ratio(sSeq.p50 / rawFull.s.p50)}` },
    { section: S, metric: 'hot path ÷ raw writes only (p50)', measured: `authorize ${ratio(aSeq.p50 / rawWrites.a.p50)} · settle ${ratio(sSeq.p50 / rawWrites.s.p50)}` },
  ];
  if (rawCon)
    rows.push({ section: S, metric: `raw driver: ${workers} concurrent (same statements)`, measured: `authorize ${rate(rawCon.a.perSec)} · settle ${rate(rawCon.s.perSec, ' events/s')} · settle p99 ${ms(rawCon.s.p99)}` });
  env.figures.hotPath = { aSeq, sSeq, aCon, sCon, rawFull, rawWrites, rawCon };
  return rows;
}
