// Section 3: overshoot under a 64-way burst. A key capped at $1/day; 64 concurrent authorize → settle,
// each estimated at $0.03 and really costing $0.0375 (25 % over its estimate). product.md: a cap is
// overshot by at most the last admitted request plus what in-flight requests cost beyond their estimates.
import { admitOrRefuse as admit, settle } from '../../lib/metering/gate';
import { AppError } from '../../lib/errors';
import { windowSpend } from '../../lib/metering/spend';
import { reconcile } from '../../lib/metering/reconcile';
import { nanoToUsd } from '../../lib/money';
import { benchWorkspace } from '../lib/fixture';
import { now, ms, type Row } from '../lib/stats';
import type { BenchEnv } from '../run';

const N = 64;
const CAP = 1_000_000_000n; // $1
const EST = 30_000_000n; // $0.03
const COST = 37_500_000n; // $0.0375

export async function burst(env: BenchEnv): Promise<Row[]> {
  const S = 'burst';
  env.log(`${S}: ${N}-way authorize+settle on a $1 cap`);
  const w = await benchWorkspace('Bench burst', { creditUsd: 100 });
  const k = await w.key({ spendLimit: 1, spendLimitPeriod: 'daily' });
  const key = await k.authed();
  let admitted = 0;
  let refused = 0;
  const t0 = now();
  await Promise.all(
    Array.from({ length: N }, async (_, i) => {
      try {
        const a = await admit(key, EST, 'keycap-echo');
        admitted++;
        await settle(key, { reservationId: a.reservationId, requestId: `burst-${i}`, model: 'keycap-echo', costUsd: Number(COST) / 1e9 });
      } catch (e) {
        if (e instanceof AppError && e.status === 402) refused++;
        else throw e;
      }
    }),
  );
  const elapsed = now() - t0;
  const s = await windowSpend(k.id, 'daily', new Date());
  const overshoot = s.spentNano > CAP ? s.spentNano - CAP : 0n;
  // bound: the last admitted request's estimate + every admitted request's excess over its estimate
  const bound = EST + BigInt(admitted) * (COST - EST);
  const drift = (await reconcile({ workspaceId: w.ws.id, dryRun: true })).drift;
  const usd = (n: bigint) => `$${nanoToUsd(n)}`;
  env.figures.burst = { admitted, refused, spent: String(s.spentNano), overshoot: String(overshoot), bound: String(bound), reserved: String(s.reservedNano), drift, elapsedMs: elapsed };
  return [
    { section: S, metric: `admitted / refused (of ${N})`, measured: `${admitted} / ${refused} in ${ms(elapsed)}` },
    { section: S, metric: 'final spent vs cap', measured: `${usd(s.spentNano)} vs ${usd(CAP)} (reserved left ${usd(s.reservedNano)})` },
    {
      section: S,
      metric: 'overshoot',
      measured: usd(overshoot),
      target: `≤ ${usd(bound)} (last est + in-flight excess)`,
      pass: overshoot <= bound && s.reservedNano === 0n && admitted + refused === N && drift === 0,
      note: `estimate $0.03, real cost $0.0375 each; bound = $0.03 + ${admitted} × $0.0075; reconcile drift ${drift}`,
    },
  ];
}
