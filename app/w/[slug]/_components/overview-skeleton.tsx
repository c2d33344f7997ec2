// The Overview's shape while its figures load (three figures, charts): the route's loading.tsx, and the
// fallback while another period is computed (the 90-day view takes about a second).
export function OverviewSkeleton({ withHeader = false }: { withHeader?: boolean }) {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the overview" className="animate-pulse" data-testid="overview-loading">
      {withHeader && (
        <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
          <div className="space-y-2"><div className="h-7 w-40 rounded bg-slate-200" /><div className="h-4 w-72 max-w-full rounded bg-slate-200" /></div>
          <div className="h-9 w-72 max-w-full rounded-md bg-slate-200" />
        </div>
      )}
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {[0, 1, 2].map((i) => (
          <div key={i} className="space-y-3 rounded-lg bg-white p-5 ring-1 ring-slate-200">
            <div className="h-3 w-24 rounded bg-slate-200" />
            <div className="h-7 w-32 rounded bg-slate-200" />
            <div className="h-2 w-full rounded-full bg-slate-200" />
          </div>
        ))}
      </div>
      <div className="mt-4 h-80 rounded-lg bg-white ring-1 ring-slate-200" />
      <div className="mt-4 grid grid-cols-1 gap-4 lg:grid-cols-2">
        <div className="h-80 rounded-lg bg-white ring-1 ring-slate-200" />
        <div className="h-80 rounded-lg bg-white ring-1 ring-slate-200" />
      </div>
      <p className="sr-only" role="status">Loading…</p>
    </div>
  );
}
