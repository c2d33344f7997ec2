'use client';
// The one dialog: a native <dialog> opened with showModal(), so the page behind is inert; Tab and
// Shift+Tab wrap around inside it (rather than leaving for the browser's own controls); Escape and a click
// on the backdrop close it; focus moves to the first field (or the element marked data-autofocus) and
// returns to where it was on close.
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Keeps Tab inside `root`: from the last control to the first, and Shift+Tab the other way. */
function trapTab(e: KeyboardEvent<HTMLElement>) {
  if (e.key !== 'Tab') return;
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0 || el === document.activeElement);
  if (!items.length) return;
  const first = items[0];
  const last = items[items.length - 1];
  const active = document.activeElement;
  if (e.shiftKey && (active === first || active === e.currentTarget)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && active === last) {
    e.preventDefault();
    first.focus();
  }
}

export function Modal({ title, description, onClose, children, wide, testId }: {
  title: ReactNode;
  description?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
  testId?: string;
}) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const prev = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    const first =
      dialog.querySelector<HTMLElement>('[data-autofocus]') ??
      dialog.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])');
    (first ?? dialog).focus();
    return () => {
      if (dialog.open) dialog.close();
      if (prev?.isConnected) prev.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-desc` : undefined}
      data-testid={testId}
      onKeyDown={trapTab}
      onCancel={(e) => {
        e.preventDefault(); // Escape: let React unmount it
        close.current();
      }}
      onClick={(e) => {
        if (e.target === e.currentTarget) close.current(); // the backdrop
      }}
      className={`m-auto max-h-[92vh] w-[calc(100%-1.5rem)] overflow-y-auto rounded-xl border-0 bg-white p-0 text-slate-900 shadow-xl outline-none ring-1 ring-slate-200 backdrop:bg-slate-900/40 backdrop:backdrop-blur-[1px] ${wide ? 'sm:max-w-xl' : 'sm:max-w-md'}`}
    >
      <div className="p-5">
        <div className="mb-4 flex items-start justify-between gap-4">
          <div className="min-w-0">
            <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">{title}</h2>
            {description && <p id={`${id}-desc`} className="mt-1 text-sm text-slate-600">{description}</p>}
          </div>
          <button type="button" onClick={() => close.current()} aria-label="Close" className="-m-1 rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800">
            <svg viewBox="0 0 20 20" className="h-5 w-5" aria-hidden><path d="M5 5l10 10M15 5L5 15" stroke="currentColor" strokeWidth="2" strokeLinecap="round" /></svg>
          </button>
        </div>
        {children}
      </div>
    </dialog>
  );
}
