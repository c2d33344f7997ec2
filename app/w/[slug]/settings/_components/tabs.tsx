'use client';
// Settings tabs: one route per tab, so each tab has its own URL and loads only its own data.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cx } from '@/components/ui';

const TABS = [
  { href: '', label: 'General' },
  { href: '/members', label: 'Members' },
  { href: '/credits', label: 'Credits' },
  { href: '/prices', label: 'Prices' },
  { href: '/webhooks', label: 'Webhooks' },
  { href: '/audit', label: 'Audit' },
];

export function SettingsTabs({ slug }: { slug: string }) {
  const path = usePathname();
  const base = `/w/${slug}/settings`;
  return (
    // On a phone the six tabs sit in two rows of three (all visible, nothing to scroll); from sm up, one row.
    <nav aria-label="Settings" className="-mb-px grid grid-cols-3 gap-x-1 border-b border-slate-200 sm:flex sm:gap-1" data-testid="settings-tabs">
      {TABS.map((t) => {
        const href = base + t.href;
        const active = t.href === '' ? path === base : path === href || path.startsWith(href + '/');
        return (
          <Link
            key={t.label}
            href={href}
            aria-current={active ? 'page' : undefined}
            className={cx(
              'whitespace-nowrap border-b-2 px-3 py-2 text-center text-sm font-medium transition',
              active ? 'border-brand-600 text-brand-700' : 'border-transparent text-slate-700 hover:border-slate-300 hover:text-slate-900',
            )}
          >
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
