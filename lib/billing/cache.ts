// A small in-process cache for analytics, keyed by workspace + a usage version, on the lru-cache helper
// (lib/cache.ts: bounded, TTL, concurrent misses share one computation). bumpUsageVersion(workspaceId) runs
// after each committed usage event (registered as a usage hook, see lib/metering/usage-hooks.ts), so this
// process never serves stale figures: later reads use the new version's key, and the workspace's entries are
// dropped. The TTL (ANALYTICS_CACHE_TTL_MS, 30 s) bounds staleness for usage recorded by another process (CLI
// import, a second server). Versions and entries live on globalThis so every route bundle of the Next server
// shares them.
import { ttlCache, type TtlCache } from '../cache';
import { analyticsCacheTtlMs } from '../config';
import { registerUsageHook } from '../metering/usage-hooks';

const MAX_ENTRIES = 500;

type Compute = () => Promise<unknown>;
const g = globalThis as unknown as { __keycapUsageVersions?: Map<string, number>; __keycapAnalyticsLru?: TtlCache<unknown, Compute> };
const versions = (g.__keycapUsageVersions ??= new Map<string, number>());
const entries = (g.__keycapAnalyticsLru ??= ttlCache<unknown, Compute>({
  max: MAX_ENTRIES,
  ttlMs: analyticsCacheTtlMs(),
  fetch: (_key, compute) => compute!(),
}));

/** Call after usage of `workspaceId` was recorded (or rollups rebuilt): cached analytics are dropped. */
export function bumpUsageVersion(workspaceId: string) {
  versions.set(workspaceId, (versions.get(workspaceId) ?? 0) + 1);
  entries.deletePrefix(`${workspaceId}|`);
}

registerUsageHook(bumpUsageVersion);

export const usageVersion = (workspaceId: string) => versions.get(workspaceId) ?? 0;

/**
 * Returns the cached value for (workspace, key) or computes and stores it. TTL 0 disables the cache. A value
 * computed while usage was recorded is stored under the version it started from, which no later read asks for.
 */
export function cachedForWorkspace<T>(workspaceId: string, key: string, compute: () => Promise<T>): Promise<T> {
  return entries.get(`${workspaceId}|${usageVersion(workspaceId)}|${key}`, compute) as Promise<T>;
}
