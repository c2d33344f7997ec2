// Login throttling per account and per IP, kept in the database so it holds across instances.
import { db } from '../db';

const WINDOW_MS = 15 * 60_000;
const MAX_PER_ACCOUNT = Number(process.env.LOGIN_MAX_FAILURES ?? 5);
const MAX_PER_IP = MAX_PER_ACCOUNT * 4;
const LOCK_MS = 15 * 60_000;

export async function lockedUntil(keys: string[]): Promise<Date | null> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keys } } });
  const now = Date.now();
  const locks = rows.map((r) => r.lockedUntil).filter((d): d is Date => !!d && d.getTime() > now);
  return locks.length ? new Date(Math.max(...locks.map((d) => d.getTime()))) : null;
}

export async function recordFailure(keys: string[]) {
  const now = new Date();
  for (const key of keys) {
    const max = key.startsWith('ip:') ? MAX_PER_IP : MAX_PER_ACCOUNT;
    const row = await db.loginThrottle.findUnique({ where: { key } });
    const fresh = !row || now.getTime() - row.windowStart.getTime() > WINDOW_MS;
    const failures = fresh ? 1 : row.failures + 1;
    const data = {
      failures,
      windowStart: fresh ? now : row.windowStart,
      lockedUntil: failures >= max ? new Date(now.getTime() + LOCK_MS) : null,
    };
    await db.loginThrottle.upsert({ where: { key }, create: { key, ...data }, update: data });
  }
}

export async function recordSuccess(accountKey: string) {
  await db.loginThrottle.deleteMany({ where: { key: accountKey } });
}
