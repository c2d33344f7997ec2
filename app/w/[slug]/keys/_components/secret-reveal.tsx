'use client';
// The one time a key's secret is visible: monospace, selectable, with a Copy button.
import { useRef, useState } from 'react';
import { Button } from '@/components/ui';

async function copyText(text: string, fallbackEl: HTMLElement | null) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!fallbackEl) return false;
    const range = document.createRange();
    range.selectNodeContents(fallbackEl);
    const sel = window.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    return document.execCommand('copy');
  }
}

export function SecretReveal({ secret, variant = 'key' }: { secret: string; variant?: 'key' | 'link' }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const codeRef = useRef<HTMLElement>(null);
  return (
    <div className="space-y-3">
      <div className="flex items-start gap-2 rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
        <svg viewBox="0 0 20 20" className="mt-0.5 h-4 w-4 flex-none" aria-hidden><path d="M10 2l8 15H2L10 2zm0 5v5m0 2.5v.5" stroke="currentColor" strokeWidth="1.6" fill="none" strokeLinecap="round" /></svg>
        {variant === 'key' ? (
          <p><b>You will not see this again.</b> Copy the secret now and store it somewhere safe; Keycap keeps only its hash.</p>
        ) : (
          <p><b>This link is shown only once.</b> Copy it now; if it gets lost, revoke it and create a new one.</p>
        )}
      </div>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-stretch">
        <code
          ref={codeRef}
          data-testid={variant === 'key' ? 'new-key-secret' : 'invite-link'}
          className="block min-w-0 flex-1 select-all break-all rounded-md bg-slate-900 px-3 py-2.5 font-mono text-sm text-emerald-300"
        >
          {secret}
        </code>
        <Button
          type="button"
          variant="secondary"
          onClick={async () => setCopied(await copyText(secret, codeRef.current))}
          data-testid="copy-secret"
        >
          {copied ? 'Copied' : 'Copy'}
        </Button>
      </div>
      {copied === false && <p className="text-xs text-red-600">Copying failed: select the text and copy it by hand.</p>}
    </div>
  );
}
