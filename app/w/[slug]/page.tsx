// Overview: credit balance, month-to-date spend against the budget, and spend charts for a period chosen
// in the URL (?lookback=7d|30d|90d or ?start=YYYY-MM-DD&end=YYYY-MM-DD). Figures come from the rollups.
// The figures stream in under a skeleton, keyed by the period, so switching periods shows progress at once.
import { Suspense } from 'react';
import { pageCtx } from '@/lib/page-ctx';
import { keyFilterByLabel, usageAnalytics, workspaceHasUsage } from '@/lib/billing/analytics';
import { consoleRange, type AnalyticsRange } from '@/lib/billing/params';
import { dayKey } from '@/lib/billing/days';
import { getBalances } from '@/lib/services/credits';
import { getWorkspace } from '@/lib/services/workspace-settings';
import { listKeys } from '@/lib/services/keys';
import { PageHeader } from '@/components/ui';
import { chartTotal, shortDay } from '@/components/charts/types';
import { RangePicker } from './_components/range-picker';
import { BalanceStat, MonthStat, RangeStat } from './_components/overview-stats';
import { OverviewCharts, overviewChartData } from './_components/overview-charts';
import { FirstRequest } from './_components/first-request';
import { OverviewForecast } from './_components/overview-forecast';
import { OverviewSkeleton } from './_components/overview-skeleton';
import { PeriodBody, PeriodNavigation } from './_components/period-navigation';
import { consoleOrigin } from './_lib/origin';

export const metadata = { title: 'Overview' };

export default async function OverviewPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const p = await pageCtx(slug);
  const range = consoleRange(await searchParams);
  const custom = !/^\d+d$/.test(range.lookback);
  const start = dayKey(range.start);
  const end = dayKey(range.end);
  const year = range.end.getUTCFullYear();
  const periodText = `${shortDay(start)}${range.start.getUTCFullYear() !== year ? `, ${range.start.getUTCFullYear()}` : ''} – ${shortDay(end)}, ${year}`;
  return (
    <PeriodNavigation>
      <PageHeader
        title="Overview"
        description={
          <>
            Spend of {p.workspace.name}, <span data-testid="period-label">{periodText}</span> (UTC)
          </>
        }
        actions={<RangePicker key={`${start}:${end}`} lookback={range.lookback} start={start} end={end} custom={custom} />}
      />
      {range.adjusted && (
        <p className="mb-4 rounded-md bg-amber-50 px-4 py-2 text-sm text-amber-900 ring-1 ring-amber-200" role="status" data-testid="range-adjusted">
          {range.adjusted === 'swapped'
            ? `The start date was after the end date, so they were swapped: showing ${shortDay(start)} – ${shortDay(end)}.`
            : `A custom period covers at most 90 days: showing the 90 days up to ${shortDay(end)}.`}
        </p>
      )}
      <PeriodBody fallback={<OverviewSkeleton />}>
        <Suspense key={range.lookback} fallback={<OverviewSkeleton />}>
          <OverviewBody slug={slug} range={range} custom={custom} start={start} end={end} />
        </Suspense>
      </PeriodBody>
    </PeriodNavigation>
  );
}

async function OverviewBody({ slug, range, custom, start, end }: { slug: string; range: AnalyticsRange; custom: boolean; start: string; end: string }) {
  const p = await pageCtx(slug);
  const [analytics, balances, ws, hasUsage, keyFilter, keys] = await Promise.all([
    usageAnalytics(p.ctx, range),
    getBalances(p.ctx),
    getWorkspace(p.ctx),
    workspaceHasUsage(p.ctx),
    keyFilterByLabel(p.ctx),
    listKeys(p.ctx),
  ]);
  const charts = overviewChartData(analytics, keyFilter);
  const total = chartTotal(charts.byDate);
  return (
    <div className="space-y-4" data-testid="overview" data-lookback={range.lookback} data-start={start} data-end={end}>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <BalanceStat b={balances} slug={slug} canTopUp={p.can('credits.manage')} />
        <MonthStat ws={ws} slug={slug} canEdit={p.can('workspace.settings')} />
        <RangeStat total={total} days={range.days} label={custom ? 'Selected period' : `Last ${range.days} days`} topModel={analytics.byModel[0]?.modelName ?? null} />
      </div>
      <OverviewForecast ws={ws} keys={keys} slug={slug} now={Date.now()} />
      {!hasUsage && (
        <FirstRequest baseUrl={await consoleOrigin()} slug={slug} canManageKeys={p.can('keys.manage')} canTopUp={p.can('credits.manage')} needsCredit={!balances.canConsume} />
      )}
      <OverviewCharts data={charts} periodLabel={`from ${shortDay(start)} to ${shortDay(end)}`} hasUsage={hasUsage} usageHref={`/w/${slug}/usage`} range={{ start, end }} />
    </div>
  );
}
