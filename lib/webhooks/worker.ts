// The outbox worker: finds due deliveries, claims each with an atomic conditional UPDATE (so several
// workers — in-process or `npm run worker` — never send the same attempt twice), POSTs it signed,
// logs the attempt, and schedules the retry or gives up. Tests drive it with drainOnce({ now }).
// The loop (startWorker) also runs the alert sweep (lib/alerts/sweep.ts) and the webhook log retention at
// most hourly (retention.ts).
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { db } from '../db';
import { DISABLE_AFTER_MS, LEASE_MS, retryDelayMs } from './backoff';
import { postWebhook, type PostOptions } from './http';
import { signedHeaders, signingSecrets } from './signing';
import { pruneWebhookData, RETENTION_EVERY_MS, type RetentionResult } from './retention';
import { alertSweepIntervalMs, webhookWorkerIntervalMs } from '../config';
import { sweepAlerts, type SweepResult } from '../alerts/sweep';
import { log as logger } from '../ops/log';
import { webhookAttempt } from '../ops/metrics';

export interface DrainOptions extends PostOptions {
  /** The time used to pick due deliveries and schedule retries (tests move it forward). Defaults to the clock. */
  now?: Date;
  workerId?: string;
  /** At most this many deliveries per drain. */
  batch?: number;
  /** Deliveries sent in parallel. */
  concurrency?: number;
  random?: () => number;
  /** Only this workspace's deliveries (tests; operational tooling). */
  workspaceId?: string;
}

export interface DrainResult {
  claimed: number;
  delivered: number;
  failed: number;
}

