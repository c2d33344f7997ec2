// Skeleton for a settings tab while it loads (the tabs above stay in place).
export default function SettingsLoading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading settings" className="grid animate-pulse grid-cols-1 gap-6 lg:grid-cols-2">
      {[0, 1, 2].map((i) => (
        <div key={i} className={`space-y-3 rounded-lg bg-white p-5 ring-1 ring-slate-200 ${i === 0 ? 'lg:col-span-2' : ''}`}>
          <div className="h-5 w-40 rounded bg-slate-200" />
          <div className="h-8 w-56 rounded bg-slate-200" />
          <div className="h-2 w-full rounded-full bg-slate-200" />
          <div className="h-4 w-72 rounded bg-slate-200" />
        </div>
      ))}
    </div>
  );
}
