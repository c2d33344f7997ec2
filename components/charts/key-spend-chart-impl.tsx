'use client';
// recharts part of KeySpendChart (loaded lazily by ./key-spend-chart). A click on a day opens the ledger
// for that day (and this key); the cap is drawn only on the days it applied (limit history).
import { useRef } from 'react';
import { useRouter } from 'next/navigation';
import { Bar, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fmtUsd } from '@/lib/format';
import type { Period } from '@/lib/periods';
import { UsdTooltip } from './stacked-bar-chart';
import { axisWidth, compactUsd } from './axis';
import { niceTicks, shortDay } from './types';
import type { KeySpendRow } from './key-window';

export default function KeySpendChartImpl({ rows, limitUsd, period, drillHref }: { rows: KeySpendRow[]; limitUsd: number | null; period: Period | null; drillHref?: string }) {
  const router = useRouter();
  const barClicked = useRef(false);
  const showWindow = period !== null && period !== 'daily';
  const max = Math.max(0, ...rows.map((r) => (showWindow ? Math.max(r.usd, r.window) : r.usd)));
  // The cap is drawn when spend is within sight of it; far below it, the bars would flatten to nothing.
  const capInView = limitUsd !== null && (limitUsd === 0 || max >= limitUsd * 0.05);
  const ticks = niceTicks(Math.max(max, capInView ? (limitUsd ?? 0) * 1.05 : 0));
  const top = ticks.at(-1)!;
  // Caps of past days that are far above this chart (an earlier, higher limit) are left out rather than
  // squashing the bars; only days with a cap in the current period carry one.
  const data = rows.map((r) => ({ ...r, capLine: capInView && r.cap !== null && r.cap <= top ? r.cap : null }));
  const lastCap = data.reduce((at, r, i) => (r.capLine !== null ? i : at), -1);
  const go = (day: unknown) => {
    if (drillHref && typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day)) router.push(`${drillHref}${drillHref.includes('?') ? '&' : '?'}start=${day}&end=${day}`);
  };
  return (
    <div style={{ height: 240 }} className={drillHref ? 'w-full cursor-pointer' : 'w-full'} data-chart-state="ready">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 18, right: 8, left: 0, bottom: 0 }} onClick={(s) => (barClicked.current ? void (barClicked.current = false) : go(s?.activeLabel))}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="x" tickFormatter={shortDay} tickLine={false} axisLine={{ stroke: '#cbd5e1' }} tick={{ fontSize: 11, fill: '#475569' }} minTickGap={18} />
          <YAxis tickFormatter={compactUsd} domain={[0, top]} ticks={ticks} interval={0} tickLine={false} axisLine={false} tick={{ fontSize: 11, fill: '#475569' }} width={axisWidth(ticks)} />
          <Tooltip content={<UsdTooltip showTotal={false} hint={drillHref ? 'Click to see these requests' : undefined} />} cursor={{ fill: 'rgba(148, 163, 184, 0.15)' }} />
          {showWindow &&
            data.filter((r, i) => r.windowStart && i > 0).map((r) => <ReferenceLine key={r.x} x={r.x} stroke="#cbd5e1" strokeDasharray="2 4" />)}
          <Bar
            dataKey="usd"
            name="Spent that day"
            fill="#2f6fed"
            isAnimationActive={false}
            maxBarSize={28}
            onClick={(d) => {
              barClicked.current = true;
              go((d as { payload?: { x?: unknown } }).payload?.x);
            }}
          />
          {showWindow && <Line dataKey="window" name={period === 'total' ? 'Spent in total' : `Spent this ${period === 'weekly' ? 'week' : 'month'}`} type="linear" stroke="#d97706" strokeWidth={2} dot={false} isAnimationActive={false} />}
          {lastCap >= 0 && (
            <Line
              dataKey="capLine"
              name="Cap"
              type="step"
              stroke="#ef4444"
              strokeDasharray="6 4"
              strokeWidth={1.5}
              connectNulls={false}
              isAnimationActive={false}
              activeDot={false}
              dot={(p: { cx?: number; cy?: number; index?: number; value?: number | null }) =>
                p.value === null || p.value === undefined || p.cx === undefined || p.cy === undefined ? (
                  <g key={`cap-${p.index}`} />
                ) : (
                  <line key={`cap-${p.index}`} x1={p.cx - 5} x2={p.cx + 5} y1={p.cy} y2={p.cy} stroke="#ef4444" strokeWidth={1.5} />
                )
              }
              label={(p: { x?: number | string; y?: number | string; index?: number; value?: unknown }) =>
                p.index === lastCap && typeof p.value === 'number' ? (
                  <text key="cap-label" x={Number(p.x)} y={Number(p.y) - 6} textAnchor="end" fill="#b91c1c" fontSize={11}>{`cap ${fmtUsd(p.value)}`}</text>
                ) : (
                  <g key={`cap-label-${p.index}`} />
                )
              }
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
