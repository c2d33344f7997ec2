// Why calls made with a key are refused right now, and where to fix it (key detail page).
import Link from 'next/link';
import type { KeyObject } from '@/lib/services/keys';
import { fmtDate } from '@/lib/format';
import { limitText } from './key-badges';

const box = 'mb-4 rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200';
const link = 'font-medium underline underline-offset-2';

export function KeyBlockedNotice({ k, slug, canEditBudget, canTopUp }: { k: KeyObject; slug: string; canEditBudget: boolean; canTopUp: boolean }) {
  switch (k.status) {
    case 'zero_limit':
      return <p className={box} data-testid="key-blocked">This key&apos;s spend limit is $0: every call is refused until you raise it.</p>;
    case 'blocked':
      return <p className={box} data-testid="key-blocked">This key reached its limit of {limitText(k)}. Calls are refused until {k.periodResetsAt ? fmtDate(k.periodResetsAt) : 'the limit is raised'}.</p>;
    case 'blocked_budget':
      return (
        <p className={box} data-testid="key-blocked">
          The key itself is fine, but the workspace reached its monthly budget: every call, with any key, is refused until the budget resets on the 1st or is raised.{' '}
          {canEditBudget ? <Link href={`/w/${slug}/settings`} className={link}>Budget settings</Link> : 'An owner or admin can raise it.'}
        </p>
      );
    case 'blocked_no_credit':
      return (
        <p className={box} data-testid="key-blocked">
          The key itself is fine, but the workspace has no credit left: every call is refused with <code className="font-mono">insufficient_balance</code> until credit is added.{' '}
          {canTopUp ? <Link href={`/w/${slug}/settings/credits`} className={link}>Add credit</Link> : 'Ask an owner to add credit.'}
        </p>
      );
    default:
      return null;
  }
}
