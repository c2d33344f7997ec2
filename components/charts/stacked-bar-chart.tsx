'use client';
// Stacked bars by day (recharts). Loaded lazily through ./lazy — do not import this file from pages.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { fmtUsd } from '@/lib/format';
import { niceTicks, shortDay, stackedMax, type ChartData } from './types';

/** Axis labels: $0, $0.025, $0.5, $2.5, $40, $1.5k (no trailing zeros; ticks come from niceTicks). */
export const compactUsd = (v: number) => {
  const a = Math.abs(v);
  if (a >= 1000) return `$${Number((v / 1000).toPrecision(3))}k`;
  return `$${Number(v.toPrecision(a >= 1 ? 4 : 3))}`;
};

export function UsdTooltip({ active, payload, label, showTotal = true }: Partial<TooltipContentProps<number, string>> & { showTotal?: boolean }) {
  if (!active || !payload?.length) return null;
  const items = payload.filter((p) => Number(p.value) > 0).sort((a, b) => Number(b.value) - Number(a.value));
  const total = payload.reduce((s, p) => s + Number(p.value ?? 0), 0);
  return (
    <div className="min-w-44 rounded-md bg-white px-3 py-2 text-xs shadow-lg ring-1 ring-slate-200">
      <p className="mb-1 font-medium text-slate-900">{shortDay(String(label))}</p>
      {items.length === 0 && <p className="text-slate-500">No spend</p>}
      {items.map((p) => (
        <p key={String(p.dataKey)} className="flex items-center justify-between gap-4 tabular">
          <span className="flex min-w-0 items-center gap-1.5 text-slate-600">
            <span className="inline-block h-2 w-2 shrink-0 rounded-full" style={{ background: p.color }} />
            <span className="truncate">{p.name}</span>
          </span>
          <span className="text-slate-900">{fmtUsd(Number(p.value), 4)}</span>
        </p>
      ))}
      {showTotal && items.length > 1 && (
        <p className="mt-1 flex justify-between gap-4 border-t border-slate-100 pt-1 font-medium tabular">
          <span>Total</span>
          <span>{fmtUsd(total, 4)}</span>
        </p>
      )}
    </div>
  );
}

export default function StackedBarChart({ data, height = 260 }: { data: ChartData; height?: number }) {
  const ticks = niceTicks(stackedMax(data));
  return (
    <div style={{ height }} className="w-full" data-chart-state="ready">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data.rows} margin={{ top: 8, right: 4, left: 0, bottom: 0 }} barCategoryGap="18%">
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="x" tickFormatter={shortDay} tickLine={false} axisLine={{ stroke: '#cbd5e1' }} tick={{ fontSize: 11, fill: '#64748b' }} minTickGap={18} />
          <YAxis tickFormatter={compactUsd} domain={[0, ticks.at(-1)!]} ticks={ticks} interval={0} tickLine={false} axisLine={false} tick={{ fontSize: 11, fill: '#64748b' }} width={48} />
          <Tooltip content={<UsdTooltip />} cursor={{ fill: 'rgba(148, 163, 184, 0.15)' }} />
          <Legend iconType="circle" iconSize={8} itemSorter={null} wrapperStyle={{ fontSize: 12, paddingTop: 8 }} />
          {data.series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} stackId="spend" fill={s.color} isAnimationActive={false} maxBarSize={36} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
