// What the console banner shows: keys (active, with a limit) and the workspace budget at or above 80 %.
import type { Ctx } from '../context';
import { listKeys } from '../services/keys';
import { getWorkspace } from '../services/workspace-settings';

export interface SpendWarning {
  kind: 'key' | 'budget';
  id: string;
  name: string;
  level: 'warning' | 'reached';
  spentUsd: number;
  limitUsd: number;
  period: string;
  resetsAt: string | null;
}

// A $0 budget or limit is "reached" from the start: every call is refused (shown at once after saving it).
const level = (spent: number, limit: number): SpendWarning['level'] | null =>
  spent >= limit ? 'reached' : spent >= 0.8 * limit ? 'warning' : null;

export async function spendWarnings(ctx: Ctx, now = new Date()): Promise<SpendWarning[]> {
  const [keys, ws] = await Promise.all([listKeys(ctx, now, { forecast: false }), getWorkspace(ctx, now, { forecast: false })]);
  const out: SpendWarning[] = [];
  if (ws.monthlyBudget !== null) {
    const l = level(ws.monthToDateSpend, ws.monthlyBudget);
    if (l) out.push({ kind: 'budget', id: ws.id, name: ws.name, level: l, spentUsd: ws.monthToDateSpend, limitUsd: ws.monthlyBudget, period: 'monthly', resetsAt: ws.budgetResetsAt });
  }
  for (const k of keys) {
    if (k.spendLimit === null || k.status === 'revoked' || k.status === 'expired') continue;
    const l = level(k.currentPeriodSpend, k.spendLimit);
    if (l) out.push({ kind: 'key', id: k.id, name: k.name, level: l, spentUsd: k.currentPeriodSpend, limitUsd: k.spendLimit, period: k.spendLimitPeriod ?? 'monthly', resetsAt: k.periodResetsAt });
  }
  // Reached before warnings, then the fullest first.
  const ratio = (w: SpendWarning) => (w.limitUsd === 0 ? Number.POSITIVE_INFINITY : w.spentUsd / w.limitUsd);
  return out.sort((a, b) => (a.level === b.level ? (ratio(b) === ratio(a) ? 0 : ratio(b) > ratio(a) ? 1 : -1) : a.level === 'reached' ? -1 : 1));
}
