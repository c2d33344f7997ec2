import { PageHeader, EmptyState } from '@/components/ui';

export const metadata = { title: 'Settings' };

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" />
      <EmptyState title="Settings are coming soon" />
    </>
  );
}
