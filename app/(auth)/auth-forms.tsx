'use client';
import Link from 'next/link';
import { useActionState, useEffect, useRef, useState, type FormEvent } from 'react';
import { Button, ErrorText, Field, Input } from '@/components/ui';
import { loginAction, signupAction, type AuthFormState } from './actions';

/**
 * What was typed, kept across a failed submit: React 19 resets a form after its action, back to each field's
 * defaultValue, so the submitted values become the defaults (passwords are not kept).
 */
function useTyped() {
  const [typed, setTyped] = useState<Record<string, string>>({});
  const remember = (e: FormEvent<HTMLFormElement>) => {
    const out: Record<string, string> = {};
    for (const [k, v] of new FormData(e.currentTarget).entries()) if (typeof v === 'string' && k !== 'password') out[k] = v;
    setTyped(out);
  };
  return { typed, remember };
}

/** After a failed submit, focus goes to the first field in error (or the form's message). */
function useFocusError(state: AuthFormState) {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!state?.error) return;
    const root = ref.current;
    (root?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? root?.querySelector<HTMLElement>('[data-form-error]'))?.focus();
  }, [state]);
  return ref;
}

export function LoginForm({ next, oauth, notice }: { next?: string; oauth: { id: string; name: string }[]; notice?: string }) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(loginAction, undefined);
  const { typed, remember } = useTyped();
  const ref = useFocusError(state);
  return (
    <form ref={ref} action={action} onSubmit={remember} className="space-y-4 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h1 className="text-lg font-semibold">Sign in</h1>
      {notice && <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700" data-testid="login-notice">{notice}</p>}
      <input type="hidden" name="next" value={next ?? '/'} />
      <Field label="Email"><Input name="email" type="email" autoComplete="email" required defaultValue={typed.email} /></Field>
      <Field label="Password"><Input name="password" type="password" autoComplete="current-password" required /></Field>
      <ErrorText>{state?.error}</ErrorText>
      <Button type="submit" className="w-full" disabled={pending}>{pending ? 'Signing in…' : 'Sign in'}</Button>
      {oauth.map((p) => (
        <a key={p.id} href={`/api/auth/signin/${p.id}`} className="block text-center text-sm text-brand-700 underline underline-offset-2">Continue with {p.name}</a>
      ))}
      <p className="text-center text-sm text-slate-600">No account? <Link className="font-medium text-brand-700 underline underline-offset-2" href="/signup">Create one</Link></p>
    </form>
  );
}

export function SignupForm({ inviteToken, invite }: { inviteToken?: string; invite?: { workspaceName: string; role: string; email: string | null } | null }) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(signupAction, undefined);
  const { typed, remember } = useTyped();
  const ref = useFocusError(state);
  const f = state?.fields ?? {};
  return (
    <form ref={ref} action={action} onSubmit={remember} className="space-y-4 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h1 className="text-lg font-semibold">{invite ? `Join ${invite.workspaceName}` : 'Create your account'}</h1>
      {invite && <p className="text-sm text-slate-600">You were invited as <b>{invite.role}</b>.</p>}
      {inviteToken && <input type="hidden" name="inviteToken" value={inviteToken} />}
      <Field label="Name" error={f.name}><Input name="name" autoComplete="name" defaultValue={typed.name} /></Field>
      <Field label="Email" error={f.email}><Input name="email" type="email" autoComplete="email" defaultValue={typed.email ?? invite?.email ?? undefined} required /></Field>
      <Field label="Password" hint="At least 10 characters" error={f.password}><Input name="password" type="password" autoComplete="new-password" required minLength={10} /></Field>
      {!invite && <Field label="Workspace name" hint="You can rename it later. Empty: named after your email." error={f.workspaceName}><Input name="workspaceName" placeholder="e.g. Acme AI" defaultValue={typed.workspaceName} /></Field>}
      <ErrorText>{state?.error}</ErrorText>
      <Button type="submit" className="w-full" disabled={pending}>{pending ? 'Creating…' : invite ? 'Create account and join' : 'Create account'}</Button>
      <p className="text-center text-sm text-slate-600">Already have an account? <Link className="font-medium text-brand-700 underline underline-offset-2" href={inviteToken ? `/login?next=/invite/${inviteToken}` : '/login'}>Sign in</Link></p>
    </form>
  );
}
