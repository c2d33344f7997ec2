'use client';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { cx } from '@/components/ui';
import { logoutEverywhereAction } from '@/app/(auth)/actions';

const items = [
  { href: '', label: 'Overview' },
  { href: '/keys', label: 'Keys' },
  { href: '/usage', label: 'Usage' },
  { href: '/settings', label: 'Settings' },
];

export function Nav({ slug }: { slug: string }) {
  const path = usePathname();
  const base = `/w/${slug}`;
  return (
    <nav className="flex gap-1 overflow-x-auto" aria-label="Main">
      {items.map((i) => {
        const href = base + i.href;
        const active = i.href === '' ? path === base : path.startsWith(href);
        return (
          <Link key={i.label} href={href} className={cx('whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium', active ? 'bg-slate-900 text-white' : 'text-slate-700 hover:bg-slate-200')} aria-current={active ? 'page' : undefined}>
            {i.label}
          </Link>
        );
      })}
    </nav>
  );
}

export function WorkspaceSwitcher({ current, workspaces }: { current: string; workspaces: { slug: string; name: string; role: string }[] }) {
  const router = useRouter();
  return (
    <select
      aria-label="Workspace"
      className="max-w-48 rounded-md border-0 bg-white py-1.5 pl-2 pr-8 text-sm font-medium ring-1 ring-slate-300"
      value={current}
      onChange={(e) => router.push(`/w/${e.target.value}`)}
    >
      {workspaces.map((w) => (
        <option key={w.slug} value={w.slug}>{w.name} ({w.role.toLowerCase()})</option>
      ))}
    </select>
  );
}

/** The account menu: sign-out actions; arrow keys move between them, Escape or a click elsewhere closes it. */
export function UserMenu({ email, role, logout }: { email: string; role: string; logout: () => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
        if (!items.length) return;
        e.preventDefault();
        const i = items.indexOf(document.activeElement as HTMLElement);
        items[(i + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length].focus();
      }
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <div className="relative" ref={ref}>
      <button ref={button} onClick={() => setOpen((o) => !o)} className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-slate-200" aria-haspopup="menu" aria-expanded={open} aria-label={`Account: ${email}`}>
        <span className="flex h-7 w-7 items-center justify-center rounded-full bg-brand-600 text-xs font-semibold text-white" aria-hidden>{email[0]?.toUpperCase()}</span>
        <span className="hidden sm:inline">{email}</span>
      </button>
      {open && (
        <div role="menu" aria-label="Account" className="absolute right-0 z-20 mt-1 w-56 rounded-md bg-white p-1 shadow-lg ring-1 ring-slate-200">
          <p role="none" className="px-3 py-2 text-xs text-slate-600">Signed in as {email}<br />Role: {role}</p>
          <form action={logout}>
            <button role="menuitem" className="w-full rounded px-3 py-2 text-left text-sm hover:bg-slate-100 focus:bg-slate-100">Sign out</button>
          </form>
          <form action={logoutEverywhereAction}>
            <button role="menuitem" data-testid="sign-out-everywhere" title="Ends your sessions in every browser and on every device, including this one" className="w-full rounded px-3 py-2 text-left text-sm hover:bg-slate-100">
              Sign out of all sessions
            </button>
          </form>
        </div>
      )}
    </div>
  );
}
