// AlertState and the alert outbox rows on the data plane. An alert fires at most once per (subject, window,
// limit value, threshold): the AlertState insert is ON CONFLICT DO NOTHING, and only the transaction whose
// insert took effect writes the event and one delivery per subscribed endpoint (WebhookEvent,
// WebhookDelivery), in the same transaction as the spend that crossed the threshold.
// Console-side events (test sends) are written by lib/webhooks/outbox.ts.
import { randomBytes } from 'node:crypto';
import { all, run, ts, type Q } from './sql';

export function* claimAlert(a: { workspaceId: string; subject: string; windowStart: Date; limitNano: bigint; threshold: number; eventId: string; at: Date }): Q<boolean> {
  const id = 'al_' + randomBytes(12).toString('hex');
  const n = yield* run(
    `INSERT INTO "AlertState" ("id", "workspaceId", "subject", "windowStart", "limitNano", "threshold", "eventId", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT ("subject", "windowStart", "limitNano", "threshold") DO NOTHING`,
    [id, a.workspaceId, a.subject, ts(a.windowStart), a.limitNano, a.threshold, a.eventId, ts(a.at)],
  );
  return n === 1;
}

/** Enabled endpoints of a workspace with the event types they subscribe to (comma-separated). */
export function* enabledEndpoints(workspaceId: string): Q<{ id: string; events: string }[]> {
  const rows = yield* all(`SELECT "id", "events" FROM "WebhookEndpoint" WHERE "workspaceId" = ? AND "enabled" = ?`, [workspaceId, true]);
  return rows.map((r) => ({ id: r.id as string, events: r.events as string }));
}

export function* insertEvent(e: { id: string; workspaceId: string; type: string; subject: string | null; payload: string; createdAt: Date }, endpointIds: string[]): Q<void> {
  yield* run(`INSERT INTO "WebhookEvent" ("id", "workspaceId", "type", "subject", "payload", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`, [e.id, e.workspaceId, e.type, e.subject, e.payload, ts(e.createdAt)]);
  if (!endpointIds.length) return;
  const at = ts(e.createdAt);
  yield* run(
    `INSERT INTO "WebhookDelivery" ("id", "workspaceId", "eventId", "endpointId", "status", "attempts", "nextAttemptAt", "createdAt", "updatedAt") VALUES ${endpointIds.map(() => `(?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)`).join(', ')}`,
    endpointIds.flatMap((ep) => ['whd_' + randomBytes(12).toString('hex'), e.workspaceId, e.id, ep, at, at, at]),
  );
}
