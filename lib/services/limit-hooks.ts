// Called after a key or the workspace changes a limit or is revoked, so caches in front of the gate
// see the change at once. The gate registers its cache invalidation here.
type Hook = (workspaceId: string) => void | Promise<void>;
const hooks: Hook[] = [];
export function registerLimitHook(h: Hook) {
  hooks.push(h);
}
export async function onLimitChanged(workspaceId: string) {
  for (const h of hooks) await h(workspaceId);
}
