// Session revocation. Sessions are JWTs (next-auth with Credentials cannot use database sessions), so
// a copied cookie would stay valid until it expires. Each user has a `sessionVersion`; a session
// carries the version it was issued at and is accepted only while it still matches (checked on every
// request in the jwt callback, lib/auth/config.ts). Bumping the version ends every session of the user.
//
// This module needs only the database (no next-auth), so services and the CLI can import it.
import { db, type Tx } from '../db';
import { badRequest } from '../errors';
import { hashPassword, verifyPassword } from './password';

/**
 * Ends every session of `userId` (all browsers and devices, including the current one). Pass `tx` to
 * make it part of a larger change (e.g. removing a member). No-op for an unknown user.
 */
export async function revokeSessions(userId: string, tx: Tx = db): Promise<void> {
  await tx.user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}

/** The version a session of `userId` must carry, or null when the user no longer exists. */
export async function currentSessionVersion(userId: string): Promise<number | null> {
  const u = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return u ? u.sessionVersion : null;
}

/** Whether a session issued for `userId` at `version` (missing in sessions older than versions: 0) is still valid. */
export async function sessionIsCurrent(userId: string, version: number | undefined): Promise<boolean> {
  const current = await currentSessionVersion(userId);
  return current !== null && current === (version ?? 0);
}

/**
 * Changes a user's password after checking the current one, and ends all of their sessions (the
 * caller signs the user in again if it wants the current browser to stay signed in).
 */
export async function changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
  if (newPassword.length < 10) throw badRequest('newPassword', 'Use at least 10 characters.');
  if (newPassword.length > 200) throw badRequest('newPassword', 'At most 200 characters.');
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) throw badRequest('currentPassword', 'The current password is wrong.', 'wrong_password');
  const passwordHash = await hashPassword(newPassword);
  await db.user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 } } });
}
