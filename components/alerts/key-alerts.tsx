// Alerts sent for one key (key detail page). Filled in by the alerts work.
export async function KeyAlerts({ workspaceId: _w, keyId: _k }: { workspaceId: string; keyId: string }) {
  return null;
}
