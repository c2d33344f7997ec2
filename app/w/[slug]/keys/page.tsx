import { pageCtx } from '@/lib/page-ctx';
import { listKeys } from '@/lib/services/keys';
import { getWorkspace } from '@/lib/services/workspace-settings';
import { EmptyState, PageHeader } from '@/components/ui';
import { CreateKeyButton } from './_components/create-key';
import { KeysList } from './_components/keys-list';

export const metadata = { title: 'Keys' };

export default async function KeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const p = await pageCtx(slug);
  const [keys, ws] = await Promise.all([listKeys(p.ctx), getWorkspace(p.ctx)]);
  const canManage = p.can('keys.manage');
  // One server timestamp so relative times render the same on server and client
  const now = Date.now();
  const create = canManage ? <CreateKeyButton slug={slug} defaultLimit={ws.defaultSpendLimit} defaultPeriod={ws.defaultSpendLimitPeriod} /> : null;
  return (
    <>
      <PageHeader
        title="API keys"
        description={canManage ? 'Create keys, give each one a dollar cap, and see how close it is.' : 'Your role can view keys but not change them.'}
        actions={create}
      />
      {keys.length === 0 ? (
        <EmptyState title="No API keys yet" action={create}>
          <p>An API key lets an application call models through Keycap. Each key can carry its own spend limit (per day, week, month or in total), so one runaway script can never spend more than you allowed.</p>
          <p className="mt-2">Inference keys make model calls; admin keys can also manage keys and read billing.</p>
        </EmptyState>
      ) : (
        <KeysList slug={slug} keys={keys} canManage={canManage} now={now} />
      )}
    </>
  );
}
