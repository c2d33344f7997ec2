'use client';
// A labelled form field: the label points at the control, and the control gets aria-invalid and
// aria-describedby (its error, then its hint), so the message is read with the field and the field is
// outlined in red. The control is the single child element (Input, Select, MoneyInput…).
import { Children, cloneElement, useId, type ReactElement, type ReactNode } from 'react';

type Control = { id?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string };

export function Field({ label, hint, error, children, className }: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  children: ReactElement<Control>;
  className?: string;
}) {
  const auto = useId();
  const child = Children.only(children);
  const id = child.props.id ?? `field-${auto.replace(/[^A-Za-z0-9_-]/g, '')}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [child.props['aria-describedby'], error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">{label}</label>
      <div className="mt-1">{cloneElement(child, { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}</div>
      {error && (
        <p id={errorId} className="mt-1 flex items-start gap-1 text-sm text-red-700" data-field-error>
          <svg viewBox="0 0 20 20" className="mt-0.5 h-4 w-4 flex-none" aria-hidden><circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" strokeWidth="1.8" /><path d="M10 5.5v5.5M10 13.8v.4" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" /></svg>
          <span>{error}</span>
        </p>
      )}
      {hint && <p id={hintId} className="mt-1 text-xs text-slate-500">{hint}</p>}
    </div>
  );
}
