import { redirect } from 'next/navigation';
import { auth, oauthProviders } from '@/lib/auth';
import { LoginForm } from '../auth-forms';

export const metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if ((await auth())?.user) redirect(next && next.startsWith('/') ? next : '/');
  return <LoginForm next={next} oauth={oauthProviders} />;
}
