// Bearer key -> key row, through the raw driver with a short in-process cache (KEY_CACHE_TTL_MS) so the
// hot path does not hit the database for every request. Changes made on this instance (revocation, expiry,
// limits) clear it at once (limit hooks); writes re-check the key inside their transaction anyway.
import { hotCacheTtlMs, ttlCache } from '../cache';
import { hashSecret } from '../keys/secret';
import { registerLimitHook } from '../services/limit-hooks';
import { keyByHash, touchLastUsed } from '../store/keys';
import { read, tx } from '../store/tx';
import type { AuthedKey } from '../store/rows';
import { unauthorized } from '../errors';
import { assertKeyUsable } from '../keys/errors';

export type { AuthedKey };

const g = globalThis as typeof globalThis & { __keycapKeyCache?: ReturnType<typeof mk> };
const mk = () => ttlCache<AuthedKey | null>({ max: 10_000, ttlMs: hotCacheTtlMs(), fetch: (hash) => read(keyByHash(hash)) });
function cache() {
  if (!g.__keycapKeyCache) {
    const c = (g.__keycapKeyCache = mk());
    registerLimitHook((workspaceId) => c.deleteWhere((k) => k?.workspaceId === workspaceId));
  }
  return g.__keycapKeyCache;
}

/** Looks the key up by hash. Returns null for unknown keys. */
export const findKeyBySecret = (secret: string): Promise<AuthedKey | null> => cache().get(hashSecret(secret));

/** Step 1 of the gate: unknown -> invalid_api_key, revoked -> api_key_revoked, expired -> api_key_expired. */
export async function authenticateKey(authorization: string | null | undefined, now = new Date()): Promise<AuthedKey> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) throw unauthorized('invalid_api_key', 'Missing API key. Send it as "Authorization: Bearer <key>".');
  const hash = hashSecret(m[1]);
  const key = await cache().get(hash);
  if (!key) throw unauthorized('invalid_api_key', 'Invalid API key. Check that you copied the whole key; keys are shown only once at creation.');
  // The previous secret of a rolled key works until its grace period ends.
  if (key.hash !== hash && !(key.previousHashExpiresAt && key.previousHashExpiresAt > now))
    throw unauthorized('api_key_rolled', `This secret of API key "${key.name}" was replaced (rolled) and its grace period has ended. Use the key's new secret (…${key.last6}).`);
  assertKeyUsable(key, now);
  touchLastUsed1(key.id, now);
  return key;
}

// lastUsedAt is written at most once a minute per key per process, off the request path.
const lastTouched = new Map<string, number>();
function touchLastUsed1(id: string, now: Date) {
  const prev = lastTouched.get(id) ?? 0;
  if (now.getTime() - prev < 60_000) return;
  lastTouched.set(id, now.getTime());
  if (lastTouched.size > 100_000) lastTouched.clear();
  setImmediate(() => tx(() => touchLastUsed(id, now)).catch(() => lastTouched.delete(id)));
}

export function clearKeyCache() {
  cache().clear();
  lastTouched.clear();
}
