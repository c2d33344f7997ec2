// Skeleton while an endpoint and its delivery log load.
export default function EndpointLoading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the endpoint" className="animate-pulse space-y-4">
      <div className="h-4 w-64 max-w-full rounded bg-slate-200" />
      <div className="h-36 rounded-lg bg-white ring-1 ring-slate-200" />
      <div className="h-72 rounded-lg bg-white ring-1 ring-slate-200" />
    </div>
  );
}
