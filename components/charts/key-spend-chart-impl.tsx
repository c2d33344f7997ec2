'use client';
// recharts part of KeySpendChart (loaded lazily by ./key-spend-chart).
import { Bar, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fmtUsd } from '@/lib/format';
import type { Period } from '@/lib/periods';
import { compactUsd, UsdTooltip } from './stacked-bar-chart';
import { niceTicks, shortDay } from './types';
import type { KeySpendRow } from './key-window';

export default function KeySpendChartImpl({ rows, limitUsd, period }: { rows: KeySpendRow[]; limitUsd: number | null; period: Period | null }) {
  const showWindow = period !== null && period !== 'daily';
  const max = Math.max(0, ...rows.map((r) => (showWindow ? Math.max(r.usd, r.window) : r.usd)));
  // The cap is drawn when spend is within sight of it; far below it, the bars would flatten to nothing.
  const capInView = limitUsd !== null && (limitUsd === 0 || max >= limitUsd * 0.05);
  const ticks = niceTicks(Math.max(max, capInView ? (limitUsd ?? 0) * 1.05 : 0));
  return (
    <div style={{ height: 240 }} className="w-full" data-chart-state="ready">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 16, right: 8, left: 0, bottom: 0 }}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="x" tickFormatter={shortDay} tickLine={false} axisLine={{ stroke: '#cbd5e1' }} tick={{ fontSize: 11, fill: '#64748b' }} minTickGap={18} />
          <YAxis tickFormatter={compactUsd} domain={[0, ticks.at(-1)!]} ticks={ticks} interval={0} tickLine={false} axisLine={false} tick={{ fontSize: 11, fill: '#64748b' }} width={48} />
          <Tooltip content={<UsdTooltip showTotal={false} />} cursor={{ fill: 'rgba(148, 163, 184, 0.15)' }} />
          {showWindow &&
            rows.filter((r, i) => r.windowStart && i > 0).map((r) => <ReferenceLine key={r.x} x={r.x} stroke="#cbd5e1" strokeDasharray="2 4" />)}
          <Bar dataKey="usd" name="Spent that day" fill="#2f6fed" isAnimationActive={false} maxBarSize={28} />
          {showWindow && <Line dataKey="window" name={period === 'total' ? 'Spent in total' : `Spent this ${period === 'weekly' ? 'week' : 'month'}`} type="linear" stroke="#f59e0b" strokeWidth={2} dot={false} isAnimationActive={false} />}
          {capInView && limitUsd !== null && (
            <ReferenceLine
              y={limitUsd}
              stroke="#ef4444"
              strokeDasharray="6 4"
              strokeWidth={1.5}
              ifOverflow="extendDomain"
              label={{ value: `cap ${fmtUsd(limitUsd)}`, position: 'insideTopRight', fill: '#b91c1c', fontSize: 11 }}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
