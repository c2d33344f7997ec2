import { redirect } from 'next/navigation';
import { auth, oauthProviders } from '@/lib/auth';
import { LoginForm } from '../auth-forms';

export const metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string; signedOut?: string }> }) {
  const { next, signedOut } = await searchParams;
  if ((await auth())?.user) redirect(next && next.startsWith('/') ? next : '/');
  const notice = signedOut === 'all' ? 'You were signed out of all sessions, on every device.' : undefined;
  return <LoginForm next={next} oauth={oauthProviders} notice={notice} />;
}
