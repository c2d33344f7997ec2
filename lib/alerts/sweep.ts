// The alert sweep, run by the webhook worker loop every ALERT_SWEEP_INTERVAL_MS: resolves the open alerts a
// window reset (or a key's expiry) made moot — nothing else would notice, since no request comes to say so —
// and sends burn-rate forecasts that became due. Safe on several instances at once: each resolution and each
// forecast is claimed by one conditional write (lib/store/alerts.ts).
import { resolveAlerts } from '../metering/resolve';
import { workspacesWithOpenAlerts } from '../store/alerts';
import { read, tx } from '../store/tx';

export interface SweepResult {
  resolved: number;
  forecasts: number;
}

export async function sweepAlerts(now = new Date(), opts: { workspaceId?: string } = {}): Promise<SweepResult> {
  const result: SweepResult = { resolved: 0, forecasts: 0 };
  const workspaces = opts.workspaceId ? [opts.workspaceId] : await read(workspacesWithOpenAlerts());
  for (const ws of workspaces) result.resolved += await tx(() => resolveAlerts(ws, now));
  return result;
}
