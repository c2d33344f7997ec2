// Sign-up and login throttling on the real database.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { db } from '@/lib/db';
import { signUp } from '@/lib/services/users';
import { lockedUntil, recordFailure, recordSuccess } from '@/lib/auth/throttle';
import { verifyPassword } from '@/lib/auth/password';
import { createInvitation } from '@/lib/services/members';
import type { Ctx } from '@/lib/context';

const email = () => `u-${randomBytes(4).toString('hex')}@test.dev`;

describe('sign-up', () => {
  it('creates the user with a hashed password and a workspace it owns', async () => {
    const e = email();
    const r = await signUp({ email: e.toUpperCase(), password: 'long enough pw', workspaceName: 'My Team' });
    const user = await db.user.findUniqueOrThrow({ where: { email: e } });
    expect(user.passwordHash).not.toContain('long enough pw');
    expect(await verifyPassword('long enough pw', user.passwordHash)).toBe(true);
    const m = await db.membership.findFirstOrThrow({ where: { userId: user.id }, include: { workspace: true } });
    expect(m.role).toBe('OWNER');
    expect(m.workspace.slug).toBe(r.workspaceSlug);
    await expect(signUp({ email: e, password: 'another password' })).rejects.toMatchObject({ code: 'email_taken', param: 'email' });
  });

  it('joins through an invitation with its role, once', async () => {
    const owner = await signUp({ email: email(), password: 'long enough pw', workspaceName: 'Inviters' });
    const ws = await db.workspace.findUniqueOrThrow({ where: { slug: owner.workspaceSlug } });
    const ctx: Ctx = { workspaceId: ws.id, workspaceSlug: ws.slug, actor: { kind: 'user', userId: owner.userId, role: 'OWNER', label: 'o' } };
    const inv = await createInvitation(ctx, { role: 'ADMIN' });
    const joined = await signUp({ email: email(), password: 'long enough pw', inviteToken: inv.token });
    expect(joined.workspaceSlug).toBe(ws.slug);
    expect((await db.membership.findFirstOrThrow({ where: { userId: joined.userId } })).role).toBe('ADMIN');
    // A used (or unknown) invitation creates nothing: no user without a workspace is left behind.
    const late = email();
    await expect(signUp({ email: late, password: 'long enough pw', inviteToken: inv.token })).rejects.toMatchObject({ code: 'invitation_invalid' });
    await expect(signUp({ email: late, password: 'long enough pw', inviteToken: 'no-such-token' })).rejects.toMatchObject({ code: 'invitation_invalid' });
    expect(await db.user.findUnique({ where: { email: late } })).toBeNull();
  });

  it('two sign-ups with one email at the same moment: one account, the other gets email_taken', async () => {
    const e = email();
    const workspacesBefore = await db.workspace.count();
    const results = await Promise.allSettled([0, 1, 2].map(() => signUp({ email: e, password: 'long enough pw' })));
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'email_taken', param: 'email' });
    expect(await db.user.count({ where: { email: e } })).toBe(1);
    expect(await db.workspace.count()).toBe(workspacesBefore + 1);
  });
});

describe('login throttling', () => {
  it('locks an account after repeated failures, per account and per IP; success clears the account counter', async () => {
    const acct = `acct:${email()}`;
    const ip = `ip:10.0.0.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 4; i++) await recordFailure([acct, ip]);
    expect(await lockedUntil([acct, ip])).toBeNull();
    await recordSuccess(acct);
    for (let i = 0; i < 4; i++) await recordFailure([acct, ip]);
    expect(await lockedUntil([acct])).toBeNull(); // counter was reset by the success
    await recordFailure([acct, ip]);
    const until = await lockedUntil([acct]);
    expect(until).not.toBeNull();
    expect(until!.getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
    // the IP has 10 failures: below its own limit (4× the account limit)
    expect(await lockedUntil([ip])).toBeNull();
    const other = `acct:${email()}`;
    for (let i = 0; i < 11; i++) await recordFailure([other, ip]); // 9 + 11 = 20 failures from one IP
    expect(await lockedUntil([ip])).not.toBeNull(); // locked across accounts
  });
});
