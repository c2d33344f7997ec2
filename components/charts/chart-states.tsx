// Shared loading and empty states for charts (no client hooks: usable from server and client components).
import type { ReactNode } from 'react';

export function ChartSkeleton({ height = 260 }: { height?: number }) {
  return (
    <div className="flex w-full animate-pulse items-end gap-1.5 px-2" style={{ height }} role="status" aria-busy="true" aria-label="Loading chart" data-chart-state="loading">
      {Array.from({ length: 18 }, (_, i) => (
        <div key={i} className="flex-1 rounded-t bg-slate-200" style={{ height: `${25 + ((i * 37) % 60)}%` }} />
      ))}
    </div>
  );
}

export function ChartEmpty({ height = 260, title, children }: { height?: number; title: string; children?: ReactNode }) {
  return (
    <div className="flex w-full flex-col items-center justify-center rounded-md border border-dashed border-slate-300 bg-slate-50 px-4 text-center" style={{ height }} data-chart-state="empty">
      <p className="text-sm font-medium text-slate-700">{title}</p>
      {children && <div className="mt-1 max-w-sm text-xs text-slate-500">{children}</div>}
    </div>
  );
}
