// Skeleton while the keys list loads.
export default function KeysLoading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading keys" className="animate-pulse">
      <div className="mb-6 flex items-end justify-between">
        <div className="space-y-2"><div className="h-7 w-40 rounded bg-slate-200" /><div className="h-4 w-72 rounded bg-slate-200" /></div>
        <div className="h-9 w-28 rounded-md bg-slate-200" />
      </div>
      <div className="mb-3 h-9 w-72 rounded-md bg-slate-200" />
      <div className="divide-y divide-slate-100 rounded-lg bg-white ring-1 ring-slate-200">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="flex items-center gap-6 px-4 py-5">
            <div className="h-4 w-40 rounded bg-slate-200" />
            <div className="h-4 w-16 rounded-full bg-slate-200" />
            <div className="h-2 flex-1 rounded-full bg-slate-200" />
            <div className="h-4 w-16 rounded bg-slate-200" />
          </div>
        ))}
      </div>
    </div>
  );
}
