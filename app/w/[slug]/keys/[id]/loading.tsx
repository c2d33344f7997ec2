// Skeleton while a key's page loads (header, chart, spend card).
export default function KeyLoading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the key" className="animate-pulse" data-testid="key-loading">
      <div className="mb-3 h-4 w-40 rounded bg-slate-200" />
      <div className="mb-6 space-y-2"><div className="h-7 w-64 max-w-full rounded bg-slate-200" /><div className="h-5 w-48 rounded bg-slate-200" /></div>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <div className="h-80 rounded-lg bg-white ring-1 ring-slate-200" />
          <div className="h-28 rounded-lg bg-white ring-1 ring-slate-200" />
        </div>
        <div className="space-y-4">
          <div className="h-56 rounded-lg bg-white ring-1 ring-slate-200" />
          <div className="h-48 rounded-lg bg-white ring-1 ring-slate-200" />
        </div>
      </div>
    </div>
  );
}
