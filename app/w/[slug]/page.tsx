// Overview: credit balance, month-to-date spend against the budget, and spend charts for a period chosen
// in the URL (?lookback=7d|30d|90d or ?start=YYYY-MM-DD&end=YYYY-MM-DD). Figures come from the rollups.
import { headers } from 'next/headers';
import { pageCtx } from '@/lib/page-ctx';
import { usageAnalytics, workspaceHasUsage } from '@/lib/billing/analytics';
import { consoleRange } from '@/lib/billing/params';
import { dayKey } from '@/lib/billing/days';
import { getBalances } from '@/lib/services/credits';
import { getWorkspace } from '@/lib/services/workspace-settings';
import { appUrl } from '@/lib/config';
import { PageHeader } from '@/components/ui';
import { chartTotal, shortDay } from '@/components/charts/types';
import { RangePicker } from './_components/range-picker';
import { BalanceStat, MonthStat, RangeStat } from './_components/overview-stats';
import { OverviewCharts, overviewChartData } from './_components/overview-charts';
import { FirstRequest } from './_components/first-request';

export const metadata = { title: 'Overview' };

async function baseUrl() {
  if (process.env.APP_URL || process.env.AUTH_URL) return appUrl();
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost:3000';
  return `${h.get('x-forwarded-proto') ?? 'http'}://${host}`;
}

export default async function OverviewPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const p = await pageCtx(slug);
  const range = consoleRange(await searchParams);
  const [analytics, balances, ws, hasUsage] = await Promise.all([usageAnalytics(p.ctx, range), getBalances(p.ctx), getWorkspace(p.ctx), workspaceHasUsage(p.ctx)]);
  const custom = !/^\d+d$/.test(range.lookback);
  const start = dayKey(range.start);
  const end = dayKey(range.end);
  const year = range.end.getUTCFullYear();
  const periodText = `${shortDay(start)}${range.start.getUTCFullYear() !== year ? `, ${range.start.getUTCFullYear()}` : ''} – ${shortDay(end)}, ${year}`;
  const charts = overviewChartData(analytics);
  const total = chartTotal(charts.byDate);
  return (
    <>
      <PageHeader
        title="Overview"
        description={
          <>
            Spend of {p.workspace.name}, <span data-testid="period-label">{periodText}</span> (UTC)
          </>
        }
        actions={<RangePicker key={`${start}:${end}`} lookback={range.lookback} start={start} end={end} custom={custom} />}
      />
      <div className="space-y-4" data-testid="overview" data-lookback={range.lookback} data-start={start} data-end={end}>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <BalanceStat b={balances} slug={slug} canTopUp={p.can('credits.manage')} />
          <MonthStat ws={ws} slug={slug} canEdit={p.can('workspace.settings')} />
          <RangeStat total={total} days={range.days} label={custom ? 'Selected period' : `Last ${range.days} days`} topModel={analytics.byModel[0]?.modelName ?? null} />
        </div>
        {!hasUsage && (
          <FirstRequest baseUrl={await baseUrl()} slug={slug} canManageKeys={p.can('keys.manage')} canTopUp={p.can('credits.manage')} needsCredit={!balances.canConsume} />
        )}
        <OverviewCharts data={charts} periodLabel={`from ${shortDay(start)} to ${shortDay(end)}`} hasUsage={hasUsage} />
      </div>
    </>
  );
}
