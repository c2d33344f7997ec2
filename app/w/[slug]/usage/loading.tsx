// Skeleton while the ledger loads.
import { UsageSkeleton } from './_components/usage-skeleton';

export default function UsageLoading() {
  return (
    <div>
      <div className="mb-6 space-y-2 animate-pulse"><div className="h-7 w-28 rounded bg-slate-200" /><div className="h-4 w-72 max-w-full rounded bg-slate-200" /></div>
      <div className="mb-4 h-20 animate-pulse rounded-lg bg-white ring-1 ring-slate-200" />
      <UsageSkeleton />
    </div>
  );
}
