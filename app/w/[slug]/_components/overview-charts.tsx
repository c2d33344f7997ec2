// The Overview charts: spend by date (stacked by credit bucket), by model per day (top 8 + Other) and by
// key per day (top 8 + Other). Data is shaped on the server from the analytics (rollups); the charts load
// lazily. A bar opens the ledger for that day and that bucket, model or key.
import type { UsageAnalytics } from '@/lib/billing/analytics';
import { dayKey } from '@/lib/billing/days';
import { ChartCard } from '@/components/charts/chart-card';
import { CURRENCY_SERIES, toChartData, type ChartData } from '@/components/charts/types';

/** `keyFilter`: chart label of a key -> its ledger filter value (lib/billing/analytics keyFilterByLabel). */
export function overviewChartData(a: UsageAnalytics, keyFilter: Record<string, string> = {}): { byDate: ChartData; byModel: ChartData; byKey: ChartData } {
  const used = CURRENCY_SERIES.filter((c) => c.name === 'USD' || a.byDate.some((d) => d[c.name] > 0)).map((c) => ({ ...c, filter: { currency: c.name } }));
  const withOther = (names: string[], rows: Record<string, number>[]) => (rows.length && 'Other' in rows[0] ? [...names, 'Other'] : names);
  const models = withOther(a.topModels, a.byModelDaily).map((name) => {
    const model = a.byModel.find((m) => m.modelName === name || `${m.modelName} (model)` === name)?.modelName;
    return { name, ...(name !== 'Other' && model ? { filter: { model } } : {}) };
  });
  const keys = withOther(a.topKeyNames, a.byKeyDaily).map((name) => ({ name, ...(keyFilter[name] ? { filter: { key: keyFilter[name] } } : {}) }));
  return {
    byDate: toChartData(a.byDate, used, (r) => String(r.date)),
    byModel: toChartData(a.byModelDaily, models, (r) => dayKey(Number(r.date))),
    byKey: toChartData(a.byKeyDaily, keys, (r) => dayKey(Number(r.date))),
  };
}

export function OverviewCharts({ data, periodLabel, hasUsage, usageHref, range }: { data: ReturnType<typeof overviewChartData>; periodLabel: string; hasUsage: boolean; usageHref: string; range: { start: string; end: string } }) {
  const empty = hasUsage
    ? { title: 'No spend in this period', body: `Nothing was charged ${periodLabel}. Pick a longer period above.` }
    : { title: 'No usage yet', body: 'Send a first request (see above) and its cost appears here.' };
  const ledger = `${usageHref}?start=${range.start}&end=${range.end}`;
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
      <ChartCard
        className="lg:col-span-2"
        testId="chart-by-date"
        title="Spend by date"
        description="Per UTC day, by the credit bucket that paid. Click a bar for its requests."
        data={data.byDate}
        empty={empty}
        drillHref={usageHref}
        ledgerHref={ledger}
      />
      <ChartCard testId="chart-by-model" title="Spend by model" description="Per day, top 8 models, the rest as Other" data={data.byModel} empty={empty} drillHref={usageHref} ledgerHref={ledger} />
      <ChartCard testId="chart-by-key" title="Spend by API key" description="Per day, top 8 keys, console use as Console" data={data.byKey} empty={empty} drillHref={usageHref} ledgerHref={ledger} />
    </div>
  );
}
