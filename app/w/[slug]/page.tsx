import { pageCtx } from '@/lib/page-ctx';
import { PageHeader, EmptyState } from '@/components/ui';

export const metadata = { title: 'Overview' };

export default async function OverviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const p = await pageCtx(slug);
  return (
    <>
      <PageHeader title="Overview" description={`Spend of ${p.workspace.name}`} />
      <EmptyState title="Dashboards are coming soon">Spend by date, model and key will appear here.</EmptyState>
    </>
  );
}
