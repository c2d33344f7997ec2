// Called after usage is committed (e.g. to invalidate analytics caches).
type Hook = (workspaceId: string) => void;
const hooks: Hook[] = [];
export const registerUsageHook = (h: Hook) => void hooks.push(h);
export function afterUsage(workspaceId: string) {
  for (const h of hooks) {
    try {
      h(workspaceId);
    } catch (e) {
      console.error('[usage-hook]', e);
    }
  }
}