export const newWorkerId = (label = 'worker') => `${label}-${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;

/** Claims one delivery for `workerId`; true when this worker got it. Works on SQLite and PostgreSQL. */
export async function claimDelivery(id: string, workerId: string, now: Date): Promise<boolean> {
  const until = new Date(now.getTime() + LEASE_MS);
  const n = await db.$executeRaw`UPDATE "WebhookDelivery" SET "lockedBy" = ${workerId}, "lockedUntil" = ${until}
    WHERE "id" = ${id} AND "status" = 'PENDING' AND "nextAttemptAt" <= ${now} AND ("lockedUntil" IS NULL OR "lockedUntil" < ${now})`;
  return n === 1;
}

type Outcome = 'delivered' | 'failed' | 'skipped';

/** Sends one claimed delivery and records the attempt. The caller must hold the lease. */
export async function attemptDelivery(id: string, workerId: string, opts: DrainOptions = {}): Promise<Outcome> {
  const clock = () => opts.now ?? new Date();
  const d = await db.webhookDelivery.findUnique({ where: { id } });
  if (!d || d.lockedBy !== workerId || d.status !== 'PENDING') return 'skipped';
  const [event, endpoint] = await Promise.all([
    db.webhookEvent.findUnique({ where: { id: d.eventId } }),
    db.webhookEndpoint.findFirst({ where: { id: d.endpointId, workspaceId: d.workspaceId } }),
  ]);
  const isTest = event?.type === 'webhook.test';
  if (!event || !endpoint || (!endpoint.enabled && !isTest)) {
    await db.webhookDelivery.updateMany({ where: { id, lockedBy: workerId }, data: { status: 'CANCELLED', lockedBy: null, lockedUntil: null } });
    return 'skipped';
  }

  const startedAt = clock();
  // The signature timestamp is the real clock: receivers check it against theirs.
  // During a rotation overlap the previous secret signs too (its expiry is judged on the drain clock).
  const headers = signedHeaders(signingSecrets(endpoint, startedAt), event.id, event.payload, new Date());
  const r = await postWebhook(endpoint.url, headers, event.payload, opts);
  webhookAttempt(r.ok);
  const attempt = d.attempts + 1;
  const now = clock();
  const delay = r.ok ? null : retryDelayMs(attempt, opts.random);
  const status = r.ok ? 'DELIVERED' : delay === null ? 'FAILED' : 'PENDING';

  await db.$transaction(async (tx) => {
    await tx.webhookAttempt.create({
      data: {
        deliveryId: id,
        attempt,
        startedAt,
        durationMs: r.durationMs,
        statusCode: r.statusCode,
        error: r.error?.slice(0, 1000) ?? null,
        responseExcerpt: r.responseExcerpt,
      },
    });
    // Endpoint health (a test send says nothing about it): a success ends a failure streak; a streak
    // of 5 days disables the endpoint and cancels what is still queued for it.
    let disabled = false;
    const cur = await tx.webhookEndpoint.findUnique({ where: { id: endpoint.id } });
    if (cur && !isTest) {
      disabled = !cur.enabled;
      if (r.ok) {
        if (cur.failingSince) await tx.webhookEndpoint.update({ where: { id: cur.id }, data: { failingSince: null } });
      } else if (!cur.failingSince) {
        await tx.webhookEndpoint.update({ where: { id: cur.id }, data: { failingSince: now } });
      } else if (cur.enabled && now.getTime() - cur.failingSince.getTime() >= DISABLE_AFTER_MS) {
        const reason = `Disabled automatically on ${now.toISOString()}: every delivery failed since ${cur.failingSince.toISOString()} (5 days). Last error: ${r.error ?? 'unknown'}`;
        await tx.webhookEndpoint.update({ where: { id: cur.id }, data: { enabled: false, disabledAt: now, disabledReason: reason.slice(0, 500) } });
        await tx.webhookDelivery.updateMany({ where: { endpointId: cur.id, status: 'PENDING', lockedBy: null }, data: { status: 'CANCELLED' } });
        disabled = true;
      }
    }
    await tx.webhookDelivery.updateMany({
      where: { id, lockedBy: workerId },
      data: {
        attempts: attempt,
        status: status === 'PENDING' && (disabled || !cur) ? 'CANCELLED' : status,
        lastStatus: r.statusCode,
        nextAttemptAt: delay === null ? now : new Date(now.getTime() + delay),
        lockedBy: null,
        lockedUntil: null,
      },
    });
  });
  return r.ok ? 'delivered' : 'failed';
}

/** One pass over the outbox: claim and send every due delivery (up to `batch`). */
export async function drainOnce(opts: DrainOptions = {}): Promise<DrainResult> {
  const now = opts.now ?? new Date();
  const workerId = opts.workerId ?? newWorkerId();
  const due = await db.webhookDelivery.findMany({
    where: { status: 'PENDING', nextAttemptAt: { lte: now }, ...(opts.workspaceId ? { workspaceId: opts.workspaceId } : {}), OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    orderBy: { nextAttemptAt: 'asc' },
    take: opts.batch ?? 50,
    select: { id: true },
  });
  const result: DrainResult = { claimed: 0, delivered: 0, failed: 0 };
  const queue = due.map((d) => d.id);
  const lane = async () => {
    for (let id = queue.shift(); id; id = queue.shift()) {
      if (!(await claimDelivery(id, workerId, opts.now ?? new Date()))) continue;
      result.claimed++;
      const o = await attemptDelivery(id, workerId, opts);
      if (o === 'delivered') result.delivered++;
      else if (o === 'failed') result.failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, lane));
  return result;
}

/** Claims (or finds already leased to `workerId`) and sends one delivery now; used by "send test event" and re-send. */
export async function deliverNow(id: string, workerId: string, opts: DrainOptions = {}): Promise<Outcome> {
  const d = await db.webhookDelivery.findUnique({ where: { id }, select: { lockedBy: true } });
  if (d?.lockedBy !== workerId && !(await claimDelivery(id, workerId, opts.now ?? new Date()))) return 'skipped';
  return attemptDelivery(id, workerId, opts);
}

export interface WorkerHandle {
  id: string;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  intervalMs?: number;
  batch?: number;
  label?: string;
  log?: (m: string) => void;
  /** Only this workspace's deliveries (tests; operational tooling). */
  workspaceId?: string;
  /** The retention pass, run when the worker starts and then at most once per RETENTION_EVERY_MS (tests inject one). */
  retention?: () => Promise<RetentionResult>;
  /** Milliseconds clock for the retention and sweep schedules (tests). */
  clock?: () => number;
  /** The alert sweep (lib/alerts/sweep.ts), run at most once per ALERT_SWEEP_INTERVAL_MS (tests inject one). */
  sweep?: () => Promise<SweepResult>;
  sweepIntervalMs?: number;
}

/**
 * Runs drainOnce in a loop until stopped: again at once while there is a full batch, else every
 * `intervalMs`; between drains, the webhook log retention (retention.ts) at most hourly.
 */
export function startWorker(o: WorkerOptions = {}): WorkerHandle {
  const id = newWorkerId(o.label);
  const interval = o.intervalMs ?? webhookWorkerIntervalMs();
  const batch = o.batch ?? 50;
  // o.log (tests) gets every line; by default progress is info and failures are warnings.
  const log = o.log ?? ((m: string) => logger.info({ component: 'webhooks' }, m));
  const warn = o.log ?? ((m: string) => logger.warn({ component: 'webhooks' }, m));
  const retention = o.retention ?? (() => pruneWebhookData());
  const clock = o.clock ?? Date.now;
  // a worker scoped to one workspace (tests, tooling) sweeps only that one
  const sweep = o.sweep ?? (() => sweepAlerts(new Date(), o.workspaceId ? { workspaceId: o.workspaceId } : {}));
  const sweepEvery = o.sweepIntervalMs ?? alertSweepIntervalMs();
  let lastSweep: number | null = null;
  let lastRetention: number | null = null;
  let stopped = false;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopped) {
      let full = false;
      try {
        const r = await drainOnce({ workerId: id, batch, workspaceId: o.workspaceId });
        if (r.claimed) log(`${id}: ${r.claimed} claimed, ${r.delivered} delivered, ${r.failed} failed`);
        full = r.claimed >= batch;
      } catch (e) {
        warn(`${id}: drain failed: ${(e as Error).message}`);
      }
      if (!stopped && (lastSweep === null || clock() - lastSweep >= sweepEvery)) {
        lastSweep = clock();
        try {
          const r = await sweep();
          if (r.resolved || r.forecasts) log(`${id}: alert sweep resolved ${r.resolved}, sent ${r.forecasts} forecasts`);
          full ||= r.resolved + r.forecasts > 0; // deliver what the sweep just queued without waiting
        } catch (e) {
          warn(`${id}: alert sweep failed: ${(e as Error).message}`);
        }
      }
      if (!stopped && (lastRetention === null || clock() - lastRetention >= RETENTION_EVERY_MS)) {
        lastRetention = clock(); // also after a failure: retried in an hour, not on every pass
        try {
          const p = await retention();
          if (p.deliveries || p.events || p.secretsCleared)
            log(`${id}: retention pruned ${p.deliveries} deliveries, ${p.attempts} attempts, ${p.events} events; cleared ${p.secretsCleared} expired secrets`);
        } catch (e) {
          warn(`${id}: retention failed: ${(e as Error).message}`);
        }
      }
      if (!full && !stopped)
        await new Promise<void>((res) => {
          const t = setTimeout(res, interval);
          wake = () => {
            clearTimeout(t);
            res();
          };
        });
    }
  })();
  return {
    id,
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
