// Status badges and the spend-vs-cap figure of a key. Pure presentation (server or client).
import type { KeyObject } from '@/lib/services/keys';
import { PERIOD_WORDS } from '@/lib/periods';
import { Badge, SpendBar } from '@/components/ui';
import { fmtDate, fmtRelative, fmtUsd } from '@/lib/format';

/** Exact-ish amounts (limits): up to 4 decimals. */
export const usd = (v: number | null | undefined) => fmtUsd(v, 4);
/** Spend figures: cents from $1 up, up to 4 decimals below (readable, with the exact value in a tooltip where it matters). */
export const spend = (v: number | null | undefined) => fmtUsd(v, v !== null && v !== undefined && Math.abs(v) >= 1 ? 2 : 4);

export function capRatio(k: Pick<KeyObject, 'spendLimit' | 'currentPeriodSpend'>): number | null {
  if (k.spendLimit === null) return null;
  if (k.spendLimit === 0) return 1;
  return k.currentPeriodSpend / k.spendLimit;
}

export function KeyStatusBadges({ k }: { k: KeyObject }) {
  const ratio = capRatio(k);
  return (
    <span className="flex flex-wrap gap-1" data-testid="key-status">
      {k.status === 'active' && <Badge tone="green">active</Badge>}
      {k.status === 'active' && ratio !== null && ratio >= 0.8 && <Badge tone="amber">{Math.floor(ratio * 100)}% of cap</Badge>}
      {k.status === 'expired' && <Badge tone="slate">expired</Badge>}
      {k.status === 'revoked' && <Badge tone="slate">revoked</Badge>}
      {k.status === 'blocked' && <Badge tone="red" title="Calls are refused until the window resets or the limit is raised">blocked by cap</Badge>}
      {k.status === 'zero_limit' && <Badge tone="red" title="Every call is refused until the limit is raised">blocked: limit is $0</Badge>}
    </span>
  );
}

export function TypeBadge({ type }: { type: KeyObject['type'] }) {
  return <Badge tone={type === 'ADMIN' ? 'blue' : 'slate'}>{type === 'ADMIN' ? 'Admin' : 'Inference'}</Badge>;
}

export function limitText(k: Pick<KeyObject, 'spendLimit' | 'spendLimitPeriod'>) {
  if (k.spendLimit === null) return 'No limit';
  return `${usd(k.spendLimit)} ${PERIOD_WORDS[k.spendLimitPeriod ?? 'monthly']}`;
}

/** "$1.20 of $5.00 per day", the bar, and when the window resets. */
export function KeySpend({ k, now }: { k: KeyObject; now: number }) {
  if (k.spendLimit === null)
    return (
      <div className="text-sm">
        <span className="tabular font-medium text-slate-900">{spend(k.monthToDateSpend)}</span>
        <span className="text-slate-500"> this month · no cap</span>
      </div>
    );
  return (
    <div className="min-w-0 space-y-1.5" data-testid="key-spend">
      <div className="flex flex-wrap items-baseline justify-between gap-x-2 text-sm">
        <span>
          <span className="tabular font-medium text-slate-900" title={usd(k.currentPeriodSpend)}>{spend(k.currentPeriodSpend)}</span>
          <span className="text-slate-500"> of </span>
          <span className="tabular font-medium text-slate-900" data-testid="key-limit">{limitText(k)}</span>
        </span>
      </div>
      <SpendBar spent={k.currentPeriodSpend} limit={k.spendLimit} label={`${spend(k.currentPeriodSpend)} of ${limitText(k)}`} />
      {k.status !== 'revoked' && k.status !== 'expired' && <p className="text-xs text-slate-500">
        {k.periodResetsAt ? (
          <span title={fmtDate(k.periodResetsAt)}>Resets {fmtRelative(k.periodResetsAt, now)}</span>
        ) : (
          <span>Lifetime cap, never resets</span>
        )}
        {k.spendLimitRemaining !== null && <span> · {spend(k.spendLimitRemaining)} left</span>}
      </p>}
    </div>
  );
}
