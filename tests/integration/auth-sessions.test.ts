// Session revocation end to end: next-auth's own request handling (@auth/core's Auth() with our
// config: sign-in, GET /api/auth/session and the jwt callback that runs on every request), the real
// database. A session carries its user's session version; bumping the version ends it everywhere.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { Auth } from '@auth/core';
import { encode } from '@auth/core/jwt';
import { authConfig } from '@/lib/auth/config';
import { changePassword, revokeSessions } from '@/lib/auth/sessions';
import { db } from '@/lib/db';
import { signUp } from '@/lib/services/users';
import { removeMember } from '@/lib/services/members';
import { makeWorkspace } from './helpers';

const BASE = 'http://localhost:3000';
const COOKIE = 'authjs.session-token';
const config = { ...authConfig, logger: { error: () => {}, warn: () => {}, debug: () => {} } };
const cookiesOf = (r: Response) => r.headers.getSetCookie().map((c) => c.split(';')[0]);
const email = () => `s-${randomBytes(4).toString('hex')}@test.dev`;
const headers = { 'x-keycap-peer-addr': '192.0.2.10' };

/** Signs in through POST /api/auth/callback/credentials; returns the session cookie ("name=value") or null. */
async function signIn(e: string, password: string): Promise<string | null> {
  const c = await Auth(new Request(`${BASE}/api/auth/csrf`, { headers }), config);
  const { csrfToken } = (await c.json()) as { csrfToken: string };
  const r = await Auth(
    new Request(`${BASE}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(c).join('; ') },
      body: new URLSearchParams({ email: e, password, csrfToken, callbackUrl: `${BASE}/` }).toString(),
    }),
    config,
  );
  return cookiesOf(r).find((x) => x.startsWith(`${COOKIE}=`)) ?? null;
}

/** GET /api/auth/session with the cookie: the signed-in user's email, or null when the session is not accepted. */
async function sessionEmail(cookie: string): Promise<string | null> {
  const r = await Auth(new Request(`${BASE}/api/auth/session`, { headers: { cookie } }), config);
  const body = (await r.json()) as { user?: { email?: string } } | null;
  return body?.user?.email ?? null;
}

/** A session cookie minted the way next-auth does (for users without a password, or tokens from older releases). */
async function mintedCookie(claims: Record<string, unknown>) {
  const token = await encode({ token: claims, secret: authConfig.secret as string, salt: COOKIE });
  return `${COOKIE}=${token}`;
}

describe('session revocation', () => {
  it('a session whose version is stale is rejected; signing in again works', async () => {
    const e = email();
    const { userId } = await signUp({ email: e, password: 'long enough pw' });
    const laptop = await signIn(e, 'long enough pw');
    const stolen = laptop!; // a copy of the cookie, e.g. captured before sign-out
    expect(await sessionEmail(stolen)).toBe(e);
    await revokeSessions(userId); // "Sign out of all sessions"
    expect(await sessionEmail(stolen)).toBeNull();
    const r = await Auth(new Request(`${BASE}/api/auth/session`, { headers: { cookie: stolen } }), config);
    expect(r.headers.getSetCookie().some((c) => c.startsWith(`${COOKIE}=;`) || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c))).toBe(true);
    const again = await signIn(e, 'long enough pw');
    expect(await sessionEmail(again!)).toBe(e);
  });

  it('sessions issued before versions existed stay valid until the first bump', async () => {
    const e = email();
    const { userId } = await signUp({ email: e, password: 'long enough pw' });
    const legacy = await mintedCookie({ uid: userId, sub: userId, email: e }); // no `sv` claim
    expect(await sessionEmail(legacy)).toBe(e);
    await revokeSessions(userId);
    expect(await sessionEmail(legacy)).toBeNull();
  });

  it('changing the password ends every session; the new password signs in', async () => {
    const e = email();
    const { userId } = await signUp({ email: e, password: 'long enough pw' });
    const cookie = (await signIn(e, 'long enough pw'))!;
    await expect(changePassword(userId, 'not the password', 'a brand new password')).rejects.toMatchObject({ code: 'wrong_password' });
    expect(await sessionEmail(cookie)).toBe(e);
    await changePassword(userId, 'long enough pw', 'a brand new password');
    expect(await sessionEmail(cookie)).toBeNull();
    expect(await signIn(e, 'long enough pw')).toBeNull();
    expect(await sessionEmail((await signIn(e, 'a brand new password'))!)).toBe(e);
  });

  it('removing a member from a workspace ends their sessions', async () => {
    const t = await makeWorkspace('Revocation');
    const cookie = await mintedCookie({ uid: t.member.id, sub: t.member.id, email: t.member.email, sv: 0 });
    expect(await sessionEmail(cookie)).toBe(t.member.email);
    const m = await db.membership.findFirstOrThrow({ where: { workspaceId: t.ws.id, userId: t.member.id } });
    await removeMember(t.ownerCtx, m.id);
    expect(await sessionEmail(cookie)).toBeNull();
  });

  it('a session of a deleted user is rejected', async () => {
    const e = email();
    const { userId } = await signUp({ email: e, password: 'long enough pw' });
    const cookie = (await signIn(e, 'long enough pw'))!;
    await db.user.delete({ where: { id: userId } });
    expect(await sessionEmail(cookie)).toBeNull();
  });
});
