import Link from 'next/link';
import { pageCtx } from '@/lib/page-ctx';
import { Nav, UserMenu, WorkspaceSwitcher } from '@/components/shell/nav';
import { logoutAction } from '@/app/(auth)/actions';
import { AlertBanner } from './alert-banner';

export default async function WorkspaceLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const p = await pageCtx(slug);
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-slate-100/80 backdrop-blur">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-3 px-4 py-3">
          <Link href={`/w/${slug}`} className="flex items-center gap-2 font-semibold"><span className="rounded-md bg-brand-600 px-1.5 py-0.5 text-sm text-white">kc</span><span className="hidden sm:inline">Keycap</span></Link>
          <WorkspaceSwitcher current={slug} workspaces={p.workspaces} />
          <div className="order-last w-full sm:order-none sm:w-auto sm:flex-1"><Nav slug={slug} /></div>
          <UserMenu email={p.user.email} role={p.role} logout={logoutAction} />
        </div>
      </header>
      <AlertBanner slug={slug} />
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </div>
  );
}
