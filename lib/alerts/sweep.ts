// The alert sweep, run by the webhook worker loop every ALERT_SWEEP_INTERVAL_MS: resolves the open alerts a
// window reset (or a key's expiry) made moot — nothing else would notice, since no request comes to say so —
// and sends burn-rate forecasts that became due. Safe on several instances at once: each resolution and each
// forecast is claimed by one conditional write (lib/store/alerts.ts).
import { resolveAlerts } from '../metering/resolve';
import { sendDueForecasts, workspacesWithRecentSpend } from './forecast';
import { openAlerts, workspacesWithOpenAlerts } from '../store/alerts';
import { log } from '../ops/log';
import { read, tx } from '../store/tx';

async function each(workspaceId: string, what: string, f: () => Promise<void>) {
  try {
    await f();
  } catch (e) {
    log.warn({ err: e, workspaceId, component: 'alerts' }, `alert sweep: ${what} failed`);
  }
}

export interface SweepResult {
  resolved: number;
  forecasts: number;
}

/** Forecasts are recomputed at most this often (two ledger sums per workspace with recent spend). */
export const FORECAST_EVERY_MS = 5 * 60_000;
let lastForecasts: number | null = null;

/**
 * One sweep at `now`: resolutions every time; forecasts when `forecasts` is true, or by default at most every
 * FORECAST_EVERY_MS. `workspaceId` limits both to one workspace (tests, tooling).
 */
export async function sweepAlerts(now = new Date(), opts: { workspaceId?: string; forecasts?: boolean } = {}): Promise<SweepResult> {
  const result: SweepResult = { resolved: 0, forecasts: 0 };
  const open = opts.workspaceId ? [opts.workspaceId] : await read(workspacesWithOpenAlerts());
  // one workspace failing (logged) does not stop the others; a write transaction only where alerts are open
  for (const ws of open)
    await each(ws, 'resolving alerts', async () => {
      if ((await read(openAlerts(ws))).length) result.resolved += await tx(() => resolveAlerts(ws, now));
    });
  const forecasts = opts.forecasts ?? (lastForecasts === null || Date.now() - lastForecasts >= FORECAST_EVERY_MS);
  if (forecasts) {
    if (opts.forecasts === undefined) lastForecasts = Date.now();
    const spending = opts.workspaceId ? [opts.workspaceId] : await workspacesWithRecentSpend(now);
    for (const ws of spending)
      await each(ws, 'sending forecasts', async () => {
        result.forecasts += await sendDueForecasts(ws, now);
      });
  }
  return result;
}
