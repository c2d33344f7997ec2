// A small in-process cache for analytics, keyed by workspace + a usage version. bumpUsageVersion(workspaceId)
// runs after each committed usage event (registered as a usage hook, see lib/metering/usage-hooks.ts), so
// this process never serves stale figures; the short TTL bounds staleness for usage recorded by another
// process (CLI import, a second server). Versions and entries live on globalThis so every route bundle
// of the Next server shares them.
import { registerUsageHook } from '../metering/usage-hooks';

const TTL_MS = Number(process.env.ANALYTICS_CACHE_TTL_MS ?? 30_000);
const MAX_ENTRIES = 500;

const g = globalThis as unknown as { __keycapUsageVersions?: Map<string, number>; __keycapAnalyticsCache?: Map<string, { at: number; value: unknown }> };
const versions = (g.__keycapUsageVersions ??= new Map<string, number>());
const entries = (g.__keycapAnalyticsCache ??= new Map<string, { at: number; value: unknown }>());

/** Call after usage of `workspaceId` was recorded (or rollups rebuilt): cached analytics are dropped. */
export function bumpUsageVersion(workspaceId: string) {
  versions.set(workspaceId, (versions.get(workspaceId) ?? 0) + 1);
  for (const k of entries.keys()) if (k.startsWith(`${workspaceId}|`)) entries.delete(k);
}

registerUsageHook(bumpUsageVersion);

export const usageVersion = (workspaceId: string) => versions.get(workspaceId) ?? 0;

/** Returns the cached value for (workspace, key) or computes and stores it. TTL 0 disables the cache. */
export async function cachedForWorkspace<T>(workspaceId: string, key: string, compute: () => Promise<T>): Promise<T> {
  if (TTL_MS <= 0) return compute();
  const version = usageVersion(workspaceId);
  const k = `${workspaceId}|${version}|${key}`;
  const hit = entries.get(k);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value as T;
  const value = await compute();
  // Only store if no usage was recorded while computing (otherwise the value may already be stale).
  if (usageVersion(workspaceId) === version) {
    entries.set(k, { at: Date.now(), value });
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  }
  return value;
}
