import { pageCtx } from '@/lib/page-ctx';
import { PageHeader } from '@/components/ui';
import { SettingsTabs } from './_components/tabs';

export default async function SettingsLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const p = await pageCtx(slug);
  return (
    <>
      <PageHeader title="Settings" description={`${p.workspace.name} · you are ${p.role === 'OWNER' ? 'an owner' : p.role === 'ADMIN' ? 'an admin' : 'a member'}`} />
      <SettingsTabs slug={slug} />
      <div className="mt-6">{children}</div>
    </>
  );
}
