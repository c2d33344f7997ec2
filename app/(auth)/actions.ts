'use server';
import { AuthError } from 'next-auth';
import { z } from 'zod';
import { currentUserId, revokeSessions, signIn, signOut } from '@/lib/auth';
import { isAppError } from '@/lib/errors';
import { signUp } from '@/lib/services/users';

export type AuthFormState = { error?: string; fields?: Record<string, string> } | undefined;

const signupSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter a valid email address'),
  password: z.string().min(10, 'Use at least 10 characters').max(200, 'At most 200 characters'),
  name: z.string().trim().max(100).optional(),
  workspaceName: z.string().trim().max(64).optional(),
  inviteToken: z.string().max(200).optional(),
});

function safeNext(next: FormDataEntryValue | null) {
  const s = typeof next === 'string' ? next : '';
  return s.startsWith('/') && !s.startsWith('//') ? s : '/';
}

export async function loginAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  try {
    await signIn('credentials', { email: form.get('email'), password: form.get('password'), redirectTo: safeNext(form.get('next')) });
  } catch (e) {
    if (e instanceof AuthError) {
      const code = (e as AuthError & { code?: string }).code;
      if (code === 'locked') return { error: 'Too many failed sign-in attempts from your network. Try again in 15 minutes.' };
      return { error: 'Wrong email or password.' };
    }
    throw e; // redirects
  }
}

export async function signupAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string' && v !== ''));
  const parsed = signupSchema.safeParse(raw);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const i of parsed.error.issues) fields[String(i.path[0])] ??= i.message;
    return { error: 'Please fix the highlighted fields.', fields };
  }
  let slug: string;
  try {
    slug = (await signUp(parsed.data)).workspaceSlug;
  } catch (e) {
    if (isAppError(e)) return { error: e.message, fields: e.param ? { [e.param]: e.message } : undefined };
    throw e;
  }
  try {
    await signIn('credentials', { email: parsed.data.email, password: parsed.data.password, redirectTo: `/w/${slug}` });
  } catch (e) {
    if (e instanceof AuthError) return { error: 'Account created, but signing in failed. Please sign in.' };
    throw e;
  }
}

export async function logoutAction() {
  await signOut({ redirectTo: '/login' });
}

/** Ends every session of the signed-in user (all browsers and devices, copied cookies included), then this one. */
export async function logoutEverywhereAction() {
  const userId = await currentUserId();
  if (userId) await revokeSessions(userId);
  await signOut({ redirectTo: '/login?signedOut=all' });
}
