// Sign-up and login throttling on the real database.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { db } from '@/lib/db';
import { signUp } from '@/lib/services/users';
import { attemptFailed, attemptSucceeded, beginAttempt, countFailure, lockedUntil, pruneThrottle, throttleKeys } from '@/lib/auth/throttle';
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
  it('counts failures atomically: parallel failures are all counted', async () => {
    const key = `acct:${email()}`;
    const counts = await Promise.all(Array.from({ length: 20 }, () => countFailure(key, null)));
    expect([...counts].sort((a, b) => a! - b!)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await db.loginThrottle.findUniqueOrThrow({ where: { key } })).failures).toBe(20);
  });

  it('locks a key at its limit and counts nothing while it is locked; a new window starts from one', async () => {
    const key = `pair:${email()}|10.0.0.1`;
    const t0 = new Date();
    for (let i = 1; i <= 4; i++) expect(await countFailure(key, 5, t0)).toBe(i);
    expect(await lockedUntil([key], t0)).toBeNull();
    expect(await countFailure(key, 5, t0)).toBe(5);
    expect((await lockedUntil([key], t0))!.getTime()).toBe(t0.getTime() + 15 * 60_000);
    expect(await countFailure(key, 5, t0)).toBeNull(); // locked: refused, not counted
    expect((await db.loginThrottle.findUniqueOrThrow({ where: { key } })).failures).toBe(5);
    const later = new Date(t0.getTime() + 16 * 60_000); // lock and window over
    expect(await countFailure(key, 5, later)).toBe(1);
    expect(await lockedUntil([key], later)).toBeNull();
  });

  it('per account+IP and per IP; a right password refunds the IP and clears the pair', async () => {
    const e = email();
    const ip = `10.1.0.${Math.floor(Math.random() * 250)}`;
    const k = throttleKeys(e, ip);
    for (let i = 0; i < 4; i++) {
      expect(await beginAttempt(e, ip)).toEqual({ locked: false, slow: false });
      await attemptFailed(e);
    }
    expect(await beginAttempt(e, ip)).toEqual({ locked: false, slow: false }); // 5th attempt: the right password
    await attemptSucceeded(e, ip);
    expect(await db.loginThrottle.findUnique({ where: { key: k.pair } })).toBeNull();
    expect((await db.loginThrottle.findUniqueOrThrow({ where: { key: k.ip } })).failures).toBe(4);
    expect((await db.loginThrottle.findUniqueOrThrow({ where: { key: k.account } })).failures).toBe(4);
    expect(await db.loginThrottle.findUnique({ where: { key: k.known } })).not.toBeNull();
    // 5 more wrong: the pair locks, the account does not
    for (let i = 0; i < 5; i++) {
      expect((await beginAttempt(e, ip)).locked).toBe(false);
      await attemptFailed(e);
    }
    expect(await beginAttempt(e, ip)).toEqual({ locked: true });
    expect(await lockedUntil([k.account])).toBeNull();
    // From another address the account is under attack (9 failures): slow, not locked; known address: not slow.
    expect(await beginAttempt(e, '10.2.0.1')).toEqual({ locked: false, slow: true });
    // The IP has 9 failures on this account; 11 more on others reach 20 (4 × 5) and lock the IP for everyone.
    for (let i = 0; i < 11; i++) {
      const other = email();
      expect((await beginAttempt(other, ip)).locked).toBe(false);
      await attemptFailed(other);
    }
    expect(await beginAttempt(email(), ip)).toEqual({ locked: true });
    expect(await lockedUntil([k.ip])).not.toBeNull();
  });

  it('prunes counters older than a day and known addresses older than 30 days', async () => {
    const e = email();
    const now = new Date();
    const day = 24 * 3600_000;
    const rows = [
      { key: `acct:${e}`, windowStart: new Date(now.getTime() - day - 60_000) },
      { key: `pair:${e}|10.3.0.1`, windowStart: new Date(now.getTime() - 2 * day), lockedUntil: new Date(now.getTime() - 2 * day + 900_000) },
      { key: `ip:10.3.0.${Math.floor(Math.random() * 250)}`, windowStart: new Date(now.getTime() - 3600_000) },
      { key: `known:${e}|10.3.0.2`, windowStart: new Date(now.getTime() - 10 * day) },
      { key: `known:${e}|10.3.0.3`, windowStart: new Date(now.getTime() - 31 * day) },
    ];
    for (const r of rows) await db.loginThrottle.create({ data: r });
    await pruneThrottle(now);
    const left = (await db.loginThrottle.findMany({ where: { key: { in: rows.map((r) => r.key) } } })).map((r) => r.key).sort();
    expect(left).toEqual([rows[2].key, rows[3].key].sort());
  });
});
