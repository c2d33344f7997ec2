// Skeleton while the audit log loads (filters, then rows).
export default function AuditLoading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the audit log" className="animate-pulse space-y-4">
      <div className="h-24 rounded-lg bg-white ring-1 ring-slate-200" />
      <div className="divide-y divide-slate-100 rounded-lg bg-white ring-1 ring-slate-200">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="flex items-center gap-6 px-5 py-4">
            <div className="h-4 w-32 rounded bg-slate-200" />
            <div className="h-4 w-40 rounded bg-slate-200" />
            <div className="h-4 w-24 rounded-full bg-slate-200" />
            <div className="h-4 flex-1 rounded bg-slate-200" />
          </div>
        ))}
      </div>
    </div>
  );
}
