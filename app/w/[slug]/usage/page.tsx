import { PageHeader, EmptyState } from '@/components/ui';

export const metadata = { title: 'Usage' };

export default function UsagePage() {
  return (
    <>
      <PageHeader title="Usage" />
      <EmptyState title="The usage ledger is coming soon">Every billed request will be listed here.</EmptyState>
    </>
  );
}
