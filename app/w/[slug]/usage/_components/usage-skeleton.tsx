// The ledger's shape while a page of it loads (the route's loading.tsx, and a new filter or page).
export function UsageSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading usage" className="animate-pulse space-y-4" data-testid="usage-loading">
      <div className="h-4 w-56 rounded bg-slate-200" />
      <div className="divide-y divide-slate-100 rounded-lg bg-white ring-1 ring-slate-200">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="flex items-center gap-6 px-4 py-3">
            <div className="h-4 w-36 rounded bg-slate-200" />
            <div className="h-4 w-28 rounded bg-slate-200" />
            <div className="h-4 w-24 rounded bg-slate-200" />
            <div className="ml-auto h-4 w-16 rounded bg-slate-200" />
          </div>
        ))}
      </div>
    </div>
  );
}
