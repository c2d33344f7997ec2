// Called after a key or the workspace changes (limit, expiry, revocation…), so caches in front of the
// gate see the change at once. The gate and the key lookup register their cache invalidation here.
// Next bundles a module once per route graph, so a server action and an /api/v1 route can hold two
// copies of a cache: the hook list lives on globalThis, so one change clears every copy in the process.
import { resolveAlerts } from '../metering/resolve';
import { tx } from '../store/tx';
import { log } from '../ops/log';

type Hook = (workspaceId: string) => void | Promise<void>;
const g = globalThis as typeof globalThis & { __keycapLimitHooks?: Hook[] };
const hooks: Hook[] = (g.__keycapLimitHooks ??= []);
export function registerLimitHook(h: Hook) {
  hooks.push(h);
}
export async function onLimitChanged(workspaceId: string) {
  for (const h of hooks) await h(workspaceId);
  // A raised or removed limit, a revoked key: the alerts it made moot are resolved now (their `…resolved`
  // event is in the outbox before the caller answers). The change itself stands even if this fails.
  try {
    await tx(() => resolveAlerts(workspaceId, new Date()));
  } catch (e) {
    log.warn({ err: e, workspaceId }, 'resolving alerts after a limit change failed (the sweep retries)');
  }
}
