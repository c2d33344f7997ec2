// next-auth v5 configuration: email + password (Credentials) with JWT sessions; OAuth providers when
// their env vars are set. Kept apart from the NextAuth() call (lib/auth/index.ts) so tests can drive
// it with @auth/core's Auth() without Next's runtime.
import type { NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import GitHub from 'next-auth/providers/github';
import Google from 'next-auth/providers/google';
import { PrismaAdapter } from '@auth/prisma-adapter';
import { db } from '../db';
import { authSecret, githubOAuthEnabled, googleOAuthEnabled } from '../config';
import { authorizeCredentials } from './credentials';
import { currentSessionVersion } from './sessions';
import { ensurePersonalWorkspace } from '../services/workspaces';

const providers: NextAuthConfig['providers'] = [
  Credentials({ credentials: { email: {}, password: {} }, authorize: (raw, request) => authorizeCredentials(raw, request) }),
];
if (githubOAuthEnabled()) providers.push(GitHub);
if (googleOAuthEnabled()) providers.push(Google);

export const oauthProviders = [
  ...(githubOAuthEnabled() ? [{ id: 'github', name: 'GitHub' }] : []),
  ...(googleOAuthEnabled() ? [{ id: 'google', name: 'Google' }] : []),
];

export const authConfig: NextAuthConfig = {
  adapter: PrismaAdapter(db),
  secret: authSecret(),
  trustHost: true,
  basePath: '/api/auth',
  session: { strategy: 'jwt', maxAge: 30 * 24 * 3600 },
  pages: { signIn: '/login' },
  providers,
  callbacks: {
    // Runs on sign-in (with `user`) and on every request that reads the session: a session whose user
    // is gone or whose version is behind the user's (lib/auth/sessions.ts) is ended (null clears it).
    async jwt({ token, user }) {
      if (user?.id) {
        token.uid = user.id;
        token.sv = (await currentSessionVersion(user.id)) ?? 0;
        return token;
      }
      const uid = typeof token.uid === 'string' ? token.uid : null;
      if (!uid) return null;
      const current = await currentSessionVersion(uid);
      if (current === null || current !== (typeof token.sv === 'number' ? token.sv : 0)) return null;
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
};
