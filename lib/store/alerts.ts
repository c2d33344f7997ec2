// AlertState and the alert outbox rows on the data plane. An alert fires at most once per (subject, window,
// limit value, threshold) and is resolved at most once (claimResolution): the AlertState insert is ON CONFLICT DO NOTHING, and only the transaction whose
// insert took effect writes the event and one delivery per subscribed endpoint (WebhookEvent,
// WebhookDelivery), in the same transaction as the spend that crossed the threshold.
// Console-side events (test sends) are written by lib/webhooks/outbox.ts.
import { randomBytes } from 'node:crypto';
import { all, big, run, ts, type Q } from './sql';

/**
 * Claims an alert: true only for the one transaction whose AlertState insert (or reopening) took effect.
 * A spend alert (threshold > 0) is not claimed again while one of the same subject, window and threshold is
 * still open under another limit value (a limit changed without the spend falling below the threshold).
 * One that was resolved by a `…resolved` event is reopened — the limit went back down in the same window, so
 * receivers that closed it hear it again; one closed silently by the upgrade (resolvedEventId NULL) is not.
 */
export function* claimAlert(a: { workspaceId: string; subject: string; windowStart: Date; limitNano: bigint; threshold: number; eventId: string; at: Date }): Q<boolean> {
  const id = 'al_' + randomBytes(12).toString('hex');
  const n = yield* run(
    `INSERT INTO "AlertState" ("id", "workspaceId", "subject", "windowStart", "limitNano", "threshold", "eventId", "createdAt")
     SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE ? = 0 OR NOT EXISTS (
       SELECT 1 FROM "AlertState" WHERE "subject" = ? AND "windowStart" = ? AND "threshold" = ? AND "resolvedAt" IS NULL)
     ON CONFLICT ("subject", "windowStart", "limitNano", "threshold") DO UPDATE
       SET "eventId" = excluded."eventId", "createdAt" = excluded."createdAt", "resolvedAt" = NULL, "resolvedEventId" = NULL
       WHERE "AlertState"."resolvedAt" IS NOT NULL AND "AlertState"."resolvedEventId" IS NOT NULL`,
    [id, a.workspaceId, a.subject, ts(a.windowStart), a.limitNano, a.threshold, a.eventId, ts(a.at), a.threshold, a.subject, ts(a.windowStart), a.threshold],
  );
  return n === 1;
}

export interface OpenAlert {
  id: string;
  subject: string;
  windowStart: Date;
  limitNano: bigint;
  threshold: number;
  eventId: string;
}

/** Spend alerts (80 / 100) of a workspace that fired and were not resolved yet, oldest first. */
export function* openAlerts(workspaceId: string): Q<OpenAlert[]> {
  const rows = yield* all(
    `SELECT "id", "subject", "windowStart", "limitNano", "threshold", "eventId" FROM "AlertState"
     WHERE "workspaceId" = ? AND "resolvedAt" IS NULL AND "threshold" > 0 ORDER BY "createdAt", "threshold"`,
    [workspaceId],
  );
  return rows.map((r) => ({ id: r.id as string, subject: r.subject as string, windowStart: new Date(r.windowStart as string), limitNano: big(r.limitNano), threshold: Number(r.threshold), eventId: r.eventId as string }));
}

/** Workspaces with open spend alerts (the resolve sweep visits only these). */
export function* workspacesWithOpenAlerts(): Q<string[]> {
  const rows = yield* all(`SELECT DISTINCT "workspaceId" FROM "AlertState" WHERE "resolvedAt" IS NULL AND "threshold" > 0`, []);
  return rows.map((r) => r.workspaceId as string);
}

/** Marks an open alert resolved; true only for the one transaction whose update took effect. */
export function* claimResolution(id: string, eventId: string, at: Date): Q<boolean> {
  return (yield* run(`UPDATE "AlertState" SET "resolvedAt" = ?, "resolvedEventId" = ? WHERE "id" = ? AND "resolvedAt" IS NULL`, [ts(at), eventId, id])) === 1;
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
