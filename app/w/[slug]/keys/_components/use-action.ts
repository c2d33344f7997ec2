'use client';
// Runs a server action in a transition: field errors from the ActionResult, router.refresh() on success.
import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import type { ActionResult } from '@/lib/action';

export interface FormError {
  code: string;
  message: string;
  param: string | null;
  fields: Record<string, string>;
}

/** "spendLimit: a limit of $0 …" → "a limit of $0 …" (the field label already says which field). */
const stripParam = (message: string, param: string) => (message.startsWith(`${param}: `) ? message.slice(param.length + 2) : message);

export function toFormError(e: { code: string; message: string; param: string | null; fields?: Record<string, string> }): FormError {
  const fields: Record<string, string> = { ...(e.fields ?? {}) };
  if (e.param && !fields[e.param]) fields[e.param] = stripParam(e.message, e.param);
  return { code: e.code, message: e.message, param: e.param, fields };
}

/** The message to show at form level: the error unless it is already shown next to one of `shown`. */
export function formLevelMessage(err: FormError | null, shown: string[]): string | null {
  if (!err) return null;
  const attributed = Object.keys(err.fields).some((f) => shown.includes(f));
  return attributed ? null : err.message;
}

export function useAction() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<FormError | null>(null);
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
      } else setError(toFormError(r.error));
    });
  }
  return { pending, error, setError, run };
}
