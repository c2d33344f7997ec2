import Link from 'next/link';
import { pageCtx } from '@/lib/page-ctx';
import { listKeys } from '@/lib/services/keys';
import { getWorkspace } from '@/lib/services/workspace-settings';
import { fmtUsd } from '@/lib/format';
import { PERIOD_WORDS } from '@/lib/periods';
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
  const blockedBy = keys.find((k) => k.status === 'blocked_budget' || k.status === 'blocked_no_credit')?.status ?? null;
  const defaultLine = ws.defaultSpendLimit === null
    ? 'New keys start without a limit unless you give one.'
    : `New keys start with a limit of ${fmtUsd(ws.defaultSpendLimit)} ${PERIOD_WORDS[ws.defaultSpendLimitPeriod ?? 'monthly']} (the workspace default).`;
  return (
    <>
      <PageHeader
        title="API keys"
        description={
          <>
            {canManage ? 'Create keys, give each one a dollar cap, and see how close it is.' : 'Your role can view keys but not change them.'}{' '}
            <span data-testid="default-limit-line">{defaultLine}</span>{' '}
            {p.can('workspace.settings') && <Link href={`/w/${slug}/settings`} className="font-medium text-brand-700 hover:underline">Change the default</Link>}
          </>
        }
        actions={create}
      />
      {blockedBy && (
        <p className="mb-4 rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200" data-testid="workspace-blocked">
          {blockedBy === 'blocked_budget'
            ? 'The workspace reached its monthly budget: every key is refused until the budget resets on the 1st or is raised. '
            : 'The workspace has no credit left: every key is refused with insufficient_balance until credit is added. '}
          {blockedBy === 'blocked_budget'
            ? p.can('workspace.settings') && <Link href={`/w/${slug}/settings`} className="font-medium underline">Budget settings</Link>
            : p.can('credits.manage') ? <Link href={`/w/${slug}/settings/credits`} className="font-medium underline">Add credit</Link> : 'Ask an owner to add credit.'}
        </p>
      )}
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
