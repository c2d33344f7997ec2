// next-auth v5 for the app: the handlers, auth(), signIn() and signOut() built from lib/auth/config.ts.
// Throttling: lib/auth/throttle.ts; client address: lib/auth/client-ip.ts; revocation: lib/auth/sessions.ts.
import NextAuth from 'next-auth';
import { authConfig } from './config';
import { installPeerAddressHeader } from './client-ip';

// Stamp the socket address on every request from now on (sign-in throttling counts against it). It
// is best installed at start-up (instrumentation.ts); here as well so it holds in any case.
if (process.env.NEXT_RUNTIME !== 'edge') installPeerAddressHeader();

export { oauthProviders } from './config';
export { revokeSessions, changePassword } from './sessions';

export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);

/** The signed-in user's id, or null. */
export async function currentUserId(): Promise<string | null> {
  const s = await auth();
  return (s?.user?.id as string | undefined) ?? null;
}
