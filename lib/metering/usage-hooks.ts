// Called after usage is committed (e.g. to invalidate analytics caches). The hook list lives on globalThis:
// Next bundles a module once per route graph, and usage recorded by the gateway's route must reach the
// analytics cache registered by the dashboard's.
import { log } from '../ops/log';
type Hook = (workspaceId: string) => void;
const g = globalThis as typeof globalThis & { __keycapUsageHooks?: Hook[] };
const hooks: Hook[] = (g.__keycapUsageHooks ??= []);
export const registerUsageHook = (h: Hook) => void (hooks.includes(h) || hooks.push(h));
export function afterUsage(workspaceId: string) {
  for (const h of hooks) {
    try {
      h(workspaceId);
    } catch (e) {
      log.error({ err: e, workspaceId }, 'usage hook failed');
    }
  }
}
