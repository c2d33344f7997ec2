// Status badges and the spend-vs-cap figure of a key. Pure presentation (server or client).
import type { KeyObject } from '@/lib/services/keys';
import { PERIOD_WORDS } from '@/lib/periods';
import { Badge, SpendBar } from '@/components/ui';
import { exactUsd, fmtDate, fmtRelative, fmtUsd } from '@/lib/format';

/** Every amount on the keys pages follows the console's one rule (lib/format fmtUsd); exact values go in a tooltip. */
export const usd = fmtUsd;
export const spend = fmtUsd;

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
      {k.status === 'blocked_budget' && <Badge tone="red" title="The workspace reached its monthly budget: every key is refused until it resets or is raised">blocked by workspace budget</Badge>}
      {k.status === 'blocked_no_credit' && <Badge tone="red" title="Every credit bucket of the workspace is empty: every key is refused until credit is added">blocked: no credit</Badge>}
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
        <span className="text-slate-600"> this month · no cap</span>
      </div>
    );
  return (
    <div className="min-w-0 space-y-1.5" data-testid="key-spend">
      <div className="flex flex-wrap items-baseline justify-between gap-x-2 text-sm">
        <span>
          <span className="tabular font-medium text-slate-900" title={exactUsd(k.currentPeriodSpend)}>{spend(k.currentPeriodSpend)}</span>
          <span className="text-slate-600"> of </span>
          <span className="tabular font-medium text-slate-900" data-testid="key-limit" title={k.spendLimit !== null ? exactUsd(k.spendLimit) : undefined}>{limitText(k)}</span>
        </span>
      </div>
      <SpendBar spent={k.currentPeriodSpend} limit={k.spendLimit} label={`${spend(k.currentPeriodSpend)} of ${limitText(k)}`} />
      {k.status !== 'revoked' && k.status !== 'expired' && <p className="text-xs text-slate-600">
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
