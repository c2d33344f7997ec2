// The one in-process cache helper (lru-cache): bounded, entries live `ttlMs`, and concurrent misses of one
// key share a single fetch. TTL 0 disables caching (every get fetches), as the integration tests run.
import { LRUCache } from 'lru-cache';

export interface TtlCache<V> {
  get(key: string): Promise<V>;
  delete(key: string): void;
  /** Drops every entry whose key starts with `prefix` (e.g. one workspace's prices). */
  deletePrefix(prefix: string): void;
  /** Drops every entry whose value matches. */
  deleteWhere(match: (v: V) => boolean): void;
  clear(): void;
}

/** `null` values are cached too (wrapped), so an unknown key or model does not hit the database each time. */
export function ttlCache<V>(opts: { max: number; ttlMs: number; fetch: (key: string) => Promise<V> }): TtlCache<V> {
  if (!(opts.ttlMs > 0)) {
    return { get: opts.fetch, delete: () => {}, deletePrefix: () => {}, deleteWhere: () => {}, clear: () => {} };
  }
  const lru = new LRUCache<string, { v: V }>({
    max: opts.max,
    ttl: opts.ttlMs,
    fetchMethod: async (key) => ({ v: await opts.fetch(key) }),
  });
  return {
    async get(key) {
      const hit = lru.get(key);
      if (hit) return hit.v;
      return (await lru.fetch(key))!.v;
    },
    delete: (key) => void lru.delete(key),
    deletePrefix(prefix) {
      for (const k of lru.keys()) if (k.startsWith(prefix)) lru.delete(k);
    },
    deleteWhere(match) {
      for (const [k, e] of lru.entries()) if (match(e.v)) lru.delete(k);
    },
    clear: () => lru.clear(),
  };
}

/** KEY_CACHE_TTL_MS (default 2000): how long the hot path trusts a key, price or workspace row. */
export const hotCacheTtlMs = () => {
  const v = Number(process.env.KEY_CACHE_TTL_MS ?? 2000);
  return Number.isFinite(v) && v >= 0 ? v : 2000;
};
