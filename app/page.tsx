import { redirect } from 'next/navigation';
import { auth } from '@/lib/auth';
import { listUserWorkspaces } from '@/lib/services/workspaces';
import { EmptyState } from '@/components/ui';

export default async function Home() {
  const session = await auth();
  const userId = session?.user?.id as string | undefined;
  if (!userId) redirect('/login');
  const ws = await listUserWorkspaces(userId);
  if (ws.length) redirect(`/w/${ws[0].slug}`);
  return (
    <main className="mx-auto max-w-lg p-12">
      <EmptyState title="You are not in any workspace yet">Ask a workspace owner for an invitation link, or sign up again with a new account to create your own workspace.</EmptyState>
    </main>
  );
}
