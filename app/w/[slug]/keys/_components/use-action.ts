'use client';
// Runs a server action in a transition: field errors from the ActionResult (in human words, next to their
// fields), focus moved to the first field in error (or the form-level message), router.refresh() on success.
import { useEffect, useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import type { ActionResult } from '@/lib/action';
import { humanMessage } from '@/components/ui/messages';

export interface FormError {
  code: string;
  message: string;
  param: string | null;
  fields: Record<string, string>;
}

/** The server's error with every message in human words; `labels` names fields that a message mentions. */
export function toFormError(e: { code: string; message: string; param: string | null; fields?: Record<string, string> }, labels: Record<string, string> = {}): FormError {
  const fields: Record<string, string> = {};
  for (const [f, msg] of Object.entries(e.fields ?? {})) fields[f] = humanMessage(msg, f, labels);
  if (e.param && !fields[e.param]) fields[e.param] = humanMessage(e.message, e.param, labels);
  return { code: e.code, message: humanMessage(e.message, e.param, labels), param: e.param, fields };
}

/** The message to show at form level: the error unless it is already shown next to one of `shown`. */
export function formLevelMessage(err: FormError | null, shown: string[]): string | null {
  if (!err) return null;
  const attributed = Object.keys(err.fields).some((f) => shown.includes(f));
  return attributed ? null : err.message;
}

/** A client-side check's error for one field (same shape as the server's). */
export const fieldError = (field: string, message: string): FormError => ({ code: 'invalid_request', message, param: field, fields: { [field]: message } });

/** Moves focus to the first field marked aria-invalid in `root`, else to its form-level error. */
export function focusFirstError(root: HTMLElement | null) {
  if (!root) return;
  const el = root.querySelector<HTMLElement>('[aria-invalid="true"]') ?? root.querySelector<HTMLElement>('[data-form-error]');
  el?.focus();
}

export function useAction(labels: Record<string, string> = {}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<FormError | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const labelsRef = useRef(labels);
  useEffect(() => {
    labelsRef.current = labels;
  });
  useEffect(() => {
    if (error) focusFirstError(formRef.current);
  }, [error]);
  function run<T>(call: () => Promise<ActionResult<T>>, onOk?: (data: T) => void) {
    start(async () => {
      let r: ActionResult<T>;
      try {
        r = await call();
      } catch {
        r = { ok: false, error: { code: 'network_error', message: 'Could not reach the server. Check your connection and try again.', param: null } };
      }
      if (r.ok) {
        setError(null);
        onOk?.(r.data);
        router.refresh();
      } else setError(toFormError(r.error, labelsRef.current));
    });
  }
  return { pending, error, setError, run, formRef };
}
