// next-auth v5: email + password (Credentials) with JWT sessions; OAuth providers when their env vars are set.
import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import GitHub from 'next-auth/providers/github';
import Google from 'next-auth/providers/google';
import { PrismaAdapter } from '@auth/prisma-adapter';
import { z } from 'zod';
import { db } from '../db';
import { authSecret } from '../config';
import { dummyHash, verifyPassword } from './password';
import { lockedUntil, recordFailure, recordSuccess } from './throttle';
import { ensurePersonalWorkspace } from '../services/workspaces';

class LockedError extends CredentialsSignin {
  code = 'locked';
}

const credentialsSchema = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(200) });

const providers: NextAuthConfig['providers'] = [
  Credentials({
    credentials: { email: {}, password: {} },
    async authorize(raw, request) {
      const parsed = credentialsSchema.safeParse(raw);
      if (!parsed.success) return null;
      const { email, password } = parsed.data;
      const ip = (request?.headers?.get('x-forwarded-for') ?? '').split(',')[0].trim() || 'local';
      const keys = [`acct:${email}`, `ip:${ip}`];
      if (await lockedUntil(keys)) throw new LockedError();
      const user = await db.user.findUnique({ where: { email } });
      const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
      if (!user || !ok) {
        await recordFailure(keys);
        return null;
      }
      await recordSuccess(keys[0]);
      return { id: user.id, email: user.email, name: user.name };
    },
  }),
];
if (process.env.AUTH_GITHUB_ID) providers.push(GitHub);
if (process.env.AUTH_GOOGLE_ID) providers.push(Google);

export const oauthProviders = [
  ...(process.env.AUTH_GITHUB_ID ? [{ id: 'github', name: 'GitHub' }] : []),
  ...(process.env.AUTH_GOOGLE_ID ? [{ id: 'google', name: 'Google' }] : []),
];

export const { handlers, auth, signIn, signOut } = NextAuth({
  adapter: PrismaAdapter(db),
  secret: authSecret(),
  trustHost: true,
  session: { strategy: 'jwt', maxAge: 30 * 24 * 3600 },
  pages: { signIn: '/login' },
  providers,
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.uid && session.user) session.user.id = token.uid as string;
      return session;
    },
  },
  events: {
    async createUser({ user }) {
      // OAuth sign-ups get a workspace of their own, like email sign-ups.
      if (user.id && user.email) await ensurePersonalWorkspace(user.id, user.email);
    },
  },
});

/** The signed-in user's id, or null. */
export async function currentUserId(): Promise<string | null> {
  const s = await auth();
  return (s?.user?.id as string | undefined) ?? null;
}
