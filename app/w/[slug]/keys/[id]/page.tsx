// Key detail: status (and what refuses it), spend against the cap, the daily chart (bars open the ledger
// for that day), alerts sent, and the key's details. Every figure once.
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { pageCtx } from '@/lib/page-ctx';
import { getKey } from '@/lib/services/keys';
import { isAppError } from '@/lib/errors';
import { exactUsd, fmtDate, fmtRelative } from '@/lib/format';
import { Card, SpendBar } from '@/components/ui';
import { KeyAlerts } from '@/components/alerts/key-alerts';
import { KeySpendSection } from '../_components/key-spend-section';
import { KeyActions } from '../_components/key-actions';
import { KeyStatusBadges, TypeBadge, limitText, spend } from '../_components/key-badges';
import { KeyBlockedNotice } from '../_components/key-blocked';
import { KeyRateLimits } from '../_components/key-rate-limits';
import { KeyForecast } from '../_components/key-forecast';

export const metadata = { title: 'API key' };

const SPEND_LABEL = { daily: 'Spent today', weekly: 'Spent this week', monthly: 'Spent this month', total: 'Spent in total' } as const;

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-4 py-2 text-sm">
      <dt className="text-slate-600">{label}</dt>
      <dd className="min-w-0 text-right text-slate-900">{children}</dd>
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
  const period = k.spendLimit === null ? 'monthly' : (k.spendLimitPeriod ?? 'monthly');
  const ledger = `/w/${slug}/usage?key=${encodeURIComponent(k.id)}`;
  return (
    <>
      <nav className="mb-3 text-sm text-slate-600" aria-label="Breadcrumb">
        <Link href={`/w/${slug}/keys`} className="hover:text-slate-900 hover:underline">API keys</Link> <span aria-hidden>/</span> <span className="text-slate-800">{k.name}</span>
      </nav>
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="truncate text-2xl font-semibold tracking-tight">{k.name}</h1>
          <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <TypeBadge type={k.type} />
            <KeyStatusBadges k={k} />
            <code className="font-mono text-xs" title="The last 6 characters of the secret">…{k.last6}</code>
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Link href={ledger} className="rounded-md px-3 py-2 text-sm font-medium text-brand-700 ring-1 ring-slate-300 hover:bg-white" data-testid="key-ledger-link">Requests in the ledger</Link>
          {canManage && <KeyActions slug={slug} k={k} size="md" />}
        </div>
      </div>

      <KeyBlockedNotice k={k} slug={slug} canEditBudget={p.can('workspace.settings')} canTopUp={p.can('credits.manage')} />

      {/* DOM order = phone order (spend, chart, alerts, details); on large screens chart and alerts take two columns */}
      <div className="grid grid-cols-1 items-start gap-4 lg:grid-cols-3">
        <div className="lg:col-start-3 lg:row-start-1">
          <Card title="Spend and limit">
            <div data-testid="detail-spend">
              <p className="text-xs font-medium uppercase tracking-wide text-slate-600">{SPEND_LABEL[period]}</p>
              <p className="tabular mt-1 text-2xl font-semibold text-slate-900" data-testid="detail-period-spend" title={exactUsd(k.currentPeriodSpend)}>{spend(k.currentPeriodSpend)}</p>
              {k.spendLimit === null ? (
                <p className="mt-1 text-sm text-slate-600">No cap on this key{canManage ? ' — add one with Edit' : ''}.</p>
              ) : (
                <div className="mt-2 space-y-1">
                  <SpendBar spent={k.currentPeriodSpend} limit={k.spendLimit} label={`${pct}% of ${limitText(k)}`} />
                  <p className="text-sm text-slate-700">{pct}% of <span data-testid="detail-limit-text" title={exactUsd(k.spendLimit)}>{limitText(k)}</span></p>
                </div>
              )}
            </div>
            <dl className="mt-3 divide-y divide-slate-100 border-t border-slate-100">
              <Row label="Limit"><span data-testid="detail-limit" title={k.spendLimit === null ? undefined : exactUsd(k.spendLimit)}>{k.spendLimit === null ? 'None' : spend(k.spendLimit)}</span></Row>
              {k.spendLimitRemaining !== null && <Row label="Left in this window"><span title={exactUsd(k.spendLimitRemaining)}>{spend(k.spendLimitRemaining)}</span></Row>}
              {k.spendLimit !== null && (
                <Row label="Window">
                  {k.periodResetsAt ? <span title={fmtDate(k.periodResetsAt)}>resets {fmtRelative(k.periodResetsAt, now)}</span> : 'lifetime, never resets'}
                </Row>
              )}
              {(k.spendLimit === null || period !== 'monthly') && <Row label="Month to date"><span data-testid="detail-mtd" title={exactUsd(k.monthToDateSpend)}>{spend(k.monthToDateSpend)}</span></Row>}
            </dl>
            <KeyForecast k={k} now={now} />
          </Card>
        </div>
        <div className="min-w-0 lg:col-span-2 lg:col-start-1 lg:row-start-1">
          <KeySpendSection ctx={p.ctx} slug={slug} keyId={k.id} />
        </div>
        <div className="min-w-0 lg:col-span-2 lg:col-start-1 lg:row-start-2">
          <KeyAlerts workspaceId={p.ctx.workspaceId} slug={slug} keyId={k.id} hasLimit={k.spendLimit !== null} canManageWebhooks={p.can('webhooks.manage')} />
        </div>
        <div className="space-y-4 lg:col-start-3 lg:row-start-2">
          <KeyRateLimits ctx={p.ctx} slug={slug} k={k} canManage={canManage} canEditDefaults={p.can('workspace.settings')} />
          <Card title="Details">
            <dl className="-my-2 divide-y divide-slate-100">
              <Row label="Created"><span title={fmtDate(k.createdAt)}>{fmtRelative(k.createdAt, now)}</span></Row>
              <Row label="Expires">{k.expiresAt ? fmtDate(k.expiresAt) : 'Never'}</Row>
              <Row label="Last used"><span title={k.lastUsedAt ? fmtDate(k.lastUsedAt) : undefined}>{fmtRelative(k.lastUsedAt, now)}</span></Row>
              {k.revokedAt && <Row label="Revoked">{fmtDate(k.revokedAt)}</Row>}
              <Row label="Key id"><code className="break-all font-mono text-xs">{k.id}</code></Row>
            </dl>
          </Card>
        </div>
      </div>
    </>
  );
}
