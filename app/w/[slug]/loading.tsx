// Skeleton while a workspace page loads (the Overview's shape: header, three figures, charts).
import { OverviewSkeleton } from './_components/overview-skeleton';

export default function WorkspaceLoading() {
  return <OverviewSkeleton withHeader />;
}
