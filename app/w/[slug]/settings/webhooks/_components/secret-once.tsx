'use client';
// A webhook signing secret, shown once after creation or rotation, with a Copy button.
import { useRef, useState, type ReactNode } from 'react';
import { Button, Modal } from '@/components/ui';

export function SecretOnce({ title, secret, note, onClose }: { title: string; secret: string; note?: ReactNode; onClose: () => void }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const ref = useRef<HTMLElement>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      const range = document.createRange();
      if (ref.current) range.selectNodeContents(ref.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setCopied(document.execCommand('copy'));
    }
  }
  return (
    <Modal title={title} onClose={onClose} wide testId="webhook-secret-dialog">
      <div className="space-y-3 text-sm">
        <p className="rounded-md bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-200">
          <b>Copy the signing secret now: it is shown only this once.</b> Your receiver uses it to verify the
          <code className="mx-1 font-mono">webhook-signature</code> header (Standard Webhooks). If it gets lost, rotate it.
        </p>
        <div className="flex flex-col gap-2 sm:flex-row">
          <code ref={ref} data-testid="webhook-secret" className="block min-w-0 flex-1 select-all break-all rounded-md bg-slate-900 px-3 py-2.5 font-mono text-emerald-300">{secret}</code>
          <Button type="button" variant="secondary" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>
        </div>
        {copied === false && <p className="text-xs text-red-600">Copying failed: select the text and copy it by hand.</p>}
        {note && <p className="text-slate-700" data-testid="webhook-secret-note">{note}</p>}
        <div className="flex justify-end pt-1"><Button type="button" onClick={onClose} data-autofocus>I have copied it</Button></div>
      </div>
    </Modal>
  );
}
