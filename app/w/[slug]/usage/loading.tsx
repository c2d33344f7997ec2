// Skeleton while the ledger loads.
export default function UsageLoading() {
  return (
    <div aria-busy="true" aria-label="Loading usage" className="animate-pulse">
      <div className="mb-6 flex items-end justify-between">
        <div className="space-y-2"><div className="h-7 w-28 rounded bg-slate-200" /><div className="h-4 w-72 max-w-full rounded bg-slate-200" /></div>
        <div className="h-9 w-28 rounded-md bg-slate-200" />
      </div>
      <div className="mb-4 h-20 rounded-lg bg-white ring-1 ring-slate-200" />
      <div className="mb-4 h-4 w-56 rounded bg-slate-200" />
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
