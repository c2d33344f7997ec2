// The 401s of a key that is no longer usable, worded once: the route wrapper (cached key), admission and
// settlement (the key re-read inside their transaction) all answer with these.
import { unauthorized } from '../errors';

export const keyRevoked = (k: { name: string; last6: string }, at: Date) =>
  unauthorized('api_key_revoked', `API key "${k.name}" (…${k.last6}) was revoked on ${at.toISOString()}. Create a new key under Keys.`);
export const keyExpired = (k: { name: string; last6: string }, at: Date) =>
  unauthorized('api_key_expired', `API key "${k.name}" (…${k.last6}) expired at ${at.toISOString()}. Extend its expiry under Keys, or create a new key.`);

/** Throws the 401 for a revoked or expired key (at `now`). */
export function assertKeyUsable(k: { name: string; last6: string; revokedAt: Date | null; expiresAt: Date | null }, now: Date) {
  if (k.revokedAt) throw keyRevoked(k, k.revokedAt);
  if (k.expiresAt && k.expiresAt <= now) throw keyExpired(k, k.expiresAt);
}
