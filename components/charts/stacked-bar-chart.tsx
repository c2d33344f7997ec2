'use client';
// Stacked bars by day (recharts). Loaded lazily through ./lazy — do not import this file from pages.
// With `drillHref`, a click on a bar opens the ledger for that day and that series (model, key or bucket).
import { useRef } from 'react';
import { useRouter } from 'next/navigation';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { fmtUsd } from '@/lib/format';
import { axisWidth, compactUsd } from './axis';
import { niceTicks, shortDay, stackedMax, type ChartData, type ChartSeries } from './types';

export { compactUsd };

export function UsdTooltip({ active, payload, label, showTotal = true, hint }: Partial<TooltipContentProps<number, string>> & { showTotal?: boolean; hint?: string }) {
  if (!active || !payload?.length) return null;
  const items = payload.filter((p) => Number(p.value) > 0).sort((a, b) => Number(b.value) - Number(a.value));
  const total = payload.reduce((s, p) => s + Number(p.value ?? 0), 0);
  return (
    <div className="min-w-44 rounded-md bg-white px-3 py-2 text-xs shadow-lg ring-1 ring-slate-200">
      <p className="mb-1 font-medium text-slate-900">{shortDay(String(label))}</p>
      {items.length === 0 && <p className="text-slate-600">No spend</p>}
      {items.map((p) => (
        <p key={String(p.dataKey)} className="flex items-center justify-between gap-4 tabular">
          <span className="flex min-w-0 items-center gap-1.5 text-slate-700">
            <span className="inline-block h-2 w-2 shrink-0 rounded-full" style={{ background: p.color }} />
            <span className="truncate">{p.name}</span>
          </span>
          <span className="text-slate-900">{fmtUsd(Number(p.value))}</span>
        </p>
      ))}
      {showTotal && items.length > 1 && (
        <p className="mt-1 flex justify-between gap-4 border-t border-slate-100 pt-1 font-medium tabular">
          <span>Total</span>
          <span>{fmtUsd(total)}</span>
        </p>
      )}
      {hint && <p className="mt-1 border-t border-slate-100 pt-1 text-slate-600">{hint}</p>}
    </div>
  );
}

/** The ledger URL for one day (and one series' filter, e.g. model=gpt-4o). */
export function drillUrl(base: string, day: string, series?: Pick<ChartSeries, 'filter'>) {
  const q = new URLSearchParams({ ...(series?.filter ?? {}), start: day, end: day });
  return `${base}?${q}`;
}

export default function StackedBarChart({ data, height = 260, drillHref }: { data: ChartData; height?: number; drillHref?: string }) {
  const router = useRouter();
  const barClicked = useRef(false);
  const ticks = niceTicks(stackedMax(data));
  const isDay = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
  return (
    <div style={{ height }} className={drillHref ? 'w-full cursor-pointer' : 'w-full'} data-chart-state="ready">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data.rows}
          margin={{ top: 8, right: 4, left: 0, bottom: 0 }}
          barCategoryGap="18%"
          onClick={(s) => {
            // a click beside the bars of a day: that day, every series
            if (barClicked.current) return void (barClicked.current = false);
            if (drillHref && isDay(s?.activeLabel)) router.push(drillUrl(drillHref, s.activeLabel));
          }}
        >
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="x" tickFormatter={shortDay} tickLine={false} axisLine={{ stroke: '#cbd5e1' }} tick={{ fontSize: 11, fill: '#475569' }} minTickGap={18} />
          <YAxis tickFormatter={compactUsd} domain={[0, ticks.at(-1)!]} ticks={ticks} interval={0} tickLine={false} axisLine={false} tick={{ fontSize: 11, fill: '#475569' }} width={axisWidth(ticks)} />
          <Tooltip content={<UsdTooltip hint={drillHref ? 'Click a bar to see these requests' : undefined} />} cursor={{ fill: 'rgba(148, 163, 184, 0.15)' }} />
          {/* legend text in slate-700 (≥ 4.5:1 on white); the dot carries the series colour */}
          <Legend iconType="circle" iconSize={8} itemSorter={null} wrapperStyle={{ fontSize: 12, paddingTop: 8 }} formatter={(value) => <span style={{ color: '#334155' }}>{value}</span>} />
          {data.series.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stackId="spend"
              fill={s.color}
              isAnimationActive={false}
              maxBarSize={36}
              onClick={(d) => {
                const day = (d as { payload?: { x?: unknown } }).payload?.x;
                if (!drillHref || !isDay(day)) return;
                barClicked.current = true;
                router.push(drillUrl(drillHref, day, s));
              }}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
