'use client';
// A button that asks before doing something destructive, then runs a server action.
import { useState, type ReactNode } from 'react';
import type { ActionResult } from '@/lib/action';
import { Button, ErrorText, Modal } from '@/components/ui';
import { useAction } from '../../keys/_components/use-action';

export function ConfirmButton<T>({ label, title, body, confirmLabel, action, className, testId }: {
  label: ReactNode;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  action: () => Promise<ActionResult<T>>;
  className?: string;
  testId?: string;
}) {
  const [open, setOpen] = useState(false);
  const { pending, error, setError, run } = useAction();
  const close = () => {
    setOpen(false);
    setError(null);
  };
  return (
    <>
      <Button type="button" variant="ghost" className={className ?? 'px-2.5 py-1.5 text-xs text-red-700! hover:bg-red-50!'} onClick={() => setOpen(true)} data-testid={testId}>{label}</Button>
      {open && (
        <Modal title={title} onClose={close}>
          <div className="text-sm text-slate-700">{body}</div>
          <div className="mt-4"><ErrorText>{error?.message}</ErrorText></div>
          <div className="mt-5 flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={close} data-autofocus>Cancel</Button>
            <Button type="button" variant="danger" disabled={pending} onClick={() => run(action, close)}>{pending ? 'Working…' : confirmLabel}</Button>
          </div>
        </Modal>
      )}
    </>
  );
}
