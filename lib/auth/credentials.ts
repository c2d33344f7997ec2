// Email + password sign-in (the Credentials provider's authorize), throttled per lib/auth/throttle.ts.
import { CredentialsSignin } from '@auth/core/errors';
import { z } from 'zod';
import { db } from '../db';
import { dummyHash, verifyPassword } from './password';
import { clientIp } from './client-ip';
import { attemptFailed, attemptSucceeded, beginAttempt, throttleLimits } from './throttle';

/** Sign-in refused without checking the password: this account from this address, or this address, is locked. */
export class LockedError extends CredentialsSignin {
  code = 'locked';
}

const credentialsSchema = z.object({ email: z.string().trim().toLowerCase().email().max(320), password: z.string().min(1).max(200) });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SignedInUser {
  id: string;
  email: string;
  name: string | null;
  sessionVersion: number;
}

export async function authorizeCredentials(raw: unknown, request: Request | undefined): Promise<SignedInUser | null> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const ip = request ? clientIp(request.headers) : 'unknown';
  const attempt = await beginAttempt(email, ip);
  if (attempt.locked) throw new LockedError();
  // Under attack and from an address this account has not signed in from: slower, never refused.
  // Before the password check, so the delay says nothing about whether the password was right.
  if (attempt.slow) await sleep(throttleLimits().slowMs);
  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !ok) {
    await attemptFailed(email);
    return null;
  }
  await attemptSucceeded(email, ip);
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}
