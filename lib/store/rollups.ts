// UsageDaily statements: the daily rollups (day × key × model × currency) that analytics read.
import { dayStart } from '../periods';
import { run, ts, type Q } from './sql';
import type { EventRow } from './rows';

/** Adds events (with their final currency) to the rollups: one multi-row upsert, rows in a fixed order. */
export function* addToRollups(workspaceId: string, events: { event: EventRow; modelType: string }[]): Q<void> {
  type Roll = { day: Date; keyRef: string; model: string; currency: string; modelType: string; n: bigint; iu: bigint; ou: bigint; xu: bigint; i: bigint; o: bigint; x: bigint; t: bigint };
  const rolls = new Map<string, Roll>();
  for (const { event: e, modelType } of events) {
    const day = dayStart(e.createdAt);
    const keyRef = e.apiKeyId ?? '';
    const k = `${day.toISOString()}|${keyRef}|${e.model}|${e.currency}`;
    const r = rolls.get(k) ?? { day, keyRef, model: e.model, currency: e.currency, modelType, n: 0n, iu: 0n, ou: 0n, xu: 0n, i: 0n, o: 0n, x: 0n, t: 0n };
    r.n += 1n;
    r.iu += BigInt(e.promptTokens ?? 0);
    r.ou += BigInt(e.completionTokens ?? 0);
    r.xu += e.unitType === 'tokens' ? 0n : 1n;
    r.i += e.inputNano;
    r.o += e.outputNano;
    r.x += e.amountNano - e.inputNano - e.outputNano;
    r.t += e.amountNano;
    rolls.set(k, r);
  }
  const rows = [...rolls.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  if (!rows.length) return;
  const sum = (c: string) => `"${c}" = "UsageDaily"."${c}" + excluded."${c}"`;
  yield* run(
    `INSERT INTO "UsageDaily" ("workspaceId", "day", "keyRef", "model", "currency", "modelType", "requests", "inputUnits", "outputUnits", "otherUnits", "inputNano", "outputNano", "otherNano", "totalNano")
     VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
     ON CONFLICT ("workspaceId", "day", "keyRef", "model", "currency") DO UPDATE SET
       ${['requests', 'inputUnits', 'outputUnits', 'otherUnits', 'inputNano', 'outputNano', 'otherNano', 'totalNano'].map(sum).join(', ')}`,
    rows.flatMap((r) => [workspaceId, ts(r.day), r.keyRef, r.model, r.currency, r.modelType, r.n, r.iu, r.ou, r.xu, r.i, r.o, r.x, r.t]),
  );
}
