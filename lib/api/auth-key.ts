// Bearer key -> ApiKey row, with a short in-process cache so the hot path does not hit the database
// for every request. Revocation, expiry and limit changes invalidate the cache (limit-hooks).
import { db } from '../db';
import { hashSecret } from '../keys/secret';
import type { ApiKey } from '../generated/prisma/client';
import { registerLimitHook } from '../services/limit-hooks';
import { unauthorized } from '../errors';

const TTL_MS = Number(process.env.KEY_CACHE_TTL_MS ?? 2000);
const cache = new Map<string, { key: ApiKey & { workspaceSlug: string }; at: number }>();
registerLimitHook((workspaceId) => {
  for (const [h, v] of cache) if (v.key.workspaceId === workspaceId) cache.delete(h);
});

export type AuthedKey = ApiKey & { workspaceSlug: string };

/** Looks the key up by hash. Returns null for unknown keys. */
export async function findKeyBySecret(secret: string): Promise<AuthedKey | null> {
  const hash = hashSecret(secret);
  const hit = cache.get(hash);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.key;
  const row = await db.apiKey.findUnique({ where: { hash }, include: { workspace: { select: { slug: true } } } });
  if (!row) return null;
  const { workspace, ...k } = row;
  const key = { ...k, workspaceSlug: workspace.slug };
  cache.set(hash, { key, at: Date.now() });
  if (cache.size > 10_000) cache.delete(cache.keys().next().value as string);
  return key;
}

/** Step 1 of the gate: unknown -> invalid_api_key, revoked -> api_key_revoked, expired -> api_key_expired. */
export async function authenticateKey(authorization: string | null, now = new Date()): Promise<AuthedKey> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) throw unauthorized('invalid_api_key', 'Missing API key. Send it as "Authorization: Bearer <key>".');
  const key = await findKeyBySecret(m[1]);
  if (!key) throw unauthorized('invalid_api_key', 'Invalid API key. Check that you copied the whole key; keys are shown only once at creation.');
  if (key.revokedAt) throw unauthorized('api_key_revoked', `API key "${key.name}" (…${key.last6}) was revoked on ${key.revokedAt.toISOString()}. Create a new key under Keys.`);
  if (key.expiresAt && key.expiresAt <= now)
    throw unauthorized('api_key_expired', `API key "${key.name}" (…${key.last6}) expired at ${key.expiresAt.toISOString()}. Extend its expiry under Keys, or create a new key.`);
  touchLastUsed(key.id, now);
  return key;
}

// lastUsedAt is written at most once a minute per key per process, off the request path.
const lastTouched = new Map<string, number>();
function touchLastUsed(id: string, now: Date) {
  const prev = lastTouched.get(id) ?? 0;
  if (now.getTime() - prev < 60_000) return;
  lastTouched.set(id, now.getTime());
  db.apiKey.update({ where: { id }, data: { lastUsedAt: now } }).catch(() => lastTouched.delete(id));
}

export function clearKeyCache() {
  cache.clear();
  lastTouched.clear();
}
