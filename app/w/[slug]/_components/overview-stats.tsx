// The three figures at the top of the Overview: credit balance, month-to-date spend against the budget,
// and spend in the selected period.
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Balances } from '@/lib/services/credits';
import type { WorkspaceObject } from '@/lib/services/workspace-settings';
import { exactUsd, fmtDate, fmtUsd } from '@/lib/format';
import { Badge, SpendBar } from '@/components/ui';
import { BUCKET_HINT, NEGATIVE_HINT } from '@/components/ui/credit-hints';

function Stat({ label, value, exact, testId, badge, children }: { label: string; value: string; exact?: string; testId: string; badge?: ReactNode; children?: ReactNode }) {
  return (
    <section className="min-w-0 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-5" data-testid={testId}>
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</h2>
        {badge}
      </div>
      <p className="tabular mt-1 text-2xl font-semibold text-slate-900" data-testid={`${testId}-value`} title={exact}>{value}</p>
      {children && <div className="mt-2 text-xs text-slate-600">{children}</div>}
    </section>
  );
}

const BUCKET_LABEL = { DIEM: 'DIEM', BUNDLED_CREDITS: 'bundled credits', USD: 'USD credit' } as const;

export function BalanceStat({ b, slug, canTopUp }: { b: Balances; slug: string; canTopUp: boolean }) {
  const total = (b.diem ?? 0) + b.bundledCredits + b.usd;
  const rows: { key: 'DIEM' | 'BUNDLED_CREDITS' | 'USD'; label: string; value: number; note?: string }[] = [
    ...(b.diem !== null ? [{ key: 'DIEM' as const, label: 'DIEM today', value: b.diem, note: b.diemEpochAllocation !== null ? `of ${fmtUsd(b.diemEpochAllocation)}/day` : undefined }] : []),
    { key: 'BUNDLED_CREDITS', label: 'Bundled credits', value: b.bundledCredits },
    { key: 'USD', label: 'USD credit', value: b.usd },
  ];
  const negative = rows.some((r) => r.value < 0);
  return (
    <Stat
      label="Credit balance"
      value={fmtUsd(total)}
      exact={exactUsd(total)}
      testId="balance"
      badge={b.canConsume ? <Badge tone="green">paying with {BUCKET_LABEL[b.consumptionCurrency ?? 'USD']}</Badge> : <Badge tone="red">no credit</Badge>}
    >
      <dl className="space-y-0.5">
        {rows.map((r) => (
          <div key={r.key} className="flex justify-between gap-2" title={BUCKET_HINT[r.key]}>
            <dt>{r.label}</dt>
            <dd className={r.value < 0 ? 'tabular text-red-700' : 'tabular text-slate-900'} data-testid={`balance-${r.key}`}>{fmtUsd(r.value)}{r.note && <span className="text-slate-600"> {r.note}</span>}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-1.5 text-slate-600" data-testid="balance-hint">
        Spent in this order: {b.diem !== null && 'DIEM (a daily allocation, refilled at 00:00 UTC), then '}bundled credits (included with your plan), then prepaid USD.
      </p>
      {negative && <p className="mt-1 text-red-700" data-testid="balance-negative-hint">{NEGATIVE_HINT}</p>}
      {!b.canConsume && (
        <p className="mt-2 text-red-700">
          Every request is refused with <code className="font-mono">insufficient_balance</code> until credit is added.{' '}
          {canTopUp ? <Link href={`/w/${slug}/settings/credits`} className="font-medium underline">Add credit</Link> : 'Ask an owner to add credit.'}
        </p>
      )}
    </Stat>
  );
}

export function MonthStat({ ws, slug, canEdit }: { ws: WorkspaceObject; slug: string; canEdit: boolean }) {
  const budget = ws.monthlyBudget;
  const pct = budget === null ? null : budget === 0 ? 100 : Math.round((ws.monthToDateSpend / budget) * 100);
  return (
    <Stat
      label="Month to date"
      value={fmtUsd(ws.monthToDateSpend)}
      exact={exactUsd(ws.monthToDateSpend)}
      testId="mtd"
      badge={pct !== null && pct >= 100 ? <Badge tone="red">budget reached</Badge> : pct !== null && pct >= 80 ? <Badge tone="amber">{pct}% of budget</Badge> : undefined}
    >
      {budget === null ? (
        <p>
          No monthly budget.{' '}
          {canEdit && <Link href={`/w/${slug}/settings`} className="font-medium text-brand-700 hover:underline">Set one</Link>}
        </p>
      ) : (
        <>
          <SpendBar spent={ws.monthToDateSpend} limit={budget} label={`${pct}% of the monthly budget`} />
          <p className="mt-1.5 flex justify-between gap-2">
            <span data-testid="mtd-budget">{pct}% of {fmtUsd(budget)} budget</span>
            <span className="text-slate-600">{fmtUsd(ws.monthlyBudgetRemaining)} left</span>
          </p>
          {budget === 0 && <p className="text-red-700">A $0 budget refuses every request.</p>}
          {ws.budgetResetsAt && <p className="text-slate-600">Resets {fmtDate(ws.budgetResetsAt).slice(0, 10)}</p>}
        </>
      )}
    </Stat>
  );
}

export function RangeStat({ total, days, label, topModel }: { total: number; days: number; label: string; topModel: string | null }) {
  return (
    <Stat label={label} value={fmtUsd(total)} exact={exactUsd(total)} testId="range-total">
      <p>
        {fmtUsd(total / Math.max(1, days))} per day on average
        {topModel && (
          <>
            {' '}· most spent on <span className="font-medium text-slate-900">{topModel}</span>
          </>
        )}
      </p>
    </Stat>
  );
}
