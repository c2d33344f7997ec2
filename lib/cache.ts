// The one in-process cache helper (lru-cache): bounded, entries live `ttlMs`, and concurrent misses of one
// key share a single fetch. TTL 0 disables caching (every get fetches), as the integration tests run.
import { LRUCache } from 'lru-cache';

export interface TtlCache<V, C = undefined> {
  /** The cached value, or `fetch(key, context)`'s (concurrent misses of one key share one fetch). */
  get(key: string, context?: C): Promise<V>;
  delete(key: string): void;
  /** Drops every entry whose key starts with `prefix` (e.g. one workspace's prices). */
  deletePrefix(prefix: string): void;
  /** Drops every entry whose value matches. */
  deleteWhere(match: (v: V) => boolean): void;
  clear(): void;
}

class FetchFailed extends Error {
  constructor(readonly cause: unknown) {
    super('fetch failed');
  }
}

/** `null` values are cached too (wrapped), so an unknown key or model does not hit the database each time. */
export function ttlCache<V, C = undefined>(opts: { max: number; ttlMs: number; fetch: (key: string, context?: C) => Promise<V> }): TtlCache<V, C> {
  if (!(opts.ttlMs > 0)) {
    return { get: (key, context) => opts.fetch(key, context), delete: () => {}, deletePrefix: () => {}, deleteWhere: () => {}, clear: () => {} };
  }
  const lru = new LRUCache<string, { v: V }, unknown>({
    max: opts.max,
    ttl: opts.ttlMs,
    fetchMethod: async (key, _stale, { context }) => {
      try {
        return { v: await opts.fetch(key, context as C | undefined) };
      } catch (e) {
        throw new FetchFailed(e);
      }
    },
  });
  return {
    async get(key, context) {
      const hit = lru.get(key);
      if (hit) return hit.v;
      try {
        return (await lru.fetch(key, { context }))!.v;
      } catch (e) {
        if (e instanceof FetchFailed) throw e.cause;
        // The entry was deleted (or evicted) while its fetch was in flight (an invalidation): lru-cache rejects
        // that fetch. Answer with a fresh read instead, uncached, so the caller never sees the invalidation.
        return opts.fetch(key, context);
      }
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

/** KEY_CACHE_TTL_MS (default 2000): how long the hot path trusts a key, price or workspace row (lib/config.ts). */
export { hotCacheTtlMs } from './config';
