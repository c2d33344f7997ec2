// Skeleton while the webhook endpoints load.
export default function WebhooksLoading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading webhooks" className="animate-pulse space-y-4 rounded-lg bg-white p-5 ring-1 ring-slate-200">
      <div className="h-5 w-48 rounded bg-slate-200" />
      <div className="h-4 w-96 max-w-full rounded bg-slate-200" />
      {[0, 1].map((i) => (
        <div key={i} className="flex items-center gap-4 py-3">
          <div className="h-4 flex-1 rounded bg-slate-200" />
          <div className="h-4 w-16 rounded-full bg-slate-200" />
          <div className="h-8 w-24 rounded-md bg-slate-200" />
        </div>
      ))}
    </div>
  );
}
