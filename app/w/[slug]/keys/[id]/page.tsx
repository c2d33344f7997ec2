import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { pageCtx } from '@/lib/page-ctx';
import { getKey } from '@/lib/services/keys';
import { isAppError } from '@/lib/errors';
import { fmtDate, fmtRelative } from '@/lib/format';
import { PERIOD_WORDS } from '@/lib/periods';
import { Card, SpendBar } from '@/components/ui';
import { KeyAlerts } from '@/components/alerts/key-alerts';
import { KeySpendSection } from '../_components/key-spend-section';
import { KeyActions } from '../_components/key-actions';
import { KeyStatusBadges, TypeBadge, limitText, spend, usd } from '../_components/key-badges';

export const metadata = { title: 'API key' };

const SPEND_LABEL = { daily: 'Spend today', weekly: 'Spend this week', monthly: 'Spend this month', total: 'Spend in total' } as const;

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-4 py-2 text-sm">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-right text-slate-900">{children}</dd>
    </div>
  );
}

function Stat({ label, value, sub, testId }: { label: string; value: string; sub?: ReactNode; testId?: string }) {
  return (
    <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p className="tabular mt-1 text-2xl font-semibold text-slate-900" data-testid={testId}>{value}</p>
      {sub && <div className="mt-1 text-xs text-slate-500">{sub}</div>}
    </div>
  );
}

export default async function KeyDetailPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const p = await pageCtx(slug);
  const k = await getKey(p.ctx, id).catch((e) => {
    if (isAppError(e) && e.status === 404) notFound();
    throw e;
  });
  // One server timestamp so relative times render the same on server and client
  const now = Date.now();
  const canManage = p.can('keys.manage');
  const ratio = k.spendLimit === null ? null : k.spendLimit === 0 ? 1 : k.currentPeriodSpend / k.spendLimit;
  const pct = ratio === null ? null : ratio > 0 && ratio < 0.01 ? '<1' : String(Math.floor(ratio * 100));
  return (
    <>
      <nav className="mb-3 text-sm text-slate-500" aria-label="Breadcrumb">
        <Link href={`/w/${slug}/keys`} className="hover:text-slate-800 hover:underline">API keys</Link> <span aria-hidden>/</span> <span className="text-slate-700">{k.name}</span>
      </nav>
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="truncate text-2xl font-semibold tracking-tight">{k.name}</h1>
          <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <TypeBadge type={k.type} />
            <KeyStatusBadges k={k} />
            <code className="font-mono text-xs">…{k.last6}</code>
          </div>
        </div>
        {canManage && <KeyActions slug={slug} k={k} size="md" />}
      </div>

      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <Stat
          label={SPEND_LABEL[k.spendLimit === null ? 'monthly' : (k.spendLimitPeriod ?? 'monthly')]}
          value={spend(k.currentPeriodSpend)}
          testId="detail-period-spend"
          sub={k.spendLimit === null ? 'No cap on this key' : <><SpendBar spent={k.currentPeriodSpend} limit={k.spendLimit} /><span className="mt-1 block">{pct}% of {limitText(k)}</span></>}
        />
        <Stat label="Limit" value={k.spendLimit === null ? 'None' : usd(k.spendLimit)} testId="detail-limit" sub={k.spendLimit === null ? 'Add one with Edit' : `${PERIOD_WORDS[k.spendLimitPeriod ?? 'monthly']} · ${spend(k.spendLimitRemaining)} left`} />
        <Stat label="Month to date" value={spend(k.monthToDateSpend)} testId="detail-mtd" sub={k.periodResetsAt ? <span title={fmtDate(k.periodResetsAt)}>Window resets {fmtRelative(k.periodResetsAt, now)}</span> : k.spendLimit !== null ? 'Lifetime cap, never resets' : 'Calendar month, UTC'} />
      </div>

      {k.status === 'zero_limit' && (
        <p className="mt-4 rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200">This key&apos;s spend limit is $0: every call is refused until you raise it.</p>
      )}
      {k.status === 'blocked' && (
        <p className="mt-4 rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200">This key reached its limit of {limitText(k)}. Calls are refused until {k.periodResetsAt ? fmtDate(k.periodResetsAt) : 'the limit is raised'}.</p>
      )}

      <div className="mt-6 grid grid-cols-1 gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          {/* Daily spend chart of this key. */}
          <KeySpendSection ctx={p.ctx} keyId={k.id} />
          <KeyAlerts workspaceId={p.ctx.workspaceId} keyId={k.id} />
        </div>
        <Card title="Settings">
          <dl className="divide-y divide-slate-100">
            <Row label="Type">{k.type === 'ADMIN' ? 'Admin' : 'Inference'}</Row>
            <Row label="Secret"><code className="font-mono">…{k.last6}</code></Row>
            <Row label="Spend limit">{limitText(k)}</Row>
            <Row label="Created"><span title={fmtDate(k.createdAt)}>{fmtRelative(k.createdAt, now)}</span></Row>
            <Row label="Expires">{k.expiresAt ? fmtDate(k.expiresAt) : 'Never'}</Row>
            <Row label="Last used"><span title={k.lastUsedAt ? fmtDate(k.lastUsedAt) : undefined}>{fmtRelative(k.lastUsedAt, now)}</span></Row>
            {k.revokedAt && <Row label="Revoked">{fmtDate(k.revokedAt)}</Row>}
            <Row label="Key id"><code className="break-all font-mono text-xs">{k.id}</code></Row>
          </dl>
        </Card>
      </div>
    </>
  );
}
