// Small UI primitives shared by every page. No data access here.
import Link from 'next/link';
import type { ComponentProps, ReactNode } from 'react';

import { cx } from './cx';
export { cx };
export { Field } from './field';
export { Modal } from './modal';
export { ScrollX } from './scroll-x';

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';
const variants: Record<Variant, string> = {
  primary: 'bg-brand-600 text-white hover:bg-brand-700 disabled:bg-brand-500/60',
  secondary: 'bg-white text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 disabled:text-slate-400',
  danger: 'bg-red-600 text-white hover:bg-red-700 disabled:bg-red-400',
  ghost: 'text-slate-700 hover:bg-slate-100',
};

export function Button({ variant = 'primary', className, ...p }: ComponentProps<'button'> & { variant?: Variant }) {
  return (
    <button
      {...p}
      className={cx('inline-flex items-center justify-center gap-2 rounded-md px-3 py-2 text-sm font-medium transition disabled:cursor-not-allowed', variants[variant], className)}
    />
  );
}

export function ButtonLink({ variant = 'primary', className, ...p }: ComponentProps<typeof Link> & { variant?: Variant }) {
  return <Link {...p} className={cx('inline-flex items-center justify-center gap-2 rounded-md px-3 py-2 text-sm font-medium', variants[variant], className)} />;
}

export function Card({ title, actions, children, className }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={cx('rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200', className)}>
      {(title || actions) && (
        <header className="mb-4 flex items-center justify-between gap-3">
          {title && <h2 className="text-base font-semibold text-slate-900">{title}</h2>}
          {actions}
        </header>
      )}
      {children}
    </section>
  );
}

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description && <p className="mt-1 text-sm text-slate-600">{description}</p>}
      </div>
      {actions}
    </div>
  );
}

type Tone = 'green' | 'red' | 'amber' | 'slate' | 'blue';
const tones: Record<Tone, string> = {
  green: 'bg-emerald-50 text-emerald-700 ring-emerald-200',
  red: 'bg-red-50 text-red-700 ring-red-200',
  amber: 'bg-amber-50 text-amber-800 ring-amber-200',
  slate: 'bg-slate-100 text-slate-700 ring-slate-200',
  blue: 'bg-brand-50 text-brand-700 ring-brand-100',
};
export function Badge({ tone = 'slate', children, ...p }: { tone?: Tone; children: ReactNode } & ComponentProps<'span'>) {
  return <span {...p} className={cx('inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset', tones[tone])}>{children}</span>;
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
      <p className="font-medium text-slate-900">{title}</p>
      {children && <div className="mx-auto mt-2 max-w-md text-sm text-slate-600">{children}</div>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}

/** Fields: a red outline (and red focus ring) while aria-invalid, so an error is visible on the field itself. */
export const inputClass =
  'block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 placeholder:italic focus:ring-2 focus:ring-brand-500 aria-[invalid=true]:ring-2 aria-[invalid=true]:ring-red-600 aria-[invalid=true]:bg-red-50/40';

export function Input(p: ComponentProps<'input'>) {
  return <input {...p} className={cx(inputClass, p.className)} />;
}

/** A dollar amount: "$" in front, decimal keyboard on phones. Props (id, aria-*) go to the input. */
export function MoneyInput({ className, ...p }: ComponentProps<'input'>) {
  return (
    <div className="relative">
      <span className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-sm text-slate-500" aria-hidden>$</span>
      <Input inputMode="decimal" autoComplete="off" {...p} className={cx('pl-7 tabular', className)} />
    </div>
  );
}

export function Select(p: ComponentProps<'select'>) {
  return <select {...p} className={cx(inputClass, 'pr-8', p.className)} />;
}

/** A form-level error (not tied to one field). Focusable, so a form can move focus to it. */
export function ErrorText({ children }: { children?: ReactNode }) {
  if (!children) return null;
  return <p role="alert" tabIndex={-1} data-kind="error" data-form-error className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 outline-none ring-1 ring-red-200">{children}</p>;
}

/** A short explanation under a figure (what DIEM is, why a balance is negative…). */
export function Hint({ children, className, testId }: { children: ReactNode; className?: string; testId?: string }) {
  return <p className={cx('text-xs text-slate-500', className)} data-testid={testId}>{children}</p>;
}

/** A spend bar: blue below 80 %, amber from 80 %, red at 100 %. */
export function SpendBar({ spent, limit, label }: { spent: number; limit: number | null; label?: string }) {
  if (limit === null) return <div className="text-xs text-slate-500">no cap</div>;
  const pct = limit === 0 ? 100 : Math.min(100, (spent / limit) * 100);
  const tone = pct >= 100 ? 'bg-red-500' : pct >= 80 ? 'bg-amber-500' : 'bg-brand-500';
  return (
    <div className="w-full" title={label}>
      <div className="h-2 w-full overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-label={label ?? 'Spend against the cap'} aria-valuenow={Math.round(pct)} aria-valuemin={0} aria-valuemax={100}>
        <div className={cx('h-full rounded-full', tone)} style={{ width: `${pct}%` }} data-tone={pct >= 100 ? 'red' : pct >= 80 ? 'amber' : 'ok'} />
      </div>
    </div>
  );
}
