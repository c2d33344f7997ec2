// Retention of the webhook log. Deliveries that are finished (DELIVERED, FAILED, CANCELLED) and have
// not changed for WEBHOOK_RETENTION_DAYS (default 90; 0 keeps everything) are deleted with their
// attempts; an event older than that goes once no delivery references it. Never touched: PENDING
// deliveries (still to be sent or retried) and their events, the usage ledger, and AlertState (which
// keeps "at most once per window and limit value" true after the event itself is gone). Expired
// rotated-out secrets are cleared too. The worker loop runs this at most hourly (worker.ts).
import { db } from '../db';
import { webhookRetentionDays } from '../config';

export const DEFAULT_RETENTION_DAYS = 90;
export const RETENTION_EVERY_MS = 3600_000;
const DAY_MS = 86_400_000;
const FINISHED = ['DELIVERED', 'FAILED', 'CANCELLED'];

/** WEBHOOK_RETENTION_DAYS: days of webhook log to keep (default 90); 0 keeps everything. */
export function retentionDays(): number {
  return webhookRetentionDays(); // parsed by lib/config.ts (default DEFAULT_RETENTION_DAYS)
}

export interface RetentionOptions {
  now?: Date;
  /** Overrides WEBHOOK_RETENTION_DAYS. */
  days?: number;
  /** Rows per transaction. */
  batch?: number;
  /** At most this many batches per run of each kind (the next run continues). */
  maxBatches?: number;
  /** Only this workspace (tests; operational tooling). */
  workspaceId?: string;
}

export interface RetentionResult {
  deliveries: number;
  attempts: number;
  events: number;
  secretsCleared: number;
}

export async function pruneWebhookData(o: RetentionOptions = {}): Promise<RetentionResult> {
  const now = o.now ?? new Date();
  const batch = o.batch ?? 500;
  const maxBatches = o.maxBatches ?? 100;
  const ws = o.workspaceId ? { workspaceId: o.workspaceId } : {};
  const result: RetentionResult = { deliveries: 0, attempts: 0, events: 0, secretsCleared: 0 };

  const cleared = await db.webhookEndpoint.updateMany({
    where: { ...ws, previousSecretExpiresAt: { lte: now } },
    data: { previousSecret: null, previousSecretExpiresAt: null },
  });
  result.secretsCleared = cleared.count;

  const days = o.days ?? retentionDays();
  if (!(days > 0)) return result;
  const cutoff = new Date(now.getTime() - days * DAY_MS);

  for (let i = 0; i < maxBatches; i++) {
    const rows = await db.webhookDelivery.findMany({
      where: { ...ws, status: { in: FINISHED }, updatedAt: { lt: cutoff }, createdAt: { lt: cutoff } },
      select: { id: true },
      take: batch,
    });
    if (!rows.length) break;
    const ids = rows.map((r) => r.id);
    const [attempts, deliveries] = await db.$transaction([
      db.webhookAttempt.deleteMany({ where: { deliveryId: { in: ids } } }),
      // the status is checked again: a row that went back to PENDING meanwhile stays
      db.webhookDelivery.deleteMany({ where: { id: { in: ids }, status: { in: FINISHED } } }),
    ]);
    result.attempts += attempts.count;
    result.deliveries += deliveries.count;
    if (rows.length < batch) break;
  }

  for (let i = 0; i < maxBatches; i++) {
    const n = o.workspaceId
      ? await db.$executeRaw`DELETE FROM "WebhookEvent" WHERE "id" IN (
          SELECT e."id" FROM "WebhookEvent" e WHERE e."workspaceId" = ${o.workspaceId} AND e."createdAt" < ${cutoff}
            AND NOT EXISTS (SELECT 1 FROM "WebhookDelivery" d WHERE d."eventId" = e."id") LIMIT ${batch})`
      : await db.$executeRaw`DELETE FROM "WebhookEvent" WHERE "id" IN (
          SELECT e."id" FROM "WebhookEvent" e WHERE e."createdAt" < ${cutoff}
            AND NOT EXISTS (SELECT 1 FROM "WebhookDelivery" d WHERE d."eventId" = e."id") LIMIT ${batch})`;
    result.events += n;
    if (n < batch) break;
  }
  return result;
}
