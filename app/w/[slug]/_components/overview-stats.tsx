// The three figures at the top of the Overview: credit balance, month-to-date spend against the budget,
// and spend in the selected period.
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Balances } from '@/lib/services/credits';
import type { WorkspaceObject } from '@/lib/services/workspace-settings';
import { fmtDate, fmtUsd } from '@/lib/format';
import { Badge, SpendBar } from '@/components/ui';

function Stat({ label, value, testId, badge, children }: { label: string; value: string; testId: string; badge?: ReactNode; children?: ReactNode }) {
  return (
    <section className="min-w-0 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-5" data-testid={testId}>
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</h2>
        {badge}
      </div>
      <p className="tabular mt-1 text-2xl font-semibold text-slate-900" data-testid={`${testId}-value`}>{value}</p>
      {children && <div className="mt-2 text-xs text-slate-600">{children}</div>}
    </section>
  );
}

const BUCKET_LABEL = { DIEM: 'DIEM', BUNDLED_CREDITS: 'bundled credits', USD: 'USD credit' } as const;

export function BalanceStat({ b, slug, canTopUp }: { b: Balances; slug: string; canTopUp: boolean }) {
  const total = (b.diem ?? 0) + b.bundledCredits + b.usd;
  const rows: [string, number | null, string?][] = [
    ['USD credit', b.usd],
    ['Bundled credits', b.bundledCredits],
    ...(b.diem !== null ? ([['DIEM today', b.diem, b.diemEpochAllocation !== null ? `of ${fmtUsd(b.diemEpochAllocation)}/day` : undefined]] as [string, number, string?][]) : []),
  ];
  return (
    <Stat
      label="Credit balance"
      value={fmtUsd(total)}
      testId="balance"
      badge={b.canConsume ? <Badge tone="green">paying with {BUCKET_LABEL[b.consumptionCurrency ?? 'USD']}</Badge> : <Badge tone="red">no credit</Badge>}
    >
      <dl className="space-y-0.5">
        {rows.map(([k, v, note]) => (
          <div key={k} className="flex justify-between gap-2">
            <dt>{k}</dt>
            <dd className="tabular text-slate-900">{fmtUsd(v)}{note && <span className="text-slate-500"> {note}</span>}</dd>
          </div>
        ))}
      </dl>
      {!b.canConsume && (
        <p className="mt-2 text-red-700">
          Every request is refused with <code className="font-mono">insufficient_balance</code> until credit is added.{' '}
          {canTopUp && <Link href={`/w/${slug}/settings/credits`} className="font-medium underline">Add credit</Link>}
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
            <span className="text-slate-500">{fmtUsd(ws.monthlyBudgetRemaining)} left</span>
          </p>
          {ws.budgetResetsAt && <p className="text-slate-500">Resets {fmtDate(ws.budgetResetsAt).slice(0, 10)}</p>}
        </>
      )}
    </Stat>
  );
}

export function RangeStat({ total, days, label, topModel }: { total: number; days: number; label: string; topModel: string | null }) {
  return (
    <Stat label={label} value={fmtUsd(total)} testId="range-total">
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
